package payment

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// JournalOptions are the inputs of `bankctl tbusiness payment journal`.
type JournalOptions struct {
	Settings func() (*cmdutil.Settings, error)
	Printer  func() (*cmdutil.Printer, error)
}

// NewCmdJournal builds `bankctl tbusiness payment journal`.
func NewCmdJournal(f *cmdutil.Factory, runF func(*JournalOptions) error) *cobra.Command {
	opts := &JournalOptions{Settings: f.Settings}
	c := &cobra.Command{
		Use:   "journal",
		Short: "List the drafts the journal knows and how each ended",
		Long: `List the profile's payment journal (the state folder's <profile>/payments.jsonl): each draft
once, with its last outcome: created (with its document id), refused (send it again once
fixed), or unknown (sent with no answer, or bankctl was stopped while sending: look for it in
the web bank before sending it again with --force).`,
		Example: `  bankctl tb payment journal
  bankctl tb payment journal -o jsonl --jq 'select(.result == "unknown")'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, journalRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.ListFormats)
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
	entries, err := tbusiness.OpenJournal(s.StateDir, s.Profile).Latest()
	if err != nil {
		return err
	}
	rows := make([]Row, 0, len(entries))
	for _, e := range entries {
		ev := e.Event
		if ev == tbusiness.Intent {
			ev = tbusiness.Unknown
		}
		rows = append(rows, Row{Time: e.Time.Local().Format(time.DateTime), Line: e.Line, Number: e.Number, Amount: e.Amount,
			Recipient: e.Recipient, Account: e.Account, DocumentID: e.DocumentID, Result: ev, Error: e.Error})
	}
	return printRows(p, rows, journalColumns)
}

var journalColumns = []cmdutil.Column{
	{Header: "TIME", Get: str("time")},
	{Header: "RESULT", Get: str("result")},
	{Header: "NUMBER", Get: str("number")},
	{Header: "AMOUNT", Amount: true, Get: str("amount")},
	{Header: "RECIPIENT", Get: str("recipient")},
	{Header: "DOCUMENT", Get: str("documentId")},
	{Header: "ERROR", Get: str("error")},
}
