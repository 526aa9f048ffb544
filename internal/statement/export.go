package statement

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/itchyny/gojq"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// Export writes a statement in one format as its operations arrive, for one account or several.
type Export interface {
	// Begin starts an account's operations (once for one account, again for each of --account all).
	Begin(account string) error
	// Balances is called once an account, as soon as its first page's balances are read.
	Balances(raw []byte) error
	// Operation is called for each operation with the bank's JSON on one line; raw is reused
	// after the call returns.
	Operation(raw []byte) error
	// PageEnd writes out what a page brought before the next is fetched.
	PageEnd() error
	// Finish completes the output after the last page.
	Finish() error
	// Abort ends an output cut short by a failed or interrupted page, so that no reader takes it
	// for whole: JSON stays without its closing bracket, 1С writes nothing (its spool is kept).
	Abort()
}

// ExportOptions choose and configure an export.
type ExportOptions struct {
	Format       string // table, tsv, jsonl, json, csv, xlsx or 1c
	Out          io.Writer
	TTY          bool       // stdout is a terminal: everything shown inert
	JQ           *gojq.Code // runs on each operation instead of a format
	Delimiter    rune       // CSV: ',' or ';' (then amounts have a decimal comma)
	Continuation bool       // a --cursor run: no BOM, no header, no opening bracket
	Notes        io.Writer  // stderr: balances, authorizations left out, values changed
	NotesTTY     bool       // stderr is a terminal: balances as a sentence, not JSON
	Balances     bool       // --balances: where the format has no place for them, to Notes
	All          bool       // --account all: each operation says its account
	From, To     time.Time  // the period [From, To)
	Spool        *Spool     // 1С: where its documents and totals wait for the last page
}

// NewExport returns the export for o.Format.
func NewExport(o ExportOptions) (Export, error) {
	w := bufio.NewWriterSize(o.Out, 64<<10)
	b := base{w: w, o: o}
	switch {
	case o.JQ != nil:
		return &jqExport{base: b}, nil
	case o.Format == "jsonl":
		return &jsonlExport{base: b}, nil
	case o.Format == "json":
		return &jsonExport{base: b}, nil
	case o.Format == "csv":
		return newCSV(b), nil
	case o.Format == "tsv":
		return &tsvExport{base: b}, nil
	case o.Format == "table":
		return newTable(b), nil
	case o.Format == "xlsx":
		return newXLSX(b), nil
	case o.Format == "1c":
		if o.Spool == nil {
			return nil, fmt.Errorf("-o 1c needs a spool")
		}
		return newOneC(b), nil
	}
	return nil, fmt.Errorf("no statement export %q", o.Format)
}

// base holds what every export shares: the buffered output, the account being written, and
// balances said on stderr.
type base struct {
	w       *bufio.Writer
	o       ExportOptions
	account string
}

func (b *base) Begin(account string) error { b.account = account; return nil }

func (b *base) Balances(raw []byte) error {
	if b.o.Balances && b.o.Notes != nil {
		line := BalancesLine(raw, b.o.NotesTTY)
		if b.o.All {
			line = b.account + " " + line
		}
		fmt.Fprintln(b.o.Notes, line)
	}
	return nil
}

func (b *base) Finish() error { return b.w.Flush() }
func (b *base) Abort()        { b.w.Flush() }

// PageEnd writes out what a page brought before the next is fetched.
func (b *base) PageEnd() error { return b.w.Flush() }

// parse reads an operation for a format that writes cells: its amounts must be numbers, and its
// account is the one being written when the bank left it out.
func (b *base) parse(raw []byte, transient bool) (*Operation, error) {
	var op *Operation
	var err error
	if transient {
		op, err = parseTransient(raw)
	} else {
		op, err = ParseOperation(raw)
	}
	if err != nil {
		return nil, err
	}
	if err := op.CheckAmounts(); err != nil {
		return nil, err
	}
	if op.Account == "" {
		op.Account = b.account
	}
	return op, nil
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
