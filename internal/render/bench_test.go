package render

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// bigClientInfo is a client/info body with n accounts over 10 banks.
func bigClientInfo(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"clientInfo":{"name":"ООО «Северный ветер»","inn":"7704521838","kpp":"770401001","ogrn":"1157746123456"},"banks":[`)
	perBank := n / 10
	for bank := 0; bank < 10; bank++ {
		if bank > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"bic":"04452%04d","name":"АО «Банк №%d»","accounts":[`, bank, bank)
		for i := 0; i < perBank; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"accountNumber":"407028109%011d","currency":"RUB","status":"OPEN","remainder":"%d.%02d","openDate":"2021-03-15"}`, bank*perBank+i, i*137, i%100)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

var clientInfoLabels = Labels{First: []string{"clientInfo", "banks"}, Columns: map[string]string{"outer.name": "BANK", "accountnumber": "ACCOUNT", "remainder": "BALANCE"}}

func benchDocument(b *testing.B, n int, tty bool) {
	body := bigClientInfo(n)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		node, err := Parse(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := Document(io.Discard, node, tty, clientInfoLabels); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTable10kAccounts(b *testing.B) { benchDocument(b, 10000, true) }
func BenchmarkTSV10kAccounts(b *testing.B)   { benchDocument(b, 10000, false) }
func BenchmarkTable1kAccounts(b *testing.B)  { benchDocument(b, 1000, true) }
func BenchmarkJSONPretty10kAccounts(b *testing.B) {
	body := bigClientInfo(10000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, body, true); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkJSONRaw10kAccounts(b *testing.B) {
	body := bigClientInfo(10000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, body, false); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkYAML10kAccounts(b *testing.B) {
	body := bigClientInfo(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := YAML(io.Discard, body, false); err != nil {
			b.Fatal(err)
		}
	}
}
