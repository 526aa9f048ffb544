package invoice

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/textin"
)

// VATs are the VAT values the API takes on an item: None (no VAT) or a rate.
var VATs = []string{"None", "0", "5", "7", "10", "20", "22"}

var (
	reNumber  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,15}$`) })
	rePrice   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d{0,14})\.\d\d$`) })
	reQty     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d{0,9})(\.\d{1,3})?$`) })
	rePhone   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+7\d{10}$`) })
	reAcct    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{20}|\d{22})$`) })
	spaces    = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\t", "")
	phoneJunk = strings.NewReplacer(" ", "", "\u00a0", "", "-", "", "(", "", ")", "")
)

// normalize is what is sent for a typed value: trimmed; spaces dropped from digits; a day typed
// ДД.ММ.ГГГГ as ГГГГ-ММ-ДД; a price with a dot and two decimals (a decimal comma and spaces
// between thousands accepted); a quantity with a dot; "без НДС" as None and "20%" as 20; a
// phone as +7XXXXXXXXXX. What cannot be normalised stays as typed, for Check to refuse.
func normalize(field, v string) string {
	v = strings.TrimSpace(strings.Trim(v, "\u00a0"))
	switch field {
	case "invoiceDate", "dueDate":
		if d, ok := payment.Day(v); ok {
			return d
		}
	case "accountNumber", "payer.inn", "payer.kpp":
		return spaces.Replace(v)
	case "contactPhone":
		p := phoneJunk.Replace(v)
		switch {
		case len(p) == 11 && (p[0] == '8' || p[0] == '7') && requisites.Digits(p, 11):
			return "+7" + p[1:]
		case strings.HasPrefix(p, "+7"):
			return p
		}
	case "items.price":
		return payment.NormalizeAmount(v)
	case "items.amount":
		return strings.Replace(spaces.Replace(v), ",", ".", 1)
	case "items.vat":
		l := strings.ToLower(strings.ReplaceAll(v, " ", ""))
		switch {
		case l == "none" || l == "безндс" || l == "-" || l == "ндснеоблагается":
			return "None"
		case strings.HasSuffix(l, "%"):
			return strings.TrimSuffix(l, "%")
		}
	}
	return v
}

// Check runs every local check of the API's rules on an invoice, without changing it, and
// returns each problem (line, field, the value as typed): the number (1 to 15 digits), the days
// (the due day not before the invoice's), the payer's name, INN check digits and KPP, 1 to 100
// items each with a name, a price above zero with at most two decimals, a quantity above zero,
// a unit and a VAT the API takes, at most 10 valid emails, a +7 mobile phone, a purpose of at
// most 210 characters. now is for an invoice dated today (no invoiceDate).
func (inv *Invoice) Check(now time.Time) []error {
	f := inv.Fields
	var errs []error
	bad := func(field, msg string) {
		errs = append(errs, &textin.FieldError{Line: inv.lineOf(field), Field: field, Value: inv.Typed[field], Typed: true, Msg: msg})
	}
	if !reNumber().MatchString(f["invoiceNumber"]) {
		bad("invoiceNumber", "the invoice's number, 1 to 15 digits, expected")
	}
	issued := now.In(msk.Zone).Format(time.DateOnly)
	for _, k := range []string{"invoiceDate", "dueDate"} {
		if v := f[k]; v != "" {
			if _, ok := payment.Day(v); !ok {
				bad(k, "a day (2026-12-01 or 01.12.2026) expected")
			} else if k == "invoiceDate" {
				issued = v
			}
		}
	}
	if due := f["dueDate"]; due != "" && len(due) == 10 && due < issued {
		bad("dueDate", fmt.Sprintf("the due day is before the invoice's day (%s)", issued))
	}
	if a := f["accountNumber"]; a != "" && !reAcct().MatchString(a) {
		bad("accountNumber", "the company's account, 20 digits, expected")
	}
	if n := utf8.RuneCountInString(f["payer.name"]); n == 0 || n > 512 {
		bad("payer.name", fmt.Sprintf("the payer's name, 1 to 512 characters, expected (%d given)", n))
	}
	switch inn := f["payer.inn"]; {
	case requisites.INNOK(inn):
	case requisites.Digits(inn, 10) || requisites.Digits(inn, 12):
		bad("payer.inn", "the INN's check digits do not match: check it against the payer's documents")
	default:
		bad("payer.inn", "the payer's INN, 10 or 12 digits, expected")
	}
	if kpp := f["payer.kpp"]; kpp != "" && !requisites.KPPOK(kpp) {
		bad("payer.kpp", "the payer's KPP, 9 digits (or empty), expected")
	} else if kpp != "" && len(f["payer.inn"]) == 12 {
		bad("payer.kpp", "a payer with a 12-digit INN (an entrepreneur or a person) has no KPP: leave it empty")
	}
	if p := f["contactPhone"]; p != "" && !rePhone().MatchString(p) {
		bad("contactPhone", "a Russian mobile number, +7 and 10 digits, expected")
	}
	if n := utf8.RuneCountInString(f["customPaymentPurpose"]); n > 210 {
		bad("customPaymentPurpose", fmt.Sprintf("at most 210 characters (%d given)", n))
	}
	if n := utf8.RuneCountInString(f["comment"]); n > 1000 {
		bad("comment", fmt.Sprintf("at most 1000 characters (%d given)", n))
	}
	if len(inv.Emails) > 10 {
		bad("contacts.email", fmt.Sprintf("at most 10 emails (%d given)", len(inv.Emails)))
	}
	for _, e := range inv.Emails {
		at := strings.LastIndexByte(e, '@')
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || a.Name != "" || at < 0 || !strings.Contains(strings.Trim(e[at:], "."), ".") {
			errs = append(errs, &textin.FieldError{Line: inv.lineOf("contacts.email"), Field: "contacts.email", Value: e, Typed: true, Msg: "an email address such as buh@example.ru expected"})
		}
	}
	switch n := len(inv.Items); {
	case n == 0:
		errs = append(errs, &textin.FieldError{Line: inv.Line, Field: "items", Msg: "an invoice needs at least one item (a row with items.name, items.price and items.amount; or --item 'NAME;PRICE;QTY')"})
	case n > 100:
		errs = append(errs, &textin.FieldError{Line: inv.Line, Field: "items", Msg: fmt.Sprintf("at most 100 items in one invoice (%d given)", n)})
	}
	for _, it := range inv.Items {
		errs = append(errs, it.check()...)
	}
	return errs
}

func (inv *Invoice) lineOf(field string) int {
	if l, ok := inv.Lines[field]; ok {
		return l
	}
	return inv.Line
}

func (it *Item) check() []error {
	var errs []error
	f := it.Fields
	bad := func(field, msg string) {
		errs = append(errs, &textin.FieldError{Line: it.Line, Field: "items." + field, Value: it.Typed[field], Typed: true, Msg: msg})
	}
	if n := utf8.RuneCountInString(f["name"]); n == 0 || n > 1000 {
		bad("name", fmt.Sprintf("the item's name, 1 to 1000 characters, expected (%d given)", n))
	}
	switch p := f["price"]; {
	case !rePrice().MatchString(p):
		bad("price", "a price in roubles expected, such as 1500.50 or 1 500,50: digits, at most two decimals, no leading zero")
	case strings.Trim(p, "0.") == "":
		bad("price", "the price must be above zero")
	}
	switch q := f["amount"]; {
	case !reQty().MatchString(q):
		bad("amount", "a quantity expected, such as 1, 2.5 or 0,125: at most three decimals")
	case strings.Trim(q, "0.") == "":
		bad("amount", "the quantity must be above zero")
	}
	if n := utf8.RuneCountInString(f["unit"]); n > 50 {
		bad("unit", "a unit such as шт, ч or усл. ед., at most 50 characters, expected")
	}
	switch v := f["vat"]; {
	case v == "18":
		bad("vat", "the 18% rate ended in 2019: use 20 or 22 (or None for no VAT)")
	case !slices.Contains(VATs, v):
		bad("vat", "the VAT: None (no VAT), 0, 5, 7, 10, 20 or 22, expected")
	}
	return errs
}
