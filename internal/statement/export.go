package statement

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/money"

	"github.com/itchyny/gojq"

	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// Export writes a statement in one format as its operations arrive.
type Export interface {
	// Balances is called once, as soon as the first page's balances are read.
	Balances(raw []byte) error
	// Operation is called for each operation with the bank's JSON on one line; raw is reused
	// after the call returns.
	Operation(raw []byte) error
	// Finish completes the output after the last page.
	Finish() error
	// Abort ends an output cut short by a failed page, so that no reader takes it for whole:
	// JSON stays without its closing bracket, 1С writes nothing.
	Abort()
}

// ExportOptions choose and configure an export.
type ExportOptions struct {
	Format       string // table, tsv, jsonl, json, csv or 1c
	Out          io.Writer
	TTY          bool       // stdout is a terminal: everything shown inert
	JQ           *gojq.Code // runs on each operation instead of a format
	Delimiter    rune       // CSV: ',' or ';' (then amounts have a decimal comma)
	Continuation bool       // a --cursor run: no BOM, no header, no opening bracket
	Notes        io.Writer  // stderr: balances, authorizations left out, values changed
	NotesTTY     bool       // stderr is a terminal: balances as a sentence, not JSON
	Balances     bool       // --balances: where the format has no place for them, to Notes
	Account      string     // the statement's account (1С's РасчСчет)
	From, To     time.Time  // the period [From, To)
	SpoolDir     string
}

// NewExport returns the export for o.Format.
func NewExport(o ExportOptions) (Export, error) {
	w := bufio.NewWriterSize(o.Out, 64<<10)
	switch {
	case o.JQ != nil:
		return &jqExport{base{w: w, o: o}}, nil
	case o.Format == "jsonl":
		return &jsonlExport{base{w: w, o: o}}, nil
	case o.Format == "json":
		return &jsonExport{base: base{w: w, o: o}}, nil
	case o.Format == "csv":
		return newCSV(w, o), nil
	case o.Format == "tsv":
		return &tsvExport{base{w: w, o: o}}, nil
	case o.Format == "table":
		return newTable(w, o), nil
	case o.Format == "1c":
		return newOneC(w, o)
	}
	return nil, fmt.Errorf("no statement export %q", o.Format)
}

// base holds what every export shares: the buffered output, and balances said on stderr.
type base struct {
	w *bufio.Writer
	o ExportOptions
}

func (b *base) Balances(raw []byte) error {
	if b.o.Balances && b.o.Notes != nil {
		fmt.Fprintln(b.o.Notes, BalancesLine(raw, b.o.NotesTTY))
	}
	return nil
}

// BalancesLine is the period's balances for stderr: for a person on a terminal a sentence
// ("balances: opening 1250000.50, received …, paid …, closing …"), for a script the bank's JSON
// on one line.
func BalancesLine(raw []byte, person bool) string {
	if !person {
		return "balances: " + sanitize.Line(string(raw))
	}
	v := map[string]string{}
	jsonscan.FieldsOf(raw, func(k, val string) { v[k] = jsonscan.Text(val) })
	amount := func(k string) string {
		if a := v[k]; money.IsNumber(a) {
			return money.FormatText(a)
		}
		return "—"
	}
	return fmt.Sprintf("balances: opening %s, received %s, paid %s, closing %s",
		amount("balanceBegin"), amount("credit"), amount("debit"), amount("balanceEnd"))
}

func (b *base) Finish() error { return b.w.Flush() }

func (b *base) Abort() { b.w.Flush() }

// PageEnd writes out what a page brought before the next is fetched.
func (b *base) PageEnd() error { return b.w.Flush() }

// jsonlExport writes each operation as the bank sent it, one a line: byte-exact to a pipe.
type jsonlExport struct{ base }

func (e *jsonlExport) Operation(raw []byte) error {
	if !jsonscan.Valid(raw) {
		return ErrInvalid
	}
	if e.o.TTY {
		raw = sanitize.JSON(raw)
	}
	e.w.Write(raw)
	return e.w.WriteByte('\n')
}

// jqExport runs --jq on each operation, as jq does on JSON Lines.
type jqExport struct{ base }

func (e *jqExport) Operation(raw []byte) error {
	if !jsonscan.Valid(raw) {
		return ErrInvalid
	}
	return render.JQ(e.w, e.o.JQ, raw, e.o.TTY)
}

// jsonExport writes one array, streamed; with --balances, {"balances":…,"operations":[…]}.
type jsonExport struct {
	base
	started  bool
	n        int
	late     []byte // balances that came after the first operation
	wrapped  bool
	balances []byte
}

func (e *jsonExport) Balances(raw []byte) error {
	if !e.o.Balances {
		return nil
	}
	if e.started {
		e.late = append([]byte(nil), raw...)
		return nil
	}
	e.balances = append([]byte(nil), raw...)
	return nil
}

func (e *jsonExport) start() {
	if e.started {
		return
	}
	e.started = true
	if e.o.Balances {
		e.wrapped = true
		e.w.WriteString(`{"balances":`)
		if e.balances != nil {
			e.w.Write(e.balances)
		} else {
			e.w.WriteString("null")
		}
		e.w.WriteString(`,"operations":`)
	}
	e.w.WriteString("[\n")
}

func (e *jsonExport) Operation(raw []byte) error {
	if !jsonscan.Valid(raw) {
		return ErrInvalid
	}
	e.start()
	if e.n > 0 {
		e.w.WriteString(",\n")
	}
	e.n++
	if e.o.TTY {
		raw = sanitize.JSON(raw)
	}
	_, err := e.w.Write(raw)
	return err
}

func (e *jsonExport) Finish() error {
	e.start()
	if e.n > 0 {
		e.w.WriteByte('\n')
	}
	e.w.WriteByte(']')
	if e.wrapped {
		e.w.WriteByte('}')
	}
	e.w.WriteByte('\n')
	return e.w.Flush()
}
