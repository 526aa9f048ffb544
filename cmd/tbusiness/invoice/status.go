package invoice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// StatusOptions are the inputs of `bankctl tbusiness invoice status`.
type StatusOptions struct {
	f       *cmdutil.Factory
	Printer func() (*cmdutil.Printer, error)
	IDs     []string
}

// statusMeaning says what the bank's statuses mean to the company.
var statusMeaning = map[string]string{
	"DRAFT":     "made, not yet sent to the payer",
	"SUBMITTED": "sent to the payer, not paid",
	"EXECUTED":  "paid",
}

// NewCmdStatus builds `bankctl tbusiness invoice status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{f: f}
	c := &cobra.Command{
		Use:   "status [invoice-id ...]",
		Short: "Ask the bank for the status of invoices",
		Long: `Ask GET /api/v1/openapi/invoice/{invoiceId}/info about invoices: DRAFT (made, not yet sent),
SUBMITTED (sent to the payer, not paid) or EXECUTED (paid). Without ids, the journal's
invoices: the sent ones are asked about, and those whose outcome is unknown are listed as such,
with their number, amount and payer, to look for in the web bank. Exits 1 when the bank answers
an error for any id.`,
		Example: `  bankctl tb invoice status
  bankctl tb invoice status 1b4e28ba-2fa1-11d2-883f-0016d3cca427 -o json`,
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
	for _, id := range opts.IDs {
		if !sendonce.UsableID(id) {
			return cmdutil.Usagef("invalid invoice id %q: letters, digits, '.', '_' and '-' expected", id)
		}
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
		for _, id := range ids {
			r := known[id]
			r.DocumentID = id
			body, err := c.InvoiceInfo(ctx, id)
			var info struct {
				Status string `json:"status"`
			}
			switch {
			case errors.Is(err, context.Canceled):
				return err
			case err != nil:
				r.Result, r.Error = "error", err.Error()
				failed++
			case json.Unmarshal(body, &info) != nil || info.Status == "":
				r.Result, r.Error = "error", "the bank's answer has no status"
				failed++
			default:
				r.Result, r.Note = info.Status, statusMeaning[info.Status]
			}
			rows = append(rows, r)
		}
	}
	if err := sendcmd.PrintRows(p, rows, statusColumns); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("the bank answered an error for %d of %d invoice(s)", failed, len(ids))
	}
	return nil
}

var statusColumns = []cmdutil.Column{
	{Header: "INVOICE", Get: sendcmd.Str("documentId")},
	{Header: "STATUS", Get: sendcmd.Str("result")},
	{Header: "NUMBER", Get: sendcmd.Str("number")},
	{Header: "AMOUNT", Amount: true, Get: sendcmd.Str("amount")},
	{Header: "PAYER", Get: sendcmd.Str("recipient")},
	{Header: "NOTE", Get: func(n *render.Node) string { return n.At("note").String() + n.At("error").String() }},
}
