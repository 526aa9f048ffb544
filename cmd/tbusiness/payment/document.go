package payment

import (
	"cmp"
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// DocumentOptions are the inputs of `bankctl tbusiness payment document`.
type DocumentOptions struct {
	IO          *iostreams.IOStreams
	f           *cmdutil.Factory
	Account     string
	Date        string
	OperationID string
	Save        string
}

// NewCmdDocument builds `bankctl tbusiness payment document`.
func NewCmdDocument(f *cmdutil.Factory, runF func(*DocumentOptions) error) *cobra.Command {
	opts := &DocumentOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "document --date DAY --operation-id ID [--account N] [--save FILE]",
		Short: "Save an executed payment's document (PDF)",
		Long: `Fetch the payment order of an executed operation as the bank prints it (GET
/api/v1/payment-document, one request a second): the operation's account, its day (YYYY-MM-DD
or DD.MM.YYYY) and its id (operationId in "bankctl tb statement -o json"). The PDF goes to the
file --save names (mode 0600), or to standard output when it is not a terminal.`,
		Example: `  bankctl tb payment document --date 2026-11-20 --operation-id 6a1f… --save order.pdf
  bankctl tb statement --month 11.2026 -o jsonl --jq 'select(.operationAmount > 100000) | .operationId'
  bankctl tb payment document --account 40702810610000000001 --date 20.11.2026 --operation-id 6a1f… > order.pdf`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, documentRun, nil),
	}
	fl := c.Flags()
	fl.StringVar(&opts.Account, "account", "", "the operation's account (default: tbusiness.account)")
	fl.StringVar(&opts.Date, "date", "", "the operation's day, YYYY-MM-DD or DD.MM.YYYY (required)")
	fl.StringVar(&opts.OperationID, "operation-id", "", "the operation's id, as the statement gives it (required)")
	fl.StringVar(&opts.Save, "save", "", "write the PDF to this `file` (default: standard output, when it is not a terminal)")
	c.MarkFlagFilename("save", "pdf")
	return c
}

func documentRun(ctx context.Context, opts *DocumentOptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	account := cmp.Or(opts.Account, s.TBusiness.Account)
	day, ok := payment.Day(opts.Date)
	switch {
	case opts.Date == "":
		return cmdutil.Usagef("--date is required: the operation's day, YYYY-MM-DD or DD.MM.YYYY")
	case !ok:
		return cmdutil.Usagef("invalid --date %q: a day, YYYY-MM-DD or DD.MM.YYYY, expected", opts.Date)
	case opts.OperationID == "":
		return cmdutil.Usagef("--operation-id is required: the operation's id (operationId in `bankctl tb statement -o json`)")
	case !sendonce.UsableID(opts.OperationID):
		return cmdutil.Usagef("invalid --operation-id: letters, digits, '.', '_' and '-' expected")
	case account == "":
		return cmdutil.Usagef("no account: pass --account or set tbusiness.account")
	case !requisites.Digits(account, 20):
		return cmdutil.Usagef("invalid --account %q: 20 digits expected", account)
	}
	if err := sendcmd.PDFOut(opts.IO, opts.Save); err != nil {
		return err
	}
	c, _, err := opts.f.TBusiness()
	if err != nil {
		return err
	}
	pdf, err := c.PaymentDocument(ctx, account, opts.OperationID, day)
	if err != nil {
		return err
	}
	return sendcmd.SavePDF(opts.IO, opts.Save, pdf, "the payment document")
}
