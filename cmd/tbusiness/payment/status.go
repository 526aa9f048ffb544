package payment

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/render"
)

// StatusOptions are the inputs of `bankctl tbusiness payment status`.
type StatusOptions struct {
	f       *cmdutil.Factory
	Printer func() (*cmdutil.Printer, error)
	IDs     []string
}

// NewCmdStatus builds `bankctl tbusiness payment status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{f: f}
	c := &cobra.Command{
		Use:   "status [document-id ...]",
		Short: "Ask the bank for the status of drafts",
		Long: `Ask POST /api/v1/payment/status about drafts, in batches of at most 100 ids, one request a
second (the bank's limit). Without ids, the journal's drafts: the created ones are asked about,
and those whose outcome is unknown are listed as such, with their number, amount and recipient,
to look for in the web bank. Exits 1 when the bank reports an error for any id.`,
		Example: `  bankctl tb payment status
  bankctl tb payment status 6f1c2d1e-7d2b-4f8e-9a51-2c9b0f3e4a10 -o json`,
		RunE: cmdutil.RunE(opts, runF, statusRun, func(cmd *cobra.Command, args []string) { opts.IDs = args }),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.ListFormats)
	return c
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	var rows []sendcmd.Row
	var known map[string]sendcmd.Row
	ids := opts.IDs
	if len(ids) == 0 {
		var ok bool
		if ids, known, rows, ok, err = kind.Journalled(opts.f, s); !ok {
			return err
		}
	}
	failed := 0
	if len(ids) > 0 {
		c, _, err := opts.f.TBusiness()
		if err != nil {
			return err
		}
		statuses, err := c.Statuses(ctx, ids)
		if err != nil {
			return err
		}
		for _, st := range statuses {
			e := known[st.DocumentID]
			r := sendcmd.Row{Time: e.Time, Line: e.Line, Number: e.Number, Amount: e.Amount, Recipient: e.Recipient, DocumentID: st.DocumentID,
				Result: st.Status, Note: st.Comment}
			if st.Error != "" {
				r.Result, r.Error = "error", st.Error
				failed++
			}
			rows = append(rows, r)
		}
	}
	if err := sendcmd.PrintRows(p, rows, statusColumns); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("the bank reported an error for %d of %d document(s)", failed, len(ids))
	}
	return nil
}

var statusColumns = []cmdutil.Column{
	{Header: "DOCUMENT", Get: sendcmd.Str("documentId")},
	{Header: "STATUS", Get: sendcmd.Str("result")},
	{Header: "NUMBER", Get: sendcmd.Str("number")},
	{Header: "AMOUNT", Amount: true, Get: sendcmd.Str("amount")},
	{Header: "RECIPIENT", Get: sendcmd.Str("recipient")},
	{Header: "COMMENT", Get: func(n *render.Node) string { return n.At("note").String() + n.At("error").String() }},
}
