package statement

import (
	"github.com/bankctl/bankctl/internal/xlsx"
)

// xlsxExport writes the CSV's columns as an Excel workbook, streamed: accounts, INN, KPP and BIC
// as text, amounts as numbers with two decimals, Moscow dates and times as Excel dates.
type xlsxExport struct {
	base
	x   *xlsx.Writer
	row []string
}

// xlsxKinds type the CSV's columns.
var xlsxKinds = map[string]xlsx.Kind{"date": xlsx.DateTime, "document_date": xlsx.Date,
	"amount": xlsx.Amount, "operation_amount": xlsx.Amount, "ruble_amount": xlsx.Amount}

func newXLSX(b base) *xlsxExport {
	cols := make([]xlsx.Column, len(Columns))
	for i, c := range Columns {
		cols[i] = xlsx.Column{Name: c.Name, Kind: xlsxKinds[c.Name]}
	}
	return &xlsxExport{base: b, x: xlsx.NewWriter(b.w, cols), row: make([]string, len(Columns))}
}

func (e *xlsxExport) Operation(raw []byte) error {
	op, err := e.parse(raw, true)
	if err != nil {
		return err
	}
	for i, col := range Columns {
		e.row[i] = col.Get(op)
	}
	return e.x.Write(e.row)
}

// PageEnd: the first page sizes the columns; every page is written out.
func (e *xlsxExport) PageEnd() error {
	if err := e.x.Flush(); err != nil {
		return err
	}
	return e.w.Flush()
}

func (e *xlsxExport) Finish() error {
	if err := e.x.Close(); err != nil {
		return err
	}
	return e.w.Flush()
}
