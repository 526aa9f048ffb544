package statement

import (
	"encoding/csv"
	"strings"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
)

// csvExport writes RFC 4180 CSV for spreadsheets: UTF-8 with a BOM, one header row, the fixed
// Columns. Amounts are numbers (with a decimal comma when the delimiter is ';', as a Russian
// locale expects); every other cell is text, and one a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or CR) gets a leading ', as OWASP advises. Scripts should read
// -o jsonl, which stays byte-exact.
type csvExport struct {
	base
	c      *csv.Writer
	comma  bool
	header bool
	row    []string
}

func newCSV(b base) *csvExport {
	return &csvExport{base: b, comma: b.o.Delimiter == ';', header: !b.o.Continuation, row: make([]string, len(Columns))}
}

func (e *csvExport) Operation(raw []byte) error {
	if e.c == nil {
		e.begin()
	}
	op, err := e.parse(raw, true)
	if err != nil {
		return err
	}
	for i, col := range Columns {
		v := col.Get(op)
		if col.Amount {
			if e.comma {
				v = money.Comma(v)
			}
		} else {
			v = render.FormulaSafe(v)
		}
		e.row[i] = v
	}
	return e.c.Write(e.row)
}

func (e *csvExport) begin() {
	e.c = csv.NewWriter(e.w)
	e.c.UseCRLF = true // RFC 4180
	if e.comma {
		e.c.Comma = ';'
	}
	if e.header {
		e.w.WriteString("\ufeff")
		names := make([]string, len(Columns))
		for i, c := range Columns {
			names[i] = c.Name
		}
		e.c.Write(names)
	}
}

// PageEnd writes out the page's rows.
func (e *csvExport) PageEnd() error {
	if e.c != nil {
		e.c.Flush()
	}
	return e.w.Flush()
}

func (e *csvExport) Finish() error {
	if e.c == nil {
		e.begin()
	}
	e.c.Flush()
	if err := e.c.Error(); err != nil {
		return err
	}
	return e.w.Flush()
}

func (e *csvExport) Abort() {
	if e.c != nil {
		e.c.Flush()
	}
	e.w.Flush()
}

// tsvExport writes the same columns tab-separated for scripts: no header, one line per
// operation (tabs and line breaks inside a value become spaces), no formula guard.
type tsvExport struct{ base }

var tsvClean = strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")

func (e *tsvExport) Operation(raw []byte) error {
	op, err := e.parse(raw, true)
	if err != nil {
		return err
	}
	for i, col := range Columns {
		if i > 0 {
			e.w.WriteByte('\t')
		}
		e.w.WriteString(tsvClean.Replace(col.Get(op)))
	}
	return e.w.WriteByte('\n')
}
