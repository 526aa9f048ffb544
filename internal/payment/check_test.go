package payment

import (
	"encoding/json"
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/requisites"
)

var romashka = requisites.WithKey("40702810X00000012345", "044525225")

func good() map[string]string {
	return map[string]string{"documentNumber": "17", "amount": "1500.50", "recipientName": "ООО «Ромашка»", "inn": "7707083893",
		"kpp": "773601001", "bankAcnt": romashka, "bankBik": "044525225", "accountNumber": "40702810110000000001",
		"paymentPurpose": "Оплата по счету 17, НДС не облагается"}
}

func with(kv ...string) map[string]string {
	m := good()
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// Every check refuses what the bank would, naming the field and the value as typed; a draft
// that passes has a body that is valid JSON; Check changes nothing.
func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		typed map[string]string
		field string // "" means it passes
	}{
		{"good", good(), ""},
		{"leading zero", with("amount", "01500.50"), "amount"},
		{"three decimals", with("amount", "10.555"), "amount"},
		{"zero", with("amount", "0,00"), "amount"},
		{"thousands and a comma", with("amount", "1 500,5"), ""},
		{"nbsp thousands", with("amount", "1\u00a0500.50"), ""},
		{"english thousands", with("amount", "1,500.50"), "amount"},
		{"exponent", with("amount", "1e3"), "amount"},
		{"inn check digit", with("inn", "7707083894"), "inn"},
		{"inn old readme", with("inn", "7701234567"), "inn"},
		{"inn 12", with("inn", "500100732259"), ""},
		{"inn none", with("inn", "0"), ""},
		{"inn short", with("inn", "77012345"), "inn"},
		{"kpp", with("kpp", "77360100"), "kpp"},
		{"kpp empty is 0", with("kpp", ""), ""},
		{"account key", with("bankAcnt", romashka[:19]+string('0'+(romashka[19]-'0'+1)%10)), "bankAcnt"},
		{"account with spaces", with("bankAcnt", romashka[:5]+" "+romashka[5:10]+" "+romashka[10:]), ""},
		{"number", with("documentNumber", "1234567"), "documentNumber"},
		{"purpose", with("paymentPurpose", strings.Repeat("я", 211)), "paymentPurpose"},
		{"date typed as accountants do", with("date", "03.12.2026"), ""},
		{"date", with("date", "31.02.2026"), "date"},
		{"budget without corr", with("kbk", "18201061201010000510"), "recipientCorrAccountNumber"},
		{"treasury", treasury(), ""},
		{"bic", with("bankBik", "04452522"), "bankBik"},
		{"account length", with("bankAcnt", "4070281093800000001"), "bankAcnt"},
		{"payer pattern", with("accountNumber", "4070281011000000000"), "accountNumber"},
		{"corr length", with("recipientCorrAccountNumber", "3010181040000000022"), "recipientCorrAccountNumber"},
		{"corr key", with("recipientCorrAccountNumber", "30101810400000000226"), "recipientCorrAccountNumber"},
		{"corr right", with("recipientCorrAccountNumber", "30101810400000000225"), ""},
		{"revenue type", with("revenueTypeCode", "6"), "revenueTypeCode"},
		{"third party inn", with("thirdParty.inn", "7707083894"), "thirdParty.inn"},
		{"third party kpp", with("thirdParty.kpp", "7"), "thirdParty.kpp"},
		{"third party", with("thirdParty.inn", "7707083893", "thirdParty.kpp", "773601001", "thirdParty.name", "ПАО Сбербанк"), ""},
		{"name", with("recipientName", ""), "recipientName"},
		{"treasury wrong ЕКС", with2(treasury(), "recipientCorrAccountNumber", "40102810445370000058"), "recipientCorrAccountNumber"},
		{"treasury through a 30101", with2(treasury(), "recipientCorrAccountNumber", "30101810400000000225"), "recipientCorrAccountNumber"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := New(2, c.typed)
			before := maps.Clone(d.Fields)
			errs := d.Check()
			if !maps.Equal(before, d.Fields) {
				t.Fatalf("Check changed the draft: %v → %v", before, d.Fields)
			}
			switch {
			case c.field == "" && len(errs) > 0:
				t.Fatalf("refused: %v", errs)
			case c.field != "" && (len(errs) == 0 || !strings.Contains(errs[0].Error(), "line 2, field "+c.field+" (")):
				t.Fatalf("want field %s refused, got %v", c.field, errs)
			case c.field != "" && !strings.Contains(errs[0].Error(), c.typed[c.field]):
				t.Fatalf("the error does not repeat the value as typed %q: %v", c.typed[c.field], errs[0])
			case c.field == "" && !json.Valid(d.Body()):
				t.Fatalf("invalid JSON body: %s", d.Body())
			}
		})
	}
}

// The single tax account at the Treasury (no control key), with every tax field.
func treasury() map[string]string {
	return with("recipientName", "Казначейство России (ФНС России)", "inn", "7727406020", "kpp", "770801001",
		"bankAcnt", "03100643000000018500", "bankBik", "017003983", "recipientCorrAccountNumber", "40102810445370000059",
		"taxPayerStatus", "01", "kbk", "18201061201010000510", "oktmo", "0", "taxEvidence", "0", "taxPeriod", "0",
		"taxDocNumber", "0", "taxDocDate", "0", "uin", "0", "paymentPurpose", "Единый налоговый платеж")
}

func with2(m map[string]string, k, v string) map[string]string { m[k] = v; return m }

// Normalising: what is sent, and so the key, does not depend on how an amount or account was typed.
func TestNormalizedKey(t *testing.T) {
	api := API(mustURL("https://business.tbank.ru/openapi"))
	a := New(2, with("amount", "1500.5", "kpp", "773601001")).Doc(api)
	b := New(9, with("amount", " 1 500,50 ", "bankAcnt", romashka[:5]+" "+romashka[5:])).Doc(api)
	if a.Key != b.Key {
		t.Fatalf("the same draft typed two ways has two keys:\n%s\n%s", a.Body, b.Body)
	}
	if !strings.Contains(string(a.Body), `"amount":1500.50`) || !strings.Contains(string(a.Body), `"taxPayerStatus":"0"`) {
		t.Fatalf("body %s", a.Body)
	}
	c := New(2, with("paymentPurpose", "Оплата по счету 17, НДС не облагается.")).Doc(api)
	if c.Key == a.Key || c.Slot != a.Slot {
		t.Fatal("an edited draft must have another key and the same slot")
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

// One API however its URL is written: ports, case, slashes, the old host.
func TestAPI(t *testing.T) {
	for want, forms := range map[string][]string{
		"http://127.0.0.1:8700/openapi":      {"http://127.0.0.1:8700/openapi", "HTTP://127.0.0.1:8700//openapi/", "http://127.0.0.1:8700/openapi/."},
		"http://bank.example/openapi":        {"http://bank.example/openapi", "http://bank.example:80/openapi", "http://BANK.example:80/openapi/"},
		"https://business.tbank.ru/openapi":  {"https://business.tbank.ru/openapi", "https://business.tbank.ru:443/openapi", "https://business.tinkoff.ru/openapi"},
		"https://business.tbank.ru:8443/api": {"https://business.tbank.ru:8443/api/"},
	} {
		for _, f := range forms {
			if got := API(mustURL(f)); got != want {
				t.Errorf("API(%s) = %s, want %s", f, got, want)
			}
		}
	}
}

// Whatever is typed, a draft that passes Check has a body that is valid JSON.
func FuzzBodyIsValidJSON(f *testing.F) {
	f.Add("1500.50", "ООО «Ромашка»", "Оплата", "17")
	f.Add("01500.50", "\"}", "\x00\u2028", "1")
	f.Fuzz(func(t *testing.T, amount, name, purpose, number string) {
		d := New(2, with("amount", amount, "recipientName", name, "paymentPurpose", purpose, "documentNumber", number))
		if len(d.Check()) == 0 && !json.Valid(d.Body()) {
			t.Fatalf("a checked draft has an invalid body: %s", d.Body())
		}
	})
}

// The payer's account must be one of the company's, with the right control key for its BIC.
func TestCheckPayer(t *testing.T) {
	d := New(3, good())
	bics := map[string]string{"40702810110000000001": "044525974"}
	if err := New(3, with("accountNumber", "40702810610000000001")).CheckPayer(map[string]string{"40702810610000000001": "044525974"}); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckPayer(map[string]string{}); err == nil || !strings.Contains(err.Error(), "line 3, field accountNumber") {
		t.Fatalf("a foreign payer account: %v", err)
	}
	if err := d.CheckPayer(bics); err == nil || !strings.Contains(err.Error(), "control digit") {
		t.Fatalf("a payer account with a wrong key: %v", err)
	}
}
