package sendcmd

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

// Open opens the kind's journal of the profile; lines passed over are warned about on f's
// standard error.
func (k Kind) Open(f *cmdutil.Factory, s *cmdutil.Settings) (*sendonce.Journal, error) {
	j, err := sendonce.Open(s.StateDir, s.Profile, k.File, k.JournalName)
	if err != nil {
		return nil, err
	}
	j.Warn = func(msg string) { fmt.Fprintln(f.IO.ErrOut, "warning: "+msg) }
	return j, nil
}

// ReadJournal reads the kind's journal of the profile.
func (k Kind) ReadJournal(f *cmdutil.Factory, s *cmdutil.Settings) (*sendonce.History, error) {
	j, err := k.Open(f, s)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	return j.Read()
}

// AttemptRow is one attempt as the journal shows it.
func AttemptRow(a *sendonce.Attempt) Row {
	in := a.Intent
	r := Row{Time: Stamp(in.Time), Input: in.Input, Line: in.Line, Number: in.Number, Amount: money.FormatText(in.Amount),
		Recipient: in.Recipient, Account: in.Account, Result: a.Result()}
	if o := a.Outcome; o != nil {
		r.DocumentID, r.Error = o.DocumentID, o.Error
		r.links(o.Extra)
	} else {
		r.Error = "bankctl was stopped while the request was out: look for it in the web bank"
	}
	return r
}

// JournalColumns are the journal's table.
func (k Kind) JournalColumns() []cmdutil.Column {
	return []cmdutil.Column{
		{Header: "TIME (MSK)", Kind: xlsx.DateTime, Get: func(n *render.Node) string { return TableTime(n.At("time")) }},
		{Header: "RESULT", Get: Str("result")},
		{Header: "NUMBER", Get: Str("number")},
		{Header: "AMOUNT", Amount: true, Get: Str("amount")},
		{Header: k.Party, Get: Str("recipient")},
		{Header: "DOCUMENT", Get: Str("documentId")},
		{Header: "ERROR", Get: Str("error")},
	}
}

// NewCmdJournal builds the kind's `journal` command.
func NewCmdJournal(f *cmdutil.Factory, k Kind, long, example string) *cobra.Command {
	c := &cobra.Command{
		Use:     "journal",
		Short:   "List every " + k.Noun + " the journal holds and how each attempt ended",
		Long:    long,
		Example: example,
		Args:    cmdutil.NoArgs,
	}
	printer := f.PrinterFor(c, cmdutil.ListFormats)
	c.RunE = cmdutil.RunE(&k, nil, func(_ context.Context, k *Kind) error {
		s, err := f.Settings()
		if err != nil {
			return err
		}
		p, err := printer()
		if err != nil {
			return err
		}
		h, err := k.ReadJournal(f, s)
		if err != nil {
			return err
		}
		rows := make([]Row, 0, len(h.Attempts))
		for _, a := range h.Attempts {
			rows = append(rows, AttemptRow(a))
		}
		return PrintRows(p, rows, k.JournalColumns())
	}, nil)
	return c
}
