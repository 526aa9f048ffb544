// Package payment holds `bankctl tbusiness payment`: create payment-order drafts (checked
// before anything is sent, each sent exactly once through internal/sendonce), ask their status,
// list the journal. The commands read flags and print rows; internal/payment and
// internal/sendonce decide.
package payment

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/xlsx"
)

// NewCmdPayment builds `bankctl tbusiness payment`.
func NewCmdPayment(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "payment <command>",
		Short: "Create payment-order drafts, check their status, read the journal",
		Long: `Create payment-order drafts in the T-Business web bank, where a person signs them (the API
moves no money), ask the bank for their status, and read the journal that keeps every draft
from being sent twice.`,
		Example: `  bankctl tb payment create --input payments.csv
  bankctl tb payment status
  bankctl tb payment journal`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdCreate(f, nil), NewCmdStatus(f, nil), NewCmdJournal(f, nil))
	return c
}

var rowFormats = cmdutil.ListFormats

// Row is one draft's line in the output of create, status and journal.
type Row struct {
	Time       string          `json:"time,omitempty"`
	Input      string          `json:"input,omitempty"`
	Line       int             `json:"line,omitempty"`
	Number     string          `json:"number,omitempty"`
	Amount     string          `json:"amount,omitempty"`
	Recipient  string          `json:"recipient,omitempty"`
	Account    string          `json:"account,omitempty"`
	DocumentID string          `json:"documentId,omitempty"`
	Result     string          `json:"result"`
	Reason     string          `json:"reason,omitempty"`
	Note       string          `json:"note,omitempty"`
	Error      string          `json:"error,omitempty"`
	Earlier    *earlierRow     `json:"earlier,omitempty"`
	Differs    []string        `json:"differs,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
}

// earlierRow names the draft a skip or a hold refers to.
type earlierRow struct {
	DocumentID string `json:"documentId,omitempty"`
	Result     string `json:"result"`
	Time       string `json:"time,omitempty"`
	Input      string `json:"input,omitempty"`
	Line       int    `json:"line,omitempty"`
}

func earlierOf(e *sendonce.Earlier) *earlierRow {
	if e == nil {
		return nil
	}
	r := &earlierRow{DocumentID: e.DocumentID, Result: e.Result, Input: e.Input, Line: e.Line}
	if !e.Time.IsZero() {
		r.Time = Stamp(e.Time)
	}
	return r
}

// Stamp is a journal time as bankctl gives every time in JSON: Moscow time, the bank's, in RFC
// 3339 with its offset; tables show it without (their header says MSK).
func Stamp(t time.Time) string { return msk.RFC3339(t) }

// tableTime is an RFC 3339 time of a row as a table shows it: Moscow time, to the second.
func tableTime(n *render.Node) string {
	t, err := time.Parse(time.RFC3339, n.String())
	if err != nil {
		return n.String()
	}
	return msk.Stamp(t)
}

func now() time.Time { return time.Now() }

func docRow(d *sendonce.Doc) Row {
	return Row{Line: max(d.Line, 0), Number: d.Number, Amount: money.FormatText(d.Amount), Recipient: d.Recipient, Account: d.Account}
}

// fromRun is a row of a run.
func fromRun(r sendonce.Row) Row {
	row := docRow(r.Doc)
	row.Result, row.Reason, row.DocumentID, row.Error = r.Result, r.Why, r.DocumentID, r.Error
	row.Earlier, row.Differs = earlierOf(r.Earlier), r.Differs
	if r.Result == sendonce.Held && r.Why == sendonce.WhyUnknown {
		row.Note = "sent before with no answer: look for it in the web bank (or let --force look in the statement), then run again with --force"
	}
	if r.Result == sendonce.Held && r.Why == sendonce.WhyConflict {
		row.Note = "another draft has this payer account and number: check which is right, then run again with --force to send this one too"
	}
	if r.Result == sendonce.Unknown {
		row.Note = "no answer: look for it in the web bank before sending it again with --force"
	}
	return row
}

// dryRows says what a run would do.
func dryRows(items []sendonce.Item) []Row {
	rows := make([]Row, 0, len(items))
	for _, it := range items {
		r := docRow(it.Doc)
		r.Body = it.Doc.Body
		r.Result = "would " + map[string]string{sendonce.Send: "send", sendonce.Skipped: "skip", sendonce.Held: "hold", sendonce.Check: "look in the statement, then send"}[it.Decision]
		r.Reason, r.Earlier, r.Differs = it.Why, earlierOf(it.Earlier), it.Differs
		if it.Earlier != nil {
			r.DocumentID = it.Earlier.DocumentID
		}
		rows = append(rows, r)
	}
	return rows
}

func str(key string) func(n *render.Node) string {
	return func(n *render.Node) string { return n.At(key).String() }
}

var rowColumns = []cmdutil.Column{
	{Header: "LINE", Kind: xlsx.Integer, Get: str("line")},
	{Header: "NUMBER", Get: str("number")},
	{Header: "AMOUNT", Amount: true, Get: str("amount")},
	{Header: "RECIPIENT", Get: str("recipient")},
	{Header: "DOCUMENT", Get: str("documentId")},
	{Header: "RESULT", Get: result},
}

// result is the RESULT column: the result, and why.
func result(n *render.Node) string {
	parts := []string{n.At("result").String()}
	if r := n.At("reason").String(); r != "" {
		parts[0] += " (" + r + ")"
	}
	if e := n.At("earlier"); e != nil && e.At("result").String() != "" {
		what := "draft " + e.At("documentId").String()
		if e.At("documentId").String() == "" {
			what = "a draft, " + e.At("result").String()
		}
		if l := e.At("line").String(); l != "" {
			what += ", line " + l
		}
		if t := e.At("time"); t.String() != "" {
			what += ", " + tableTime(t) + " MSK"
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
	for _, k := range []string{"error", "note"} {
		if v := n.At(k).String(); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ": ")
}

// printRows prints rows as a list.
func printRows(p *cmdutil.Printer, rows []Row, cols []cmdutil.Column) error {
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
