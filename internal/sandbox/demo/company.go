// Package demo is the sandbox's make-believe world: a small Moscow company, its accounts at
// T-Bank, the counterparties it deals with (INNs, KPPs, accounts and BICs whose check digits are
// right), and a month of operations an accountant would recognise. On request (Hostile) the
// same statement instead carries the data made to test bankctl's exports against hostile
// senders: a purpose that forges a 1С document, formulas, terminal escapes, characters
// Windows-1251 lacks, amounts float64 would round.
package demo

import (
	"fmt"

	"github.com/bankctl/bankctl/internal/requisites"
)

// The company, its bank, and the self-service token the sandbox prints.
const (
	TBusinessToken = "tb.sandbox-self-service-5c0a9e71d2f84b36"
	CompanyINN     = "7704521838"
	CompanyKPP     = "770401001"
	CompanyName    = "ООО «Северный ветер»"
	BankBIC        = "044525974"
	BankCorr       = "30101810145250000974"
)

// Accounts of the company; the check digits are right for BankBIC.
var (
	MainAccount = requisites.WithKey("40702810X10000000001", BankBIC)
	USDAccount  = requisites.WithKey("40702840X10000000002", BankBIC)
	TaxAccount  = requisites.WithKey("40702810X10000000003", BankBIC)
)

// MainBalance is the main account's balance: an ordinary one, or (hostile) one that float64
// would round (to 1000000000000000.0).
func MainBalance(hostile bool) string {
	if hostile {
		return "1000000000000000.01"
	}
	return "1284530.75"
}

// OpeningBalance is the main account's balance at the start of any statement, in kopecks.
const OpeningBalance = 125000050

// Company is GET /api/v1/company's answer.
func Company() map[string]any {
	return map[string]any{
		"name": CompanyName, "city": "Москва",
		"requisites": map[string]string{
			"fullName": "Общество с ограниченной ответственностью «Северный ветер»",
			"address":  "119021, г. Москва, ул. Льва Толстого, д. 16, офис 4",
			"inn":      CompanyINN, "kpp": CompanyKPP, "ogrn": "1157746123456",
		},
		"bank": map[string]string{
			"bankName": "АО «ТБанк»", "bankAddress": "127287, г. Москва, ул. Хуторская 2-я, д. 38А, стр. 26",
			"corrAccount": BankCorr, "bankInn": "7710140679", "bankBic": BankBIC,
		},
		"registrationDate": "2015-03-12", "opf": "ООО",
	}
}

// Accounts is GET /api/v4/bank-accounts's answer, written by hand: the balances are JSON
// numbers with every digit the bank keeps.
func Accounts(hostile bool) string {
	main, otb := MainBalance(hostile), "1359530.75"
	if hostile {
		otb = "1000000000075000.01"
	}
	return fmt.Sprintf(`[{"accountNumber":%q,"name":"Рублевый счет","status":"NORM","tariffName":"Продвинутый","tariffCode":"BIZ2","currency":"643","createdOn":"2015-03-20","mainFlag":"Y","bankBik":%q,"accountType":"Current","activationDate":"2015-03-20","balance":{"balance":%s,"realOtb":%s,"otb":%s,"authorized":0,"pendingPayments":0,"pendingRequisitions":0},"transitAccount":null},`+
		`{"accountNumber":%q,"name":"Валютный счет","status":"NORM","currency":"840","createdOn":"2019-07-01","mainFlag":"N","bankBik":%q,"accountType":"Current","balance":{"balance":15000.5,"realOtb":15000.5,"otb":15000.5,"authorized":0,"pendingPayments":0,"pendingRequisitions":0},"transitAccount":{"accountNumber":%q}},`+
		`{"accountNumber":%q,"name":"Налоговая копилка","status":"NORM","currency":"643","mainFlag":"N","bankBik":%q,"accountType":"Tax","balance":{"balance":98765.43,"realOtb":98765.43,"otb":98765.43,"authorized":0,"pendingPayments":1200,"pendingRequisitions":0}}]`,
		MainAccount, BankBIC, main, main, otb, USDAccount, BankBIC, requisites.WithKey("40702840X00000000777", BankBIC), TaxAccount, BankBIC)
}
