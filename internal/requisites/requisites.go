// Package requisites checks Russian bank requisites by their control digits, as the Bank of
// Russia and the Federal Tax Service define them: an account's control key against its bank's
// BIC, a correspondent account's, an INN's check digits, a KPP's shape, and the Federal
// Treasury's accounts, which carry no control key.
package requisites

// AccountKeyOK checks a 20-digit account's control key against its bank's BIC, by the Bank of
// Russia rule: the last three digits of the BIC (for a settlement centre of the Bank of Russia,
// BIC ending in 000–002: "0" and the BIC's fifth and sixth digits) followed by the account, each
// digit times 7, 1, 3, 7, 1, 3…, must sum to a multiple of ten.
func AccountKeyOK(account, bic string) bool {
	if !Digits(account, 20) || !Digits(bic, 9) {
		return false
	}
	return keySum(account, accountPrefix(bic))%10 == 0
}

// CorrAccountKeyOK checks a correspondent account (a bank's account at the Bank of Russia,
// 30101…, or the Treasury's single account, the ЕКС, 40102…): its key is reckoned with "0"
// and the BIC's fifth and sixth digits.
func CorrAccountKeyOK(account, bic string) bool {
	if !Digits(account, 20) || !Digits(bic, 9) {
		return false
	}
	return keySum(account, "0"+bic[4:6])%10 == 0
}

// Treasury reports whether an account is one of the Federal Treasury's (its bank's BIC starts
// with 01, the account with 03, e.g. the single tax account 03100643000000018500 at BIC
// 017003983): such accounts carry no control key, their ЕКС (the correspondent account) does.
func Treasury(account, bic string) bool {
	return len(bic) == 9 && bic[:2] == "01" && len(account) == 20 && account[:2] == "03"
}

// WithKey returns account with its control digit (the ninth) set right for bic: for tests and
// the sandbox, which need real-looking accounts.
func WithKey(account, bic string) string { return withKey(account, accountPrefix(bic)) }

// CorrWithKey is WithKey for a correspondent account.
func CorrWithKey(account, bic string) string { return withKey(account, "0"+bic[4:6]) }

func withKey(account, prefix string) string {
	b := []byte(account)
	b[8] = '0'
	s := keySum(string(b), prefix)
	b[8] = byte('0' + (10-s%10)%10*7%10)
	return string(b)
}

func accountPrefix(bic string) string {
	if bic[6:9] <= "002" {
		return "0" + bic[4:6]
	}
	return bic[6:9]
}

func keySum(account, prefix string) int {
	weights := [3]int{7, 1, 3}
	sum := 0
	for i, c := range prefix + account {
		sum += int(c-'0') * weights[i%3] % 10
	}
	return sum
}

// INNOK checks an INN: 10 digits (an organisation) or 12 (a person), with the Tax Service's
// check digits.
func INNOK(inn string) bool {
	switch {
	case Digits(inn, 10):
		return innDigit(inn, innWeights[2:]) == inn[9]
	case Digits(inn, 12):
		return innDigit(inn, innWeights[1:]) == inn[10] && innDigit(inn, innWeights[:]) == inn[11]
	}
	return false
}

// innWeights: the 12-digit INN's second check digit takes all eleven, its first the last ten,
// a 10-digit INN's the last nine.
var innWeights = [11]int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}

func innDigit(inn string, w []int) byte {
	s := 0
	for i, k := range w {
		s += int(inn[i]-'0') * k
	}
	return byte('0' + s%11%10)
}

// INNWithCheck completes 9 digits (an organisation) or 10 (a person) into a valid INN: for tests
// and the sandbox.
func INNWithCheck(prefix string) string {
	switch len(prefix) {
	case 9:
		return prefix + string(innDigit(prefix+"0", innWeights[2:]))
	case 10:
		s := prefix + string(innDigit(prefix+"00", innWeights[1:]))
		return s + string(innDigit(s+"0", innWeights[:]))
	}
	panic("requisites: an INN prefix has 9 or 10 digits")
}

// KPPOK checks a KPP as the T-Business API takes it: 9 digits.
func KPPOK(kpp string) bool { return Digits(kpp, 9) }

// BICOK checks a BIC's shape: 9 digits.
func BICOK(bic string) bool { return Digits(bic, 9) }

// Digits reports whether s is exactly n ASCII digits.
func Digits(s string, n int) bool {
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
