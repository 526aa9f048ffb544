package payment

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/textin"
)

var (
	reNumber  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,6}$`) })
	rePayer   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{20}|\d{22})$`) })
	reRevenue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-5]$`) })
)

// Check runs every local check of the API's rules on a draft, without changing it, and returns
// each problem (line, field, the value as typed): the patterns, a purpose of 1–210 characters,
// an amount above zero with at most two decimals and no leading zero, the recipient's INN check
// digits, its KPP, its account's control key against its BIC (a Treasury account has none: its
// ЕКС, the correspondent account, is checked instead), tax fields "0" unless it is a budget
// payment. The payer's account is checked against the company's by CheckPayer.
func (d *Draft) Check() []error {
	f := d.Fields
	var errs []error
	bad := func(field, msg string) {
		errs = append(errs, &textin.FieldError{Line: d.Line, Field: field, Value: d.Typed[field], Typed: true, Msg: msg})
	}
	if !reNumber().MatchString(f["documentNumber"]) {
		bad("documentNumber", "the payment order's number, 1 to 6 digits, expected")
	}
	switch a := f["amount"]; {
	case !reAmountJSON().MatchString(a):
		bad("amount", "an amount in roubles expected, such as 1500.50 or 1 500,50: digits, at most two decimals, no leading zero")
	case strings.Trim(a, "0.") == "":
		bad("amount", "the amount must be above zero")
	}
	if n := utf8.RuneCountInString(f["recipientName"]); n == 0 || n > 160 {
		bad("recipientName", fmt.Sprintf("the recipient's name, 1 to 160 characters, expected (%d given)", n))
	}
	if inn := f["inn"]; inn != "0" && !requisites.INNOK(inn) {
		if requisites.Digits(inn, 10) || requisites.Digits(inn, 12) {
			bad("inn", "the INN's check digits do not match: check it against the recipient's documents")
		} else {
			bad("inn", "the recipient's INN, 10 or 12 digits (or 0), expected")
		}
	}
	if kpp := f["kpp"]; kpp != "0" && !requisites.KPPOK(kpp) {
		bad("kpp", "the recipient's KPP, 9 digits (or 0), expected")
	}
	d.checkAccounts(bad)
	if p := f["accountNumber"]; p != "" && !rePayer().MatchString(p) {
		bad("accountNumber", "the payer's account, 20 or 22 digits, expected")
	}
	if n := utf8.RuneCountInString(f["paymentPurpose"]); n == 0 || n > 210 {
		bad("paymentPurpose", fmt.Sprintf("1 to 210 characters expected (%d given)", n))
	}
	if v := f["revenueTypeCode"]; v != "" && !reRevenue().MatchString(v) {
		bad("revenueTypeCode", "1 to 5 expected")
	}
	if v := f["thirdParty.inn"]; v != "" && v != "0" && !requisites.INNOK(v) {
		bad("thirdParty.inn", "an INN, 10 or 12 digits with valid check digits (or 0), expected")
	}
	if v := f["thirdParty.kpp"]; v != "" && v != "0" && !requisites.KPPOK(v) {
		bad("thirdParty.kpp", "9 digits (or 0) expected")
	}
	if v := f["date"]; v != "" {
		if _, ok := Day(v); !ok {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				bad("date", "a day (2026-12-01 or 01.12.2026) or an RFC 3339 time expected")
			}
		}
	}
	if f["kbk"] != "0" && f["recipientCorrAccountNumber"] == "" {
		bad("recipientCorrAccountNumber", "a budget payment (kbk given) needs the recipient bank's correspondent account (for the Treasury, its ЕКС, 40102…)")
	}
	return errs
}

// checkAccounts checks the recipient's account and correspondent account against its BIC.
func (d *Draft) checkAccounts(bad func(field, msg string)) {
	f := d.Fields
	acct, bic, corr := f["bankAcnt"], f["bankBik"], f["recipientCorrAccountNumber"]
	if !requisites.BICOK(bic) {
		bad("bankBik", "the recipient bank's BIC, 9 digits, expected")
		return
	}
	switch {
	case !requisites.Digits(acct, 20):
		bad("bankAcnt", "the recipient's account, 20 digits, expected")
	case requisites.Treasury(acct, bic):
		// The Treasury's accounts carry no control key: the ЕКС does.
		if corr != "" && !strings.HasPrefix(corr, "40102") {
			bad("recipientCorrAccountNumber", "a payment to a Treasury account (03…) goes through its ЕКС, an account starting 40102")
		}
	case !requisites.AccountKeyOK(acct, bic):
		bad("bankAcnt", fmt.Sprintf("the control digit does not match BIC %s (Неверный контрольный разряд счета): check both", bic))
	}
	switch {
	case corr == "":
	case !requisites.Digits(corr, 20):
		bad("recipientCorrAccountNumber", "20 digits expected")
	case !requisites.CorrAccountKeyOK(corr, bic):
		bad("recipientCorrAccountNumber", fmt.Sprintf("the control digit does not match BIC %s: check both", bic))
	}
}

// CheckPayer checks the payer's account: the company must have it (bics: account → BIC from
// `accounts`), and a 20-digit one must carry the right control key for its BIC.
func (d *Draft) CheckPayer(bics map[string]string) error {
	a := d.Fields["accountNumber"]
	bic, ok := bics[a]
	switch {
	case !ok:
		return &textin.FieldError{Line: d.Line, Field: "accountNumber", Value: a, Typed: true, Msg: "the company has no such account (see `bankctl tbusiness accounts`)"}
	case len(a) == 20 && !requisites.AccountKeyOK(a, bic):
		return &textin.FieldError{Line: d.Line, Field: "accountNumber", Value: a, Typed: true, Msg: fmt.Sprintf("the control digit does not match its bank's BIC %s", bic)}
	}
	return nil
}
