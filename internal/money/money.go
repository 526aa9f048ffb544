// Package money keeps amounts exact from the wire to the screen: a bank's JSON number is read as
// its decimal text (never float64, which turns 1000000000000000.01 into ...02), summed with
// shopspring/decimal, and written back with at least two decimals and never rounded.
package money

import (
	"fmt"
	"strings"

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
	if d.Exponent() >= -2 {
		return d.StringFixed(2)
	}
	return d.String()
}

// FormatText is Format for an amount's text; text that is not an amount is returned as it is.
func FormatText(s string) string {
	d, err := Parse(s)
	if err != nil {
		return s
	}
	return Format(d)
}

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
