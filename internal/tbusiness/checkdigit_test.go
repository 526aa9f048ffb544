package tbusiness

import "testing"

func TestAccountKey(t *testing.T) {
	// Real-format pairs: T-Bank's BIC with its documented example account, a Sberbank one, and
	// an account at a Bank of Russia settlement centre (BIC ending in 000).
	for _, c := range []struct {
		account, bic string
		ok           bool
	}{
		{"40802810000001951957", "044525974", true},
		{"40802810000001951958", "044525974", false},
		{"40702810938000000001", "044525225", true},
		{"40702810938000000001", "044525974", false},
		{"4080281000000195195", "044525974", false},
		{"40802810000001951957", "04452597", false},
	} {
		if got := AccountKeyOK(c.account, c.bic); got != c.ok {
			t.Errorf("AccountKeyOK(%s, %s) = %v", c.account, c.bic, got)
		}
	}
	for _, bic := range []string{"044525974", "044525225", "044030000", "045004001"} {
		a := WithKey("40702810X10000000042", bic)
		if !AccountKeyOK(a, bic) {
			t.Errorf("WithKey(%s) = %s does not check", bic, a)
		}
	}
}
