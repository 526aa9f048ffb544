package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseKeepsOrderAndNumbers(t *testing.T) {
	n, err := Parse([]byte(`{"z":1,"a":12345678901234567890.10,"m":[true,null,"s"]}`))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	n.Members(func(k string, _ *Node) bool { keys = append(keys, k); return true })
	if strings.Join(keys, ",") != "z,a,m" || n.Get("a").Text() != "12345678901234567890.10" || n.At("m").Len() != 3 {
		t.Fatalf("keys %v, a %q", keys, n.Get("a").Text())
	}
	// A key sent twice reads as jq and encoding/json read it: the last value.
	if d, _ := Parse([]byte(`{"amount":"1.00","amount":"1000000.00"}`)); d.Get("amount").Text() != "1000000.00" {
		t.Fatalf("duplicate key: %q", d.Get("amount").Text())
	}
	for _, bad := range []string{`{"a":`, `{} {}`, ``, `[1,]`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestDocumentNestedArrays(t *testing.T) {
	n, _ := Parse([]byte(`{"org":{"name":"ООО «Тест»"},"banks":[{"bic":"1","accounts":[{"n":"a1"},{"n":"a2","extra":"x"}]},{"bic":"2","accounts":[]}]}`))
	var buf bytes.Buffer
	if err := Document(&buf, n, false, Labels{}); err != nil {
		t.Fatal(err)
	}
	want := "org.name\tООО «Тест»\n\n1\ta1\t\n1\ta2\tx\n2\t\t\n"
	if buf.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestYAMLAndJQ(t *testing.T) {
	body := []byte(`{"b":"7704521838","a":[1,2.50],"big":123456789012345678901234567890}`)
	var y bytes.Buffer
	if err := YAML(&y, body, false); err != nil {
		t.Fatal(err)
	}
	if y.String() != "b: \"7704521838\"\na:\n  - 1\n  - 2.50\nbig: 123456789012345678901234567890\n" {
		t.Fatalf("yaml:\n%s", y.String())
	}
	code, err := CompileJQ(".big, .b, .a")
	if err != nil {
		t.Fatal(err)
	}
	var j bytes.Buffer
	if err := JQ(&j, code, body, false); err != nil {
		t.Fatal(err)
	}
	// A number jq passes through keeps the bank's text, as jq 1.7 keeps literals.
	if j.String() != "123456789012345678901234567890\n7704521838\n[1,2.50]\n" {
		t.Fatalf("jq: %q", j.String())
	}
	if _, err := CompileJQ(".["); err == nil {
		t.Fatal("bad jq compiled")
	}
}

func TestTSVCellsStayOnOneLine(t *testing.T) {
	tb := NewTable("A", "B")
	tb.Append("x\ty", "line1\nline2")
	var buf bytes.Buffer
	tb.Render(&buf, false)
	if buf.String() != "x y\tline1 line2\n" {
		t.Fatalf("%q", buf.String())
	}
}

func TestFastPathMatchesTablewriter(t *testing.T) {
	tb := NewTable("BIC", "BANK", "ACCOUNT", "CURRENCY", "BALANCE", "NOTE")
	tb.Append("044525999", "АО «Банк Пример»", "40702810600000012345", "RUB", "1250000.50", "")
	tb.Append("046577999", "ПАО «Уральский Пример» №2", "40702810216540000777", "EUR", "0.00", "счёт закрыт")
	tb.Append("1", "", "x", "", "", "last")
	tb.Append("日本", "Ελληνικά", "", "USD", "15", "")
	var slow, fast bytes.Buffer
	if err := tb.renderTablewriter(&slow); err != nil {
		t.Fatal(err)
	}
	if err := tb.writeAligned(&fast); err != nil {
		t.Fatal(err)
	}
	if slow.String() != fast.String() {
		t.Fatalf("fast path differs from tablewriter\ntablewriter:\n%s\nfast:\n%s", slow.String(), fast.String())
	}
	kv := NewTable()
	kv.Append("Organisation", "ООО «Северный ветер»")
	kv.Append("INN", "7704521838")
	slow.Reset()
	fast.Reset()
	kv.renderTablewriter(&slow)
	kv.writeAligned(&fast)
	if slow.String() != fast.String() {
		t.Fatalf("key/value: tablewriter\n%q\nfast\n%q", slow.String(), fast.String())
	}
}

// A record a server pretty-printed still takes one line of JSON Lines, with the same values;
// one already on a line stays byte for byte.
func TestJSONLine(t *testing.T) {
	one := []byte(`{"a": 1.50, "b":"x y"}`)
	if got := JSONLine(one); !bytes.Equal(got, one) {
		t.Fatalf("a one-line record changed: %s", got)
	}
	if got := string(JSONLine([]byte("{\r\n  \"a\": 1.50,\n  \"b\": \"x\\ny\"\n}"))); got != `{"a":1.50,"b":"x\ny"}` {
		t.Fatalf("pretty record: %q", got)
	}
}
