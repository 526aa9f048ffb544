package money

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestFormatNeverRounds(t *testing.T) {
	for in, want := range map[string]string{
		"1000000000000000.01": "1000000000000000.01", "1500": "1500.00", "0.5": "0.50", "-12.3": "-12.30",
		"60462.94": "60462.94", "1e3": "1000.00", "0.001": "0.001", "123456789012345678901234.5": "123456789012345678901234.50",
		"0": "0.00", "-0.5": "-0.50", "007": "7.00", "1.": "1.00", "abc": "abc", "-": "-", "5.000": "5.00",
	} {
		if got := FormatText(in); got != want {
			t.Errorf("FormatText(%s) = %s, want %s", in, got, want)
		}
	}
	if Comma("1500.25") != "1500,25" || Currency("643") != "RUB" || Currency("999") != "999" {
		t.Fatal("comma or currency")
	}
}

// The fast path and shopspring/decimal agree on every amount of the usual shape.
func FuzzFormatText(f *testing.F) {
	for _, s := range []string{"1500", "1500.5", "-0.05", "0.10", "100000000000000000000.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := plain(s)
		if !ok {
			return
		}
		d, err := Parse(s)
		if err != nil {
			t.Fatalf("plain took %q, which is no amount", s)
		}
		if want := Format(d); fast != want && !(d.IsZero() && fast == "-"+want) {
			t.Fatalf("%q: fast %q, decimal %q", s, fast, want)
		}
	})
}

func TestSumIsExact(t *testing.T) {
	var s Sum
	want := decimal.Zero
	for _, a := range []string{"0.1", "0.2", "98765432109876.54", "-5", "92233720368547758.07", "92233720368547758.07", "1e2", "0.005"} {
		if err := s.Add(a); err != nil {
			t.Fatal(err)
		}
		want = want.Add(decimal.RequireFromString(a))
	}
	if !s.Total().Equal(want) {
		t.Fatalf("sum %s, want %s", s.Total(), want)
	}
	if s.Add("abc") == nil {
		t.Fatal("text added")
	}
}
