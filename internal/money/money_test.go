package money

import "testing"

func TestFormatNeverRounds(t *testing.T) {
	for in, want := range map[string]string{
		"1000000000000000.01": "1000000000000000.01", "1500": "1500.00", "0.5": "0.50", "-12.3": "-12.30",
		"60462.94": "60462.94", "1e3": "1000.00", "0.001": "0.001", "123456789012345678901234.5": "123456789012345678901234.50",
	} {
		if got := FormatText(in); got != want {
			t.Errorf("FormatText(%s) = %s, want %s", in, got, want)
		}
	}
	if Comma("1500.25") != "1500,25" || Currency("643") != "RUB" || Currency("999") != "999" {
		t.Fatal("comma or currency")
	}
}
