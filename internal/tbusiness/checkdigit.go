package tbusiness

// AccountKeyOK checks a 20-digit account's control key against its bank's BIC, by the Bank of
// Russia rule: the last three digits of the BIC (for a settlement centre of the Bank of Russia,
// BIC ending in 000–002: "0" and the BIC's fifth and sixth digits) followed by the account, each
// digit times 7, 1, 3, 7, 1, 3…, must sum to a multiple of ten.
func AccountKeyOK(account, bic string) bool {
	if !digitsN(account, 20) || !digitsN(bic, 9) {
		return false
	}
	return keySum(account, bic)%10 == 0
}

// WithKey returns account with its control digit (the ninth) set right for bic: for tests and
// the sandbox, which need real-looking accounts.
func WithKey(account, bic string) string {
	b := []byte(account)
	b[8] = '0'
	s := keySum(string(b), bic)
	b[8] = byte('0' + (10-s%10)%10*7%10)
	return string(b)
}

func keySum(account, bic string) int {
	prefix := bic[6:9]
	if bic[6:9] <= "002" {
		prefix = "0" + bic[4:6]
	}
	weights := [3]int{7, 1, 3}
	sum := 0
	for i, c := range prefix + account {
		sum += int(c-'0') * weights[i%3] % 10
	}
	return sum
}

func digitsN(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
