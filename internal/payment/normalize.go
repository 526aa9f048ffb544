package payment

import (
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/textin"
)

// russianHeaders are the column names a Russian spreadsheet uses for the API's fields, as
// textin.Normalize writes them (case, ё and spaces ignored).
var russianHeaders = map[string]string{
	"номер":                  "documentNumber",
	"дата":                   "date",
	"сумма":                  "amount",
	"получатель":             "recipientName",
	"иннполучателя":          "inn",
	"кппполучателя":          "kpp",
	"счетполучателя":         "bankAcnt",
	"бикбанкаполучателя":     "bankBik",
	"корсчетбанкаполучателя": "recipientCorrAccountNumber",
	"назначениеплатежа":      "paymentPurpose",
	"счетплательщика":        "accountNumber",
}

func normalizeHeader(h string) string { return textin.Normalize(h) }

var (
	spaces       = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\t", "")
	reAmountJSON = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d{0,14})\.\d\d$`) })
	reDecimal    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d*)(\.\d{1,2})?$`) })
)

// digitFields may be typed with spaces between groups of digits.
var digitFields = map[string]bool{"bankAcnt": true, "accountNumber": true, "recipientCorrAccountNumber": true, "bankBik": true, "inn": true, "kpp": true}

// Normalize is what is sent for typed values: each trimmed; spaces dropped from accounts, BIC,
// INN and KPP; the amount with a dot and two decimals (a decimal comma and spaces between
// thousands accepted); a day typed ДД.ММ.ГГГГ as ГГГГ-ММ-ДД; an empty kpp and tax fields "0".
// What cannot be normalised stays as typed, for Check to refuse.
func Normalize(typed map[string]string) map[string]string {
	f := make(map[string]string, len(typed)+len(TaxFields)+1)
	for k, v := range typed {
		v = strings.TrimSpace(strings.Trim(v, "\u00a0"))
		if digitFields[k] {
			v = spaces.Replace(v)
		}
		f[k] = v
	}
	f["amount"] = NormalizeAmount(f["amount"])
	if d, ok := Day(f["date"]); ok {
		f["date"] = d
	}
	for _, k := range append([]string{"kpp"}, TaxFields...) {
		if f[k] == "" {
			f[k] = "0"
		}
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

// NormalizeAmount writes an amount with a dot and two decimals: "2 500,5" → "2500.50". Text
// that is not such an amount (a leading zero, three decimals, a letter) is returned as it is.
func NormalizeAmount(s string) string {
	a := spaces.Replace(s)
	if strings.Count(a, ",") == 1 && !strings.Contains(a, ".") {
		a = strings.Replace(a, ",", ".", 1)
	}
	if !reDecimal().MatchString(a) {
		return s
	}
	whole, frac, _ := strings.Cut(a, ".")
	return whole + "." + (frac + "00")[:2]
}

// Day reads a calendar day typed as ГГГГ-ММ-ДД or ДД.ММ.ГГГГ, as ГГГГ-ММ-ДД.
func Day(s string) (string, bool) {
	for _, layout := range []string{"2006-01-02", "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
