package statement

import (
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
)

// Column is one column of the CSV and TSV exports, in docs/tbusiness.md's order.
type Column struct {
	Name   string
	Amount bool // a number: never formula-guarded, a decimal comma with --delimiter ';'
	Get    func(op *Operation) string
}

// Columns is the fixed column set of `-o csv` and of TSV.
var Columns = []Column{
	{Name: "date", Get: func(op *Operation) string { return moscowStamp(op.Date) }},
	{Name: "operation_id", Get: func(op *Operation) string { return op.ID }},
	{Name: "status", Get: func(op *Operation) string { return op.Status }},
	{Name: "type", Get: func(op *Operation) string { return op.Type() }},
	{Name: "amount", Amount: true, Get: func(op *Operation) string { return op.Signed() }},
	{Name: "currency", Get: func(op *Operation) string { return money.Currency(op.AccountCurrency) }},
	{Name: "operation_amount", Amount: true, Get: func(op *Operation) string { return amount(op.OperationAmount) }},
	{Name: "operation_currency", Get: func(op *Operation) string { return money.Currency(op.OperationCurrency) }},
	{Name: "ruble_amount", Amount: true, Get: func(op *Operation) string { return amount(op.RubleAmount) }},
	{Name: "counterparty", Get: func(op *Operation) string { return op.Counterparty().Name }},
	{Name: "counterparty_inn", Get: func(op *Operation) string { return op.Counterparty().INN }},
	{Name: "counterparty_kpp", Get: func(op *Operation) string { return op.Counterparty().KPP }},
	{Name: "counterparty_account", Get: func(op *Operation) string { return op.Counterparty().Account }},
	{Name: "counterparty_bank", Get: func(op *Operation) string { return op.Counterparty().Bank }},
	{Name: "counterparty_bic", Get: func(op *Operation) string { return op.Counterparty().BIC }},
	{Name: "document_number", Get: func(op *Operation) string { return op.DocNumber }},
	{Name: "document_date", Get: func(op *Operation) string { return moscowDay(op.DocDate) }},
	{Name: "purpose", Get: func(op *Operation) string { return op.Purpose }},
	{Name: "category", Get: func(op *Operation) string { return op.Category }},
	{Name: "description", Get: func(op *Operation) string { return op.Description }},
	{Name: "account", Get: func(op *Operation) string { return op.Account }},
}

func amount(s string) string {
	if s == "" {
		return ""
	}
	return money.FormatText(s)
}

// moscowStamp is a bank time as "2006-01-02 15:04:05" in Moscow, which spreadsheets read as a
// date and time; text that is not a time stays as it came.
func moscowStamp(s string) string {
	if t := msk.Parse(s); !t.IsZero() {
		return msk.Stamp(t)
	}
	return s
}

// moscowDay is a bank time's Moscow day, "2006-01-02".
func moscowDay(s string) string {
	if t := msk.Parse(s); !t.IsZero() {
		return string(msk.AppendDay(nil, t, false))
	}
	return s
}
