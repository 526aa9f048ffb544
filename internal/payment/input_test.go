package payment

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// The payment orders of a file 1С:Бухгалтерия exports for the bank, in Windows-1251 and in DOS:
// every field sent is compared; the payment request (another kind) is left out and counted.
func TestReadOneC(t *testing.T) {
	for _, file := range []string{"testdata/1c_to_kl.txt", "testdata/1c_to_kl_dos.txt"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Read(data, "")
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if in.Kind != "1c" || in.Skipped != 1 || len(in.Drafts) != 3 {
			t.Fatalf("%s: kind %s, %d skipped, %d drafts", file, in.Kind, in.Skipped, len(in.Drafts))
		}
		want := []map[string]string{
			{"documentNumber": "17", "amount": "15000.50", "accountNumber": "40702810610000000001", "recipientName": "ПАО СБЕРБАНК",
				"inn": "7707083893", "kpp": "773601001", "bankAcnt": "40702810938000000001", "bankBik": "044525225",
				"recipientCorrAccountNumber": "30101810400000000225",
				"paymentPurpose":             "Оплата по счету № 2231 от 28.11.2026 за услуги связи за ноябрь 2026 г. Сумма 15000-50 без налога (НДС)",
				"taxPayerStatus":             "0", "kbk": "0", "oktmo": "0", "taxEvidence": "0", "taxPeriod": "0", "taxDocNumber": "0", "taxDocDate": "0", "uin": "0"},
			{"documentNumber": "18", "amount": "84210.00", "accountNumber": "40702810610000000001", "recipientName": "Казначейство России (ФНС России)",
				"inn": "7727406020", "kpp": "770801001", "bankAcnt": "03100643000000018500", "bankBik": "017003983",
				"recipientCorrAccountNumber": "40102810445370000059", "paymentPurpose": "Единый налоговый платеж",
				"taxPayerStatus": "01", "kbk": "18201061201010000510", "oktmo": "45383000", "taxEvidence": "0", "taxPeriod": "0",
				"taxDocNumber": "0", "taxDocDate": "0", "uin": "0"},
			{"documentNumber": "19", "amount": "2500.75", "accountNumber": "40702810610000000001", "recipientName": "ИП Петров Пётр Петрович",
				"inn": "500100732259", "kpp": "0", "bankAcnt": "40802810338000000077", "bankBik": "044525225",
				"recipientCorrAccountNumber": "30101810400000000225", "paymentPurpose": "Оплата по договору № 5 от 01.11.2026. Без налога (НДС)",
				"taxPayerStatus": "0", "kbk": "0", "oktmo": "0", "taxEvidence": "0", "taxPeriod": "0", "taxDocNumber": "0", "taxDocDate": "0", "uin": "0"},
		}
		for i, d := range in.Drafts {
			if errs := d.Check(); len(errs) > 0 {
				t.Errorf("%s: draft %d refused: %v", file, i, errs)
			}
			for k, v := range want[i] {
				if d.Fields[k] != v {
					t.Errorf("%s: draft %d: %s = %q, want %q", file, i, k, d.Fields[k], v)
				}
			}
			if len(d.Fields) != len(want[i]) {
				t.Errorf("%s: draft %d has fields %v", file, i, d.Fields)
			}
			if d.Date != "2026-12-03" {
				t.Errorf("Дата %q", d.Date)
			}
		}
		if in.Drafts[0].Line != 13 || in.Drafts[1].Line != 52 {
			t.Errorf("lines %d, %d: want those of СекцияДокумент", in.Drafts[0].Line, in.Drafts[1].Line)
		}
	}
}

// A 1С file that is cut short, a section without its end, an unknown encoding, an amount with a
// comma: each refused naming the line, nothing read.
func TestReadOneCBadFiles(t *testing.T) {
	data, _ := os.ReadFile("testdata/1c_to_kl.txt")
	text, _ := charmap.Windows1251.NewDecoder().String(string(data))
	enc := func(s string) []byte { b, _ := charmap.Windows1251.NewEncoder().String(s); return []byte(b) }
	for _, c := range []struct{ name, text, want string }{
		{"cut short", strings.Replace(text, "КонецФайла\r\n", "", 1), "no КонецФайла"},
		{"no end of a document", strings.Replace(text, "Единый налоговый платеж\r\nКонецДокумента\r\n", "Единый налоговый платеж\r\n", 1), "line 52: the document has no КонецДокумента (line 81 starts another)"},
		{"unknown encoding", strings.Replace(text, "Кодировка=Windows", "Кодировка=KOI8-R", 1), "line 3: Кодировка=KOI8-R"},
		{"a comma", strings.Replace(text, "Сумма=84210.00", "Сумма=84210,00", 1), `line 52, field Сумма ("84210,00")`},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, err := Read(enc(c.text), "")
			if err == nil || !strings.Contains(err.Error()+errorsText(err), c.want) {
				t.Fatalf("got %v (%s), want %q", err, errorsText(err), c.want)
			}
			_ = in
		})
	}
}

// CSV as Excel writes it: ";" and a trailing ";" on every line, Russian headers, empty rows at
// the end; and Excel's "Unicode text" (UTF-16, tab-delimited). Every bad record in one run.
func TestReadSpreadsheets(t *testing.T) {
	text := "Номер;Сумма;Получатель;ИНН получателя;КПП получателя;Счёт получателя;БИК банка получателя;Назначение платежа;\r\n" +
		"17;1 500,50;ООО «Ромашка»;7707083893;773601001;" + romashka + ";044525225;Оплата по счету 17;\r\n" +
		"18;2500;ИП Петров;500100732259;;" + romashka + ";044525225;Оплата;\r\n;;;;;;;;\r\n;;;;;;;;\r\n"
	win, _ := charmap.Windows1251.NewEncoder().String(text)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(text, ";", "\t"))
	for name, data := range map[string]string{"cp1251": win, "utf-16": u16, "utf-8": text} {
		in, err := Read([]byte(data), "")
		if err != nil || len(in.Drafts) != 2 || in.Encoding != name {
			t.Fatalf("%s: %v %v", name, err, in)
		}
		if d := in.Drafts[0]; d.Fields["amount"] != "1500.50" || d.Fields["recipientName"] != "ООО «Ромашка»" || d.Line != 2 || in.Drafts[1].Fields["kpp"] != "0" {
			t.Fatalf("%s: %v", name, d.Fields)
		}
	}
	_, err := Read([]byte("Номер;Сумма;Получатель;Цвет;Размер\r\n1;2;3;4;5\r\n"), "")
	if err == nil || !strings.Contains(errorsText(err), "field Цвет") || !strings.Contains(errorsText(err), "field Размер") {
		t.Fatalf("unknown columns: %v %s", err, errorsText(err))
	}
	// A UTF-8 file with one stray Windows-1251 byte: refused naming its line, not read as
	// mojibake; --encoding decides instead.
	stray := strings.Replace(text, "Оплата по счету 17", "Оплата по счету 17 \xe9", 1)
	_, err = Read([]byte(stray), "")
	if err == nil || !strings.Contains(err.Error(), "line 2: the file is UTF-8 but holds bytes that are not") {
		t.Fatalf("mixed encodings: %v", err)
	}
	if _, err := Read([]byte(stray), "utf-8"); err == nil {
		t.Fatal("--encoding utf-8 took an invalid byte")
	}
}

func errorsText(err error) string {
	if err == nil {
		return ""
	}
	if es, ok := err.(interface{ Unwrap() []error }); ok {
		var s []string
		for _, e := range es.Unwrap() {
			s = append(s, e.Error())
		}
		return strings.Join(s, "\n")
	}
	var b []string
	if list, ok := err.(interface{ Errors() []error }); ok {
		for _, e := range list.Errors() {
			b = append(b, e.Error())
		}
	}
	return strings.Join(b, "\n")
}
