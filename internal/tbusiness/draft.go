package tbusiness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Draft is one payment-order draft, with the API's field names. Values are text; amount is the
// exact decimal text (a JSON number in the body).
type Draft struct {
	Line   int // where the record starts in the input (an array's item: its index)
	Fields map[string]string
}

// draftFields are the create body's fields in the order bankctl sends them; thirdParty.* are
// the nested object's.
var draftFields = []string{
	"documentNumber", "date", "amount", "recipientName", "inn", "kpp", "bankAcnt", "bankBik",
	"accountNumber", "paymentPurpose", "taxPayerStatus", "kbk", "oktmo", "taxEvidence", "taxPeriod",
	"uin", "taxDocNumber", "taxDocDate", "revenueTypeCode", "collectionAmountNumber",
	"recipientCorrAccountNumber", "thirdParty.inn", "thirdParty.kpp", "thirdParty.name",
}

// TaxFields are "0" for a payment that is not to the budget.
var TaxFields = []string{"taxPayerStatus", "kbk", "oktmo", "taxEvidence", "taxPeriod", "uin", "taxDocNumber", "taxDocDate"}

// KnownField reports whether name is a create field.
func KnownField(name string) bool {
	for _, f := range draftFields {
		if f == name {
			return true
		}
	}
	return false
}

// FieldError is a draft that fails a check: it names the input line and the field.
type FieldError struct {
	Line  int
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d, field %s: %s", e.Line, e.Field, e.Msg)
}

var (
	reNumber  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,6}$`) })
	reINN     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{12}|\d{10}|0)$`) })
	reKPP     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{9}|0)$`) })
	reAcct20  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{20}$`) })
	rePayer   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{20}|\d{22})$`) })
	reBIK     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{9}$`) })
	reAmount  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,15}(\.\d{1,2})?$`) })
	reRevenue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-5]$`) })
)

// Check runs every local check of the API's rules on a draft: patterns, a purpose of 1–210
// characters, an amount above zero with at most two decimals, the recipient account's check
// digit against its BIC, tax fields "0" unless it is a budget payment. Missing tax fields and
// kpp become "0". The payer's account is checked against the company's accounts by CheckPayer.
func (d *Draft) Check() error {
	f := d.Fields
	bad := func(field, msg string) error { return &FieldError{d.Line, field, msg} }
	for _, k := range append([]string{"kpp"}, TaxFields...) {
		if strings.TrimSpace(f[k]) == "" {
			f[k] = "0"
		}
	}
	for k, v := range f {
		f[k] = strings.TrimSpace(v)
	}
	switch {
	case !reNumber().MatchString(f["documentNumber"]):
		return bad("documentNumber", "1 to 6 digits expected (the payment order's number), got "+quote(f["documentNumber"]))
	case !reAmount().MatchString(f["amount"]) || strings.Trim(f["amount"], "0.") == "":
		return bad("amount", "an amount above zero with at most two decimals expected, got "+quote(f["amount"]))
	case f["recipientName"] == "" || utf8.RuneCountInString(f["recipientName"]) > 160:
		return bad("recipientName", "the recipient's name (up to 160 characters) is required")
	case !reINN().MatchString(f["inn"]):
		return bad("inn", "10 or 12 digits, or 0, expected, got "+quote(f["inn"]))
	case !reKPP().MatchString(f["kpp"]):
		return bad("kpp", "9 digits, or 0, expected, got "+quote(f["kpp"]))
	case !reBIK().MatchString(f["bankBik"]):
		return bad("bankBik", "the recipient bank's BIC, 9 digits, expected, got "+quote(f["bankBik"]))
	case !reAcct20().MatchString(f["bankAcnt"]):
		return bad("bankAcnt", "the recipient's account, 20 digits, expected, got "+quote(f["bankAcnt"]))
	case !AccountKeyOK(f["bankAcnt"], f["bankBik"]):
		return bad("bankAcnt", fmt.Sprintf("the check digit of %s does not match BIC %s (Неверный контрольный разряд счета): check both", f["bankAcnt"], f["bankBik"]))
	case f["accountNumber"] != "" && !rePayer().MatchString(f["accountNumber"]):
		return bad("accountNumber", "the payer's account, 20 or 22 digits, expected, got "+quote(f["accountNumber"]))
	case f["paymentPurpose"] == "" || utf8.RuneCountInString(f["paymentPurpose"]) > 210:
		return bad("paymentPurpose", fmt.Sprintf("1 to 210 characters expected, got %d", utf8.RuneCountInString(f["paymentPurpose"])))
	case f["revenueTypeCode"] != "" && !reRevenue().MatchString(f["revenueTypeCode"]):
		return bad("revenueTypeCode", "1 to 5 expected, got "+quote(f["revenueTypeCode"]))
	case f["thirdParty.inn"] != "" && !reINN().MatchString(f["thirdParty.inn"]):
		return bad("thirdParty.inn", "10 or 12 digits, or 0, expected")
	case f["thirdParty.kpp"] != "" && !reKPP().MatchString(f["thirdParty.kpp"]):
		return bad("thirdParty.kpp", "9 digits, or 0, expected")
	case f["recipientCorrAccountNumber"] != "" && !reAcct20().MatchString(f["recipientCorrAccountNumber"]):
		return bad("recipientCorrAccountNumber", "20 digits expected")
	}
	if d := f["date"]; d != "" {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			if _, err := time.Parse(time.RFC3339, d); err != nil {
				return bad("date", "a day (2026-12-01) or an RFC 3339 time expected, got "+quote(d))
			}
		}
	}
	if f["kbk"] != "0" && f["recipientCorrAccountNumber"] == "" {
		return bad("recipientCorrAccountNumber", "a budget payment (kbk given) needs the recipient's correspondent account")
	}
	return nil
}

func quote(s string) string {
	if s == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", s)
}

// CheckPayer checks the payer's account: the company must have it (bics: account → BIC from
// `accounts`), and a 20-digit one must carry the right check digit for its BIC.
func (d *Draft) CheckPayer(bics map[string]string) error {
	a := d.Fields["accountNumber"]
	bic, ok := bics[a]
	switch {
	case !ok:
		return &FieldError{d.Line, "accountNumber", fmt.Sprintf("the company has no account %s", a)}
	case len(a) == 20 && !AccountKeyOK(a, bic):
		return &FieldError{d.Line, "accountNumber", fmt.Sprintf("the check digit of %s does not match its bank's BIC %s", a, bic)}
	}
	return nil
}

// Body is the create request's JSON: fields in a fixed order, amount a JSON number, empty
// optional fields left out. Two drafts are the same draft when their bodies are equal.
func (d *Draft) Body() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	put := func(k string, raw []byte) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(raw)
	}
	var third []string
	for _, k := range draftFields {
		v, ok := d.Fields[k]
		if !ok || v == "" {
			continue
		}
		if strings.HasPrefix(k, "thirdParty.") {
			third = append(third, k)
			continue
		}
		if k == "amount" {
			put(k, []byte(v))
			continue
		}
		vb, _ := json.Marshal(v)
		put(k, vb)
	}
	if len(third) > 0 {
		var t bytes.Buffer
		t.WriteByte('{')
		for i, k := range third {
			if i > 0 {
				t.WriteByte(',')
			}
			kb, _ := json.Marshal(strings.TrimPrefix(k, "thirdParty."))
			vb, _ := json.Marshal(d.Fields[k])
			t.Write(kb)
			t.WriteByte(':')
			t.Write(vb)
		}
		t.WriteByte('}')
		put("thirdParty", t.Bytes())
	}
	b.WriteByte('}')
	return b.Bytes()
}

// AccountBICs reads an accounts answer: each account's BIC, and the account when there is only one.
func AccountBICs(body []byte) (map[string]string, string, error) {
	var accounts []struct {
		AccountNumber string `json:"accountNumber"`
		BankBik       string `json:"bankBik"`
	}
	if err := json.Unmarshal(body, &accounts); err != nil {
		return nil, "", fmt.Errorf("the accounts answer is not the list the API documents: %w", err)
	}
	m := map[string]string{}
	for _, a := range accounts {
		m[a.AccountNumber] = a.BankBik
	}
	only := ""
	if len(accounts) == 1 {
		only = accounts[0].AccountNumber
	}
	return m, only, nil
}
