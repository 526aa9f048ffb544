package requisites

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
		// The Treasury's single tax account has no control key: the usual rule refuses it.
		{"03100643000000018500", "017003983", false},
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

// Correspondent accounts, the Treasury's ЕКС among them, are keyed with "0" and BIC digits 5–6.
func TestCorrAccountAndTreasury(t *testing.T) {
	for _, c := range []struct {
		account, bic string
		ok           bool
	}{
		{"30101810400000000225", "044525225", true},  // Sberbank
		{"30101810145250000974", "044525974", true},  // T-Bank
		{"40102810445370000059", "017003983", true},  // the ЕКС of the single tax account (Tula)
		{"40102810445370000058", "017003983", false}, // one digit off
	} {
		if got := CorrAccountKeyOK(c.account, c.bic); got != c.ok {
			t.Errorf("CorrAccountKeyOK(%s, %s) = %v", c.account, c.bic, got)
		}
	}
	if !Treasury("03100643000000018500", "017003983") || Treasury("40702810938000000001", "044525225") || Treasury("03100643000000018500", "044525225") {
		t.Error("Treasury")
	}
	if c := CorrWithKey("40102810X45370000059", "017003983"); !CorrAccountKeyOK(c, "017003983") {
		t.Errorf("CorrWithKey: %s", c)
	}
}

func TestINN(t *testing.T) {
	for inn, ok := range map[string]bool{
		"7707083893":   true,  // Sberbank
		"7710140679":   true,  // T-Bank
		"7707083894":   false, // one digit off
		"7701234567":   false, // the old README's example
		"500100732259": true,  // a person
		"500100732258": false,
		"0":            false, // the API's "none": a caller allows it before asking
		"77070838931":  false,
		"770708389a":   false,
	} {
		if INNOK(inn) != ok {
			t.Errorf("INNOK(%s) = %v", inn, !ok)
		}
	}
	for _, p := range []string{"770123456", "500100732", "7701234567", "5001007322"} {
		if inn := INNWithCheck(p); !INNOK(inn) || inn[:len(p)] != p {
			t.Errorf("INNWithCheck(%s) = %s", p, inn)
		}
	}
}
