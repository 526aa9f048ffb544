// Package money keeps amounts exact from the wire to the screen: a bank's JSON number is read as
// its decimal text (never float64, which turns 1000000000000000.01 into ...02), summed with
// shopspring/decimal, and written back with at least two decimals and never rounded.
package money

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// Parse reads an amount as the bank wrote it ("60462.94", "1e3", "-5").
func Parse(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q is not an amount", s)
	}
	return d, nil
}

// Format writes an amount with a dot and at least two decimals ("1500" → "1500.00"); an amount
// with more decimals keeps them all: nothing is ever rounded.
func Format(d decimal.Decimal) string {
	if d.Exponent() >= -2 || d.Equal(d.Truncate(2)) {
		return d.StringFixed(2)
	}
	return d.String()
}

// FormatText is Format for an amount's text; text that is not an amount is returned as it is.
// The usual shapes ("1500", "1500.5", "1500.50") are written without parsing.
func FormatText(s string) string {
	if f, ok := plain(s); ok {
		return f
	}
	d, err := Parse(s)
	if err != nil {
		return s
	}
	return Format(d)
}

// IsNumber reports whether s is an amount as a bank's JSON writes one: a JSON number (-12,
// 1500.50, 1e3). Anything else in an amount's place — text, a formula — is refused by every
// format, never written into a cell.
func IsNumber(s string) bool {
	if _, ok := plain(s); ok {
		return true
	}
	return reNumber().MatchString(s)
}

var reNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$`) })

// Comma writes a formatted amount with a decimal comma, for spreadsheets in a Russian locale.
func Comma(formatted string) string { return strings.Replace(formatted, ".", ",", 1) }

// currencies are the ОКВ (ISO 4217) numeric codes a Russian business account is likely to hold.
var currencies = map[string]string{
	"643": "RUB", "810": "RUR", "840": "USD", "978": "EUR", "156": "CNY", "826": "GBP", "756": "CHF",
	"392": "JPY", "398": "KZT", "933": "BYN", "949": "TRY", "784": "AED", "344": "HKD", "356": "INR",
	"051": "AMD", "944": "AZN", "417": "KGS", "860": "UZS", "972": "TJS", "981": "GEL", "498": "MDL",
	"496": "MNT", "764": "THB", "704": "VND", "410": "KRW", "986": "BRL", "710": "ZAR", "364": "IRR",
	"368": "IQD", "682": "SAR", "634": "QAR", "818": "EGP", "203": "CZK", "985": "PLN", "348": "HUF",
	"752": "SEK", "578": "NOK", "208": "DKK", "124": "CAD", "036": "AUD", "554": "NZD", "702": "SGD",
	"458": "MYR", "360": "IDR", "608": "PHP", "959": "XAU", "961": "XAG",
}

// Currency shows an ОКВ code as letters ("643" → "RUB"); an unknown code stays as it came.
func Currency(code string) string {
	if l, ok := currencies[code]; ok {
		return l
	}
	return code
}

// plain formats an amount of the usual shape (digits, a dot and up to two decimals, no
// exponent, no leading zeros) by appending zeros: the common case, without big numbers.
func plain(s string) (string, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 1 && digits[0] == '0' && digits[1] != '.' {
		return "", false
	}
	dot := -1
	for i := 0; i < len(digits); i++ {
		switch c := digits[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0:
			dot = i
		default:
			return "", false
		}
	}
	switch {
	case dot < 0:
		return s + ".00", true
	case len(digits)-dot == 2:
		return s + "0", true
	case len(digits)-dot == 3:
		return s, true
	}
	return "", false
}

// Sum adds amounts exactly: in int64 kopecks while they fit (the usual case, and fast), as
// decimals once one does not.
type Sum struct {
	kopecks int64
	rest    decimal.Decimal // what did not fit in kopecks
}

// Add adds an amount's text; text that is not an amount is an error.
func (s *Sum) Add(text string) error {
	if f, ok := plain(text); ok {
		neg := f[0] == '-'
		digits := strings.Replace(strings.TrimPrefix(f, "-"), ".", "", 1)
		if len(digits) <= 17 {
			var k int64
			for i := 0; i < len(digits); i++ {
				k = k*10 + int64(digits[i]-'0')
			}
			if neg {
				k = -k
			}
			if sum := s.kopecks + k; (k > 0 && sum > s.kopecks) || (k <= 0 && sum <= s.kopecks) {
				s.kopecks = sum
				return nil
			}
		}
	}
	d, err := Parse(text)
	if err != nil {
		return err
	}
	s.rest = s.rest.Add(d)
	return nil
}

// Total is the sum.
func (s *Sum) Total() decimal.Decimal { return decimal.New(s.kopecks, -2).Add(s.rest) }
