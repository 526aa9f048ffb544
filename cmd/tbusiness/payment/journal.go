package payment

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/xlsx"
)

// JournalOptions are the inputs of `bankctl tbusiness payment journal`.
type JournalOptions struct {
	f        *cmdutil.Factory
	Settings func() (*cmdutil.Settings, error)
	Printer  func() (*cmdutil.Printer, error)
}

// NewCmdJournal builds `bankctl tbusiness payment journal`.
func NewCmdJournal(f *cmdutil.Factory, runF func(*JournalOptions) error) *cobra.Command {
	opts := &JournalOptions{f: f, Settings: f.Settings}
	c := &cobra.Command{
		Use:   "journal",
		Short: "List every draft the journal holds and how each attempt ended",
		Long: `List the profile's payment journal (the state folder's <profile>/payments.jsonl): every attempt to
create a draft, oldest first, with its outcome: created (with its document id), refused (send it
again once fixed), not-sent (it never left: the next run sends it), unknown (it left and no
answer came, or bankctl was stopped while it was out: look for it in the web bank before
sending it again with --force), or executed (an unknown draft --force found in the statement).
Times are Moscow times, as everywhere in bankctl.`,
		Example: `  bankctl tb payment journal
  bankctl tb payment journal -o jsonl --jq 'select(.result == "unknown")'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, journalRun, nil),
	}
	opts.Printer = f.PrinterFor(c, rowFormats)
	return c
}

func journalRun(_ context.Context, opts *JournalOptions) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	h, err := readJournal(opts.f, s)
	if err != nil {
		return err
	}
	rows := make([]Row, 0, len(h.Attempts))
	for _, a := range h.Attempts {
		rows = append(rows, attemptRow(a))
	}
	return printRows(p, rows, journalColumns)
}

// readJournal reads the profile's payment journal, warning of lines passed over.
func readJournal(f *cmdutil.Factory, s *cmdutil.Settings) (*sendonce.History, error) {
	j, err := sendonce.Open(s.StateDir, s.Profile, "payments.jsonl", "the payment journal")
	if err != nil {
		return nil, err
	}
	defer j.Close()
	j.Warn = func(msg string) { fmt.Fprintln(f.IO.ErrOut, "warning: "+msg) }
	return j.Read()
}

// attemptRow is one attempt as the journal shows it.
func attemptRow(a *sendonce.Attempt) Row {
	in := a.Intent
	r := Row{Time: Stamp(in.Time), Input: in.Input, Line: in.Line, Number: in.Number, Amount: money.FormatText(in.Amount),
		Recipient: in.Recipient, Account: in.Account, Result: a.Result()}
	if o := a.Outcome; o != nil {
		r.DocumentID, r.Error = o.DocumentID, o.Error
	} else {
		r.Error = "bankctl was stopped while the request was out: look for it in the web bank"
	}
	return r
}

var journalColumns = []cmdutil.Column{
	{Header: "TIME (MSK)", Kind: xlsx.DateTime, Get: func(n *render.Node) string { return tableTime(n.At("time")) }},
	{Header: "RESULT", Get: str("result")},
	{Header: "NUMBER", Get: str("number")},
	{Header: "AMOUNT", Amount: true, Get: str("amount")},
	{Header: "RECIPIENT", Get: str("recipient")},
	{Header: "DOCUMENT", Get: str("documentId")},
	{Header: "ERROR", Get: str("error")},
}
