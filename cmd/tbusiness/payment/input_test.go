package payment_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// Payment orders exported from 1С: every field of every draft reaches the bank as mapped;
// the document of another kind is left out and counted; a second run skips them all.
func TestOneCPaymentOrders(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	file, _ := filepath.Abs("../../../internal/payment/testdata/1c_to_kl.txt")
	r := e.MustRun("", "tb", "payment", "create", "--input", file)
	cmdtest.WantContains(t, "stderr", r.Err, "read as Windows-1251", "1 document(s) of 1С that are not payment orders left out")
	d := e.SB.Drafts()
	if len(d) != 3 {
		t.Fatalf("%d drafts", len(d))
	}
	want := map[string]string{"documentNumber": "18", "recipientName": "Казначейство России (ФНС России)", "inn": "7727406020", "kpp": "770801001",
		"bankAcnt": "03100643000000018500", "bankBik": "017003983", "recipientCorrAccountNumber": "40102810445370000059",
		"accountNumber": sandbox.MainAccount, "paymentPurpose": "Единый налоговый платеж", "taxPayerStatus": "01", "kbk": "18201061201010000510",
		"oktmo": "45383000", "taxEvidence": "0", "taxPeriod": "0", "taxDocNumber": "0", "taxDocDate": "0", "uin": "0"}
	for k, v := range want {
		if d[1][k] != v {
			t.Errorf("%s = %v, want %s", k, d[1][k], v)
		}
	}
	if d[1]["amount"].(json.Number) != "84210.00" || d[2]["kpp"] != "0" || !strings.HasPrefix(d[0]["paymentPurpose"].(string), "Оплата по счету № 2231 от 28.11.2026 за услуги связи за ноябрь") {
		t.Errorf("drafts %v", d)
	}
	r = e.MustRun("", "tb", "payment", "create", "--input", file)
	if strings.Count(r.Out, "skipped") != 3 {
		t.Fatalf("second run:\n%s", r.Out)
	}
	// A payment order from an account the company does not have: refused before anything is sent.
	data, _ := os.ReadFile(file)
	text, _ := charmap.Windows1251.NewDecoder().String(string(data))
	other := strings.Replace(text, "ПлательщикСчет="+sandbox.MainAccount+"\r\nПолучательСчет=40802810338000000077", "ПлательщикСчет=40702810900000000099\r\nПолучательСчет=40802810338000000077", 1)
	win, _ := charmap.Windows1251.NewEncoder().String(other)
	p := filepath.Join(e.Dir, "other.txt")
	os.WriteFile(p, []byte(win), 0o600)
	e.SB.Reset()
	r = e.Run("", "tb", "payment", "create", "--input", p)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "line 88, field accountNumber", "no such account")
	if n := len(e.SB.RequestsTo(create)); n != 0 {
		t.Fatalf("%d drafts sent", n)
	}
}

// CSV as Excel writes it — ";" with one at the end of every line, Russian headers, empty rows at
// the end, decimal commas — and Excel's "Unicode text" (UTF-16, tabs): read as they are.
func TestSpreadsheetInput(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	text := "Номер;Сумма;Получатель;ИНН получателя;КПП получателя;Счёт получателя;БИК банка получателя;Назначение платежа;\r\n" +
		"31;1 500,50;ООО «Ромашка»;7715012342;771501001;" + romashka + ";044525225;Оплата по счету 31;\r\n" +
		"32;2500;ИП Петров;500100732259;;" + petrov + ";044525225;Оплата по договору 5;\r\n;;;;;;;;\r\n"
	win, _ := charmap.Windows1251.NewEncoder().String(text)
	tabs := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(text, "31;", "41;"), "32;", "42;"), ";", "\t")
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(tabs)
	for _, f := range [][2]string{{"excel.csv", win}, {"unicode.txt", u16}} {
		name, data := f[0], f[1]
		p := filepath.Join(e.Dir, name)
		os.WriteFile(p, []byte(data), 0o600)
		r := e.MustRun("", "tb", "payment", "create", "--input", p)
		if strings.Count(r.Out, "\tcreated") != 2 {
			t.Fatalf("%s:\n%s%s", name, r.Out, r.Err)
		}
	}
	d := e.SB.Drafts()
	if len(d) != 4 || d[0]["amount"].(json.Number) != "1500.50" || d[1]["kpp"] != "0" || d[2]["documentNumber"] != "41" {
		t.Fatalf("drafts %v", d)
	}
}
