package tbusiness

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/bankctl/bankctl/internal/money"
)

// Moscow is UTC+3 all year (since 2014, and statements go back only to 2023): the days of a
// statement and of 1С are Moscow days. A fixed zone needs no tz database on the user's machine.
var Moscow = time.FixedZone("MSK", 3*3600)

// Party is a payer, a receiver or a counterparty.
type Party struct {
	Account, Name, INN, KPP, BIC, Bank, Corr string
}

// Operation is the part of a statement operation that tables, CSV and 1С show. Only the id,
// the date and the amounts are sure to be there; every other field may be missing.
type Operation struct {
	ID, Status, Account, BIC, Category, rawType string
	Date, DocDate, ChargeDate                   string // as the bank wrote them (RFC 3339)
	DocNumber, PayVo, Vo, Priority              string
	OperationAmount, OperationCurrency          string
	AccountAmount, AccountCurrency, RubleAmount string // decimal text, exactly as sent
	Description, Purpose                        string
	Payer, Receiver, CounterParty               Party
	Tax                                         Tax
	CardNumber, MCC                             string
}

// Tax is a budget payment's fields ("0" means empty).
type Tax struct {
	KBK, OKTMO, PayerStatus, Evidence, Period, DocNumber, DocDate, UIN string
}

// ParseOperation reads the fields bankctl shows from an operation's valid JSON.
func ParseOperation(raw []byte) *Operation {
	op := &Operation{}
	d := newDoc(raw)
	d.fields(0, func(k string, vs, ve int) {
		switch k {
		case "payer":
			op.Payer = d.party(vs)
		case "receiver":
			op.Receiver = d.party(vs)
		case "counterParty":
			op.CounterParty = d.party(vs)
		case "tax":
			d.fields(vs, func(k string, vs, ve int) {
				if dst := op.Tax.field(k); dst != nil {
					*dst = d.text(vs, ve)
				}
			})
		default:
			if dst := op.field(k); dst != nil {
				*dst = d.text(vs, ve)
			}
		}
	})
	return op
}

func (op *Operation) field(k string) *string {
	switch k {
	case "operationId":
		return &op.ID
	case "operationDate":
		return &op.Date
	case "operationStatus":
		return &op.Status
	case "accountNumber":
		return &op.Account
	case "bic":
		return &op.BIC
	case "typeOfOperation":
		return &op.rawType
	case "category":
		return &op.Category
	case "docDate":
		return &op.DocDate
	case "chargeDate":
		return &op.ChargeDate
	case "documentNumber":
		return &op.DocNumber
	case "payVo":
		return &op.PayVo
	case "vo":
		return &op.Vo
	case "priority":
		return &op.Priority
	case "operationAmount":
		return &op.OperationAmount
	case "operationCurrencyDigitalCode":
		return &op.OperationCurrency
	case "accountAmount":
		return &op.AccountAmount
	case "accountCurrencyDigitalCode":
		return &op.AccountCurrency
	case "rubleAmount":
		return &op.RubleAmount
	case "description":
		return &op.Description
	case "payPurpose":
		return &op.Purpose
	case "cardNumber":
		return &op.CardNumber
	case "mcc":
		return &op.MCC
	}
	return nil
}

func (t *Tax) field(k string) *string {
	switch k {
	case "kbk":
		return &t.KBK
	case "oktmo":
		return &t.OKTMO
	case "payerStatus":
		return &t.PayerStatus
	case "evidence":
		return &t.Evidence
	case "period":
		return &t.Period
	case "docNumber":
		return &t.DocNumber
	case "docDate":
		return &t.DocDate
	case "uin":
		return &t.UIN
	}
	return nil
}

func (d doc) party(at int) Party {
	var p Party
	d.fields(at, func(k string, vs, ve int) {
		var dst *string
		switch k {
		case "acct", "account":
			dst = &p.Account
		case "name":
			dst = &p.Name
		case "inn":
			dst = &p.INN
		case "kpp":
			dst = &p.KPP
		case "bicRu", "bankBic", "bic":
			dst = &p.BIC
		case "bankName":
			dst = &p.Bank
		case "corAcct", "corrAccount":
			dst = &p.Corr
		default:
			return
		}
		*dst = d.text(vs, ve)
	})
	return p
}

// Type is "Credit" or "Debit": the bank may spell Credit with a Cyrillic С.
func (op *Operation) Type() string {
	t := strings.TrimSpace(op.rawType)
	switch {
	case strings.EqualFold(t, "credit") || t == "Сredit" || strings.EqualFold(t, "сredit"):
		return "Credit"
	case strings.EqualFold(t, "debit"):
		return "Debit"
	}
	return t
}

// Credit reports whether money came in.
func (op *Operation) Credit() bool { return op.Type() == "Credit" }

// Authorization reports whether the operation is only authorized, not yet a transaction.
func (op *Operation) Authorization() bool { return strings.EqualFold(op.Status, "Authorization") }

// Counterparty is the other side: counterParty when the bank sent it, else the payer of a
// credit or the receiver of a debit.
func (op *Operation) Counterparty() Party {
	if op.CounterParty != (Party{}) {
		return op.CounterParty
	}
	if op.Credit() {
		return op.Payer
	}
	return op.Receiver
}

// Amount is the account amount, exact.
func (op *Operation) Amount() (decimal.Decimal, error) { return money.Parse(op.AccountAmount) }

// Signed is the account amount with a minus for a debit, as decimal text with two decimals.
func (op *Operation) Signed() string {
	a, err := op.Amount()
	if err != nil {
		return op.AccountAmount
	}
	if !op.Credit() && op.Type() == "Debit" {
		a = a.Neg()
	}
	return money.Format(a)
}

// MoscowTime is a bank time ("2025-03-31T21:00:00Z") in Moscow, or the zero time.
func MoscowTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.In(Moscow)
}
