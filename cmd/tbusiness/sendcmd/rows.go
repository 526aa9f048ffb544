// Package sendcmd is what the commands of the documents sent exactly once (payment drafts,
// invoices) print and read alike: a row per document of a run, a dry run's plan, the journal,
// and the batch's exit code. A Kind says the words and the file that differ.
package sendcmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/xlsx"
)

// Kind is one kind of document sent exactly once.
type Kind struct {
	Noun        string // "draft"
	File        string // "payments.jsonl"
	JournalName string // "the payment journal"
	Command     string // "payment": `bankctl tbusiness payment journal`
	Party       string // the column of the other side: "RECIPIENT"
	// HeldUnknown, HeldConflict and Unknown are the notes of a row held for a person and of
	// one whose answer was lost.
	HeldUnknown, HeldConflict, Unknown string
	// Finder: --force looks for an unknown document before sending it again.
	Finder bool
}

// Row is one document's line in the output of a run, status and journal.
type Row struct {
	Time       string          `json:"time,omitempty"`
	Input      string          `json:"input,omitempty"`
	Line       int             `json:"line,omitempty"`
	Number     string          `json:"number,omitempty"`
	Amount     string          `json:"amount,omitempty"`
	Recipient  string          `json:"recipient,omitempty"`
	Account    string          `json:"account,omitempty"`
	DocumentID string          `json:"documentId,omitempty"`
	PDFURL     string          `json:"pdfUrl,omitempty"`
	PayerURL   string          `json:"incomingInvoiceUrl,omitempty"`
	Result     string          `json:"result"`
	Reason     string          `json:"reason,omitempty"`
	Note       string          `json:"note,omitempty"`
	Error      string          `json:"error,omitempty"`
	Earlier    *EarlierRow     `json:"earlier,omitempty"`
	Differs    []string        `json:"differs,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
}

// EarlierRow names the document a skip or a hold refers to.
type EarlierRow struct {
	DocumentID string `json:"documentId,omitempty"`
	Result     string `json:"result"`
	Time       string `json:"time,omitempty"`
	Input      string `json:"input,omitempty"`
	Line       int    `json:"line,omitempty"`
}

func earlierOf(e *sendonce.Earlier) *EarlierRow {
	if e == nil {
		return nil
	}
	r := &EarlierRow{DocumentID: e.DocumentID, Result: e.Result, Input: e.Input, Line: e.Line}
	if !e.Time.IsZero() {
		r.Time = Stamp(e.Time)
	}
	return r
}

// Stamp is a journal time as bankctl gives every time in JSON: Moscow time, the bank's, in RFC
// 3339 with its offset; tables show it without (their header says MSK).
func Stamp(t time.Time) string { return msk.RFC3339(t) }

// TableTime is an RFC 3339 time of a row as a table shows it: Moscow time, to the second.
func TableTime(n *render.Node) string {
	t, err := time.Parse(time.RFC3339, n.String())
	if err != nil {
		return n.String()
	}
	return msk.Stamp(t)
}

func docRow(d *sendonce.Doc) Row {
	return Row{Line: max(d.Line, 0), Number: d.Number, Amount: money.FormatText(d.Amount), Recipient: d.Recipient, Account: d.Account}
}

// links are what an answer gave beside the id (an invoice's PDF and the payer's page).
func (r *Row) links(extra map[string]string) {
	r.PDFURL, r.PayerURL = extra["pdfUrl"], extra["incomingInvoiceUrl"]
}

// FromRun is a row of a run.
func (k Kind) FromRun(r sendonce.Row) Row {
	row := docRow(r.Doc)
	row.Result, row.Reason, row.DocumentID, row.Error = r.Result, r.Why, r.DocumentID, r.Error
	row.Earlier, row.Differs = earlierOf(r.Earlier), r.Differs
	row.links(r.Extra)
	switch {
	case r.Result == sendonce.Held && r.Why == sendonce.WhyUnknown:
		row.Note = k.HeldUnknown
	case r.Result == sendonce.Held && r.Why == sendonce.WhyConflict:
		row.Note = k.HeldConflict
	case r.Result == sendonce.Unknown:
		row.Note = k.Unknown
	}
	return row
}

// DryRows say what a run would do.
func (k Kind) DryRows(items []sendonce.Item) []Row {
	check := "send"
	if k.Finder {
		check = "look in the statement, then send"
	}
	rows := make([]Row, 0, len(items))
	for _, it := range items {
		r := docRow(it.Doc)
		r.Body = it.Doc.Body
		r.Result = "would " + map[string]string{sendonce.Send: "send", sendonce.Skipped: "skip", sendonce.Held: "hold", sendonce.Check: check}[it.Decision]
		r.Reason, r.Earlier, r.Differs = it.Why, earlierOf(it.Earlier), it.Differs
		if it.Earlier != nil {
			r.DocumentID = it.Earlier.DocumentID
		}
		rows = append(rows, r)
	}
	return rows
}

// Str is a column's cell: the row's field key.
func Str(key string) func(n *render.Node) string {
	return func(n *render.Node) string { return n.At(key).String() }
}

// Columns are a run's table: the line, number, amount, other side, id and result.
func (k Kind) Columns() []cmdutil.Column {
	return []cmdutil.Column{
		{Header: "LINE", Kind: xlsx.Integer, Get: Str("line")},
		{Header: "NUMBER", Get: Str("number")},
		{Header: "AMOUNT", Amount: true, Get: Str("amount")},
		{Header: k.Party, Get: Str("recipient")},
		{Header: "DOCUMENT", Get: Str("documentId")},
		{Header: "RESULT", Get: k.result},
	}
}

// result is the RESULT column: the result, and why.
func (k Kind) result(n *render.Node) string {
	parts := []string{n.At("result").String()}
	if r := n.At("reason").String(); r != "" {
		parts[0] += " (" + r + ")"
	}
	if e := n.At("earlier"); e != nil && e.At("result").String() != "" {
		what := k.Noun + " " + e.At("documentId").String()
		if e.At("documentId").String() == "" {
			what = "a " + k.Noun + ", " + e.At("result").String()
		}
		if l := e.At("line").String(); l != "" {
			what += ", line " + l
		}
		if t := e.At("time"); t.String() != "" {
			what += ", " + TableTime(t) + " MSK"
		}
		parts = append(parts, "earlier: "+what)
	}
	var diff []string
	if d := n.At("differs"); d != nil {
		d.Elements(func(v *render.Node) bool { diff = append(diff, v.String()); return true })
	}
	if len(diff) > 0 {
		parts = append(parts, "differs in "+strings.Join(diff, ", "))
	}
	for _, key := range []string{"error", "note"} {
		if v := n.At(key).String(); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ": ")
}

// PrintRows prints rows as a list.
func PrintRows(p *cmdutil.Printer, rows []Row, cols []cmdutil.Column) error {
	items := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		b, err := render.Marshal(r)
		if err != nil {
			return err
		}
		items[i] = b
	}
	return p.List(nil, items, cols)
}

// InputName names an input in the journal: flags, stdin or the file's name.
func InputName(input string) string {
	switch input {
	case "":
		return "flags"
	case "-":
		return "stdin"
	}
	return filepath.Base(input)
}

// Outcome is the batch's exit: 4 or 5 when a 401 or 403 stopped it, 130 for an interrupt, 1
// when any document was refused, unknown, not sent or held, else 0 (skipped ones count as done).
func (k Kind) Outcome(rows []Row, planned int, runErr error) error {
	if runErr != nil {
		if errors.Is(runErr, sendonce.ErrStopped) && planned > len(rows) {
			return fmt.Errorf("%w (%d of %d %s(s) not tried)", runErr, planned-len(rows), planned, k.Noun)
		}
		return runErr
	}
	failed := 0
	for _, r := range rows {
		switch r.Result {
		case sendonce.Refused, sendonce.Unknown, sendonce.NotSent, sendonce.Held:
			failed++
		}
	}
	if failed > 0 {
		return apperr.Suggest(fmt.Errorf("%d of %d %s(s) were not created: see above", failed, len(rows), k.Noun),
			fmt.Sprintf("`bankctl tbusiness %s journal` lists every attempt; docs/tbusiness.md says what to do with unknown and held ones", k.Command))
	}
	return nil
}
