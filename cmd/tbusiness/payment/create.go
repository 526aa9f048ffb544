package payment

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// CreateOptions are the inputs of `bankctl tbusiness payment create`.
type CreateOptions struct {
	IO      *iostreams.IOStreams
	f       *cmdutil.Factory
	Printer func() (*cmdutil.Printer, error)
	Input   string
	DryRun  bool
	Force   bool
	Flags   map[string]*string // API field → flag value
	set     func(name string) bool
}

// flagFields map the one-draft flags to the API's fields.
var flagFields = []struct{ flag, field, help string }{
	{"account", "accountNumber", "the payer's account (default: tbusiness.account, else the company's only account)"},
	{"to-name", "recipientName", "the recipient's name"},
	{"to-inn", "inn", "the recipient's INN (10 or 12 digits, or 0)"},
	{"to-kpp", "kpp", "the recipient's KPP (default 0)"},
	{"to-account", "bankAcnt", "the recipient's account (20 digits)"},
	{"to-bic", "bankBik", "the recipient bank's BIC (9 digits)"},
	{"amount", "amount", "the amount in roubles, at most two decimals"},
	{"purpose", "paymentPurpose", "the payment's purpose, up to 210 characters"},
	{"number", "documentNumber", "the payment order's number, 1 to 6 digits (required)"},
	{"date", "date", "the execution date, YYYY-MM-DD (optional)"},
}

// NewCmdCreate builds `bankctl tbusiness payment create`.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{IO: f.IO, f: f, Flags: map[string]*string{}}
	c := &cobra.Command{
		Use:   "create [--input FILE|-]",
		Short: "Create payment-order drafts, each once",
		Long: `Create payment-order drafts: one from the flags, or many from --input (a JSON array, JSON
Lines, or CSV with the API's field names in its header; "-" reads stdin). A CSV saved by a
Russian spreadsheet (";", decimal commas, Windows-1251) is read as it is.

Every draft is checked before the first request: the API's patterns, a purpose of 1–210
characters, an amount above zero with at most two decimals, tax fields "0" unless given, the
recipient account's check digit against its BIC, and the payer account's against the BIC the
accounts list reports (the company must have it). One bad record stops the batch, naming its
line and field, with nothing sent.

POST /api/v1/payment/create is never retried. A journal (the state folder's
<profile>/payments.jsonl) records each draft's intent before it is sent and its outcome after:
created, refused, or unknown (sent, and no answer). The same input again skips created drafts,
also when two runs overlap (the second waits for the first) or one was killed. An unknown draft
is held back: look for it in the web bank first, then send it again with --force if it is not
there. A 401 or 403 stops the batch.

Fields: documentNumber, date, amount, recipientName, inn, kpp, bankAcnt, bankBik,
accountNumber, paymentPurpose, taxPayerStatus, kbk, oktmo, taxEvidence, taxPeriod, uin,
taxDocNumber, taxDocDate, revenueTypeCode, collectionAmountNumber, recipientCorrAccountNumber,
thirdParty (inn, kpp, name; in CSV: thirdParty.inn …).`,
		Example: `  bankctl tb payment create --number 17 --to-name 'ООО «Ромашка»' --to-inn 7701234567 \
    --to-kpp 770101001 --to-account 40702810200000012345 --to-bic 044525225 \
    --amount 15000.50 --purpose 'Оплата по счету 17 от 01.12.2026, НДС не облагается'
  bankctl tb payment create --input payments.csv --dry-run
  bankctl tb payment create --input payments.jsonl -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, createRun, func(cmd *cobra.Command, args []string) {
			opts.set = func(name string) bool { return cmd.Flags().Changed(name) }
		}),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.ListFormats)
	fl := c.Flags()
	fl.StringVar(&opts.Input, "input", "", "read drafts from this `file` (\"-\" for stdin)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "check everything and print what would be sent; send nothing")
	fl.BoolVar(&opts.Force, "force", false, "send again the drafts whose outcome is unknown (look in the web bank first)")
	for _, ff := range flagFields {
		opts.Flags[ff.field] = fl.String(ff.flag, "", ff.help)
	}
	return c
}

// fromFlags is the one draft the flags describe.
func (opts *CreateOptions) fromFlags() (*tbusiness.Draft, bool) {
	d := &tbusiness.Draft{Line: 1, Fields: map[string]string{}}
	any := false
	for _, ff := range flagFields {
		if opts.set != nil && opts.set(ff.flag) {
			v := *opts.Flags[ff.field]
			if ff.field == "amount" {
				v = strings.Replace(v, ",", ".", 1)
			}
			d.Fields[ff.field] = v
			if ff.flag != "account" {
				any = true
			}
		}
	}
	return d, any
}
