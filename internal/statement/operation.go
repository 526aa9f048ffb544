// Package statement is what bankctl writes a statement as: the operation model (Parse reads the
// fields tables, CSV, XLSX and 1С show, in one pass of jsonscan's walker), the fixed column set,
// and a writer per format — table, TSV, CSV, JSON Lines, JSON, --jq, 1С and XLSX. A writer takes
// operations and writes them; it opens no file and sums no money: the 1С spool and the totals
// sit beside it (spool.go, totals in internal/onec), chosen by Export.
package statement

import (
	"fmt"
	"strings"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/money"
)

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
	Tax                                         Tax
	CardNumber, MCC                             string

	// The parties are read when asked for: a CSV row needs only the counterparty.
	d                         jsonscan.Doc
	payerAt, receiverAt, cpAt int
	cp                        *Party
}

// Tax is a budget payment's fields ("0" means empty).
type Tax struct {
	KBK, OKTMO, PayerStatus, Evidence, Period, DocNumber, DocDate, UIN string
}

// ErrInvalid is an operation that is not valid JSON.
var ErrInvalid = jsonscan.ErrInvalid

// ParseOperation checks an operation's JSON and reads the fields bankctl shows, in one pass.
func ParseOperation(raw []byte) (*Operation, error) { return parseOperation(jsonscan.NewDoc(raw)) }

// parseTransient is ParseOperation whose strings share raw's memory, for an export that is done
// with the operation before raw is reused (CSV, TSV, 1С): a statement's 150 MB are not copied
// once more.
func parseTransient(raw []byte) (*Operation, error) {
	if len(raw) == 0 {
		return nil, ErrInvalid
	}
	return parseOperation(jsonscan.Transient(raw))
}

func parseOperation(d jsonscan.Doc) (*Operation, error) {
	raw := d.B
	op := &Operation{d: d, payerAt: -1, receiverAt: -1, cpAt: -1}
	i := jsonscan.SkipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, ErrInvalid
	}
	end, ok := jsonscan.Members(raw, i, 0, func(ks, ke, vs, ve int) {
		op.member(d.Text(ks, ke), vs, ve)
	})
	if !ok || jsonscan.SkipSpace(raw, end) != len(raw) {
		return nil, ErrInvalid
	}
	return op, nil
}

// member takes one top-level field of the operation.
func (op *Operation) member(k string, vs, ve int) {
	d := op.d
	switch k {
	case "payer":
		op.payerAt = vs
	case "receiver":
		op.receiverAt = vs
	case "counterParty":
		op.cpAt = vs
	case "tax":
		d.Fields(vs, func(k string, vs, ve int) {
			if dst := op.Tax.field(k); dst != nil {
				*dst = d.Text(vs, ve)
			}
		})
	default:
		if dst := op.field(k); dst != nil {
			*dst = d.Text(vs, ve)
		}
	}
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

// Payer is the operation's payer.
func (op *Operation) Payer() Party { return party(op.d, op.payerAt) }

// Receiver is the operation's receiver.
func (op *Operation) Receiver() Party { return party(op.d, op.receiverAt) }

func party(d jsonscan.Doc, at int) Party {
	var p Party
	if at < 0 {
		return p
	}
	d.Fields(at, func(k string, vs, ve int) {
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
		*dst = d.Text(vs, ve)
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
	if op.cp == nil {
		cp := party(op.d, op.cpAt)
		switch {
		case cp != (Party{}):
		case op.Credit():
			cp = op.Payer()
		default:
			cp = op.Receiver()
		}
		op.cp = &cp
	}
	return *op.cp
}

// Signed is the account amount with a minus for a debit, as decimal text with two decimals.
func (op *Operation) Signed() string {
	s := money.FormatText(op.AccountAmount)
	if op.Type() == "Debit" && s != "" {
		if s[0] == '-' {
			return s[1:]
		}
		return "-" + s
	}
	return s
}

// CheckAmounts refuses an operation whose amounts are not numbers: a bank's (or a forger's)
// text in an amount's place is never written into a CSV, TSV, table or 1С cell.
func (op *Operation) CheckAmounts() error {
	for _, a := range [...]struct{ name, v string }{{"accountAmount", op.AccountAmount}, {"operationAmount", op.OperationAmount}, {"rubleAmount", op.RubleAmount}} {
		if a.v != "" && !money.IsNumber(a.v) {
			return fmt.Errorf("operation %s: its %s %q is not a number: stopped, so no cell holds it", clip(op.ID), a.name, clip(a.v))
		}
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
