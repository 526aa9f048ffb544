package invoice

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/invoice"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
	"github.com/bankctl/bankctl/internal/textin"
)

// SendOptions are the inputs of `bankctl tbusiness invoice send`.
type SendOptions struct {
	IO       *iostreams.IOStreams
	f        *cmdutil.Factory
	Printer  func() (*cmdutil.Printer, error)
	Input    string
	Encoding string
	DryRun   bool
	Force    bool
	Flags    *sendcmd.Flags // the one invoice's
	Items    []string
	Emails   []string
}

// flagFields map the one-invoice flags to the API's fields.
var flagFields = []sendcmd.Flag{
	{Name: "number", Field: "invoiceNumber", Help: "the invoice's number, 1 to 15 digits (required)"},
	{Name: "payer-name", Field: "payer.name", Help: "the payer's name"},
	{Name: "payer-inn", Field: "payer.inn", Help: "the payer's INN (10 or 12 digits with valid check digits)"},
	{Name: "payer-kpp", Field: "payer.kpp", Help: "the payer's KPP (9 digits; left out when empty)"},
	{Name: "date", Field: "invoiceDate", Help: "the invoice's day, YYYY-MM-DD or DD.MM.YYYY (default: today)"},
	{Name: "due", Field: "dueDate", Help: "the day it is due, not before the invoice's"},
	{Name: "account", Field: "accountNumber", Help: "the company's account to be paid to (default: the bank's main account)"},
	{Name: "phone", Field: "contactPhone", Help: "the payer's mobile (+7…) for an SMS with the invoice"},
	{Name: "comment", Field: "comment", Help: "a comment on the invoice"},
	{Name: "purpose", Field: "customPaymentPurpose", Help: "the payment purpose the payer's order gets (up to 210 characters)"},
}

// NewCmdSend builds `bankctl tbusiness invoice send`.
func NewCmdSend(f *cmdutil.Factory, runF func(*SendOptions) error) *cobra.Command {
	opts := &SendOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "send [--input FILE|-]",
		Short: "Send invoices to customers, each exactly once",
		Long: `Send invoices (POST /api/v1/invoice/send, 4 a second): one from the flags, or many from --input
("-" reads stdin): a JSON array or JSON Lines of the API's bodies, or CSV/TSV with one row per
item whose columns are the API's field names, nested ones dotted (invoiceNumber, invoiceDate,
dueDate, accountNumber, payer.name, payer.inn, payer.kpp, items.name, items.price,
items.amount, items.unit, items.vat, contacts.email, contactPhone, comment,
customPaymentPurpose) or their Russian headers: the rows with the same invoice number form
one invoice.

Every invoice is checked before the first request, and every problem is reported in one run
(line, field, the value as typed), with nothing sent: the number (1 to 15 digits), the days,
the payer's INN check digits and KPP, 1 to 100 items with a price above zero (at most two
decimals, never rounded), a quantity, a unit (default шт) and a VAT the API takes (None, 0, 5,
7, 10, 20, 22; default None), at most 10 emails, a +7 mobile.

Each invoice is sent exactly once, as payment drafts are (the same journal protocol, its own
file <profile>/invoices.jsonl): the same input again skips what was sent; an invoice whose
answer was lost, and one whose number another invoice has, are held for a person and sent only
with --force. Prints each invoice's id, its PDF link and the payer's link.`,
		Example: `  bankctl tb invoice send --number 101 --payer-name 'ООО «Ромашка»' --payer-inn 7715012342 \
    --payer-kpp 771501001 --item 'Консультация;15000.00;1' --item 'Выезд специалиста;2500;2;ч;20' \
    --due 2026-12-20 --email buh@romashka.ru
  bankctl tb invoice send --input invoices.csv --dry-run
  bankctl tb invoice send --input invoices.jsonl -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, sendRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.ListFormats)
	fl := c.Flags()
	fl.StringVar(&opts.Input, "input", "", "read invoices from this `file` (\"-\" for stdin)")
	fl.StringVar(&opts.Encoding, "encoding", "", "the input's encoding: utf-8, cp1251 or utf-16 (default: found from the file)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "check everything and print what would be sent; send nothing")
	fl.BoolVar(&opts.Force, "force", false, "send the invoices held for a person: unknown ones and conflicts")
	opts.Flags = sendcmd.AddFlags(fl, flagFields)
	fl.StringArrayVar(&opts.Items, "item", nil, "an item `'NAME;PRICE;QTY[;UNIT[;VAT]]'` (repeatable; UNIT default шт, VAT default None)")
	fl.StringArrayVar(&opts.Emails, "email", nil, "the payer's email for the invoice (repeatable, up to 10)")
	c.RegisterFlagCompletionFunc("encoding", cobra.FixedCompletions(textin.Encodings, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// repeated are the repeatable flags, for errors: an item's problem is --item's.
var repeated = []sendcmd.Flag{{Name: "item", Field: "items"}, {Name: "email", Field: "contacts.email"}}

func sendRun(ctx context.Context, opts *SendOptions) error {
	f := opts.f
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	invoices, readErr, err := opts.invoices()
	if err != nil {
		return err
	}
	var errs textin.Errors
	errs.Add(readErr)
	for _, inv := range invoices {
		for _, e := range inv.Check(time.Now()) {
			errs.Add(e)
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b error) int { return cmp.Compare(lineOf(a), lineOf(b)) })
		return sendcmd.InputError(errs, opts.Input, flagFields, repeated)
	}
	c, _, err := f.TBusiness()
	if err != nil {
		return err
	}
	problems, err := checkAccounts(ctx, c, invoices)
	if err != nil {
		return err
	}
	if problems != nil {
		return sendcmd.InputError(problems, opts.Input, flagFields, repeated)
	}
	api := payment.API(c.Base())
	docs := make([]*sendonce.Doc, len(invoices))
	for i, inv := range invoices {
		docs[i] = inv.Doc(api)
	}
	return kind.Send(ctx, f, p, sendcmd.Batch{Docs: docs, API: api, Input: opts.Input, DryRun: opts.DryRun, Force: opts.Force,
		Sender: invoice.Sender{Client: c}, Columns: columns()})
}

// columns are a run's table: the rows of drafts', with the PDF link.
func columns() []cmdutil.Column {
	return append(kind.Columns(), cmdutil.Column{Header: "PDF", Get: sendcmd.Str("pdfUrl")})
}

func lineOf(err error) int {
	var fe *textin.FieldError
	if errors.As(err, &fe) {
		return fe.Line
	}
	return 0
}

// invoices are the input's, or the one the flags describe, normalised; readErr holds the
// problems of the input's records (those read well come too), err what stops everything.
func (opts *SendOptions) invoices() (invoices []*invoice.Invoice, readErr, err error) {
	typed := opts.Flags.Typed()
	any := len(typed) > 0 || len(opts.Items) > 0 || len(opts.Emails) > 0
	switch {
	case opts.Input != "" && any:
		return nil, nil, cmdutil.Usagef("give invoices either with --input or with flags, not both")
	case opts.Input == "" && !any:
		return nil, nil, cmdutil.Usagef("no invoice: pass --input FILE (or - for stdin), or the invoice's flags (--number, --payer-…, --item)")
	case opts.Input == "":
		inv := invoice.New(-1, typed)
		for _, it := range opts.Items {
			parts := strings.Split(it, ";")
			if len(parts) < 3 || len(parts) > 5 {
				return nil, nil, cmdutil.Usagef("--item %s: 'NAME;PRICE;QTY[;UNIT[;VAT]]' expected (%d parts given)", textin.Quote(it), len(parts))
			}
			item := map[string]string{"name": parts[0], "price": parts[1], "amount": parts[2]}
			if len(parts) > 3 {
				item["unit"] = parts[3]
			}
			if len(parts) > 4 {
				item["vat"] = parts[4]
			}
			inv.AddItem(-1, item)
		}
		for _, e := range opts.Emails {
			inv.AddEmails(-1, e)
		}
		return []*invoice.Invoice{inv}, nil, nil
	}
	data, err := sendcmd.ReadInput(opts.IO, opts.Input)
	if err != nil {
		return nil, nil, err
	}
	in, err := invoice.Read(data, opts.Encoding)
	if in == nil {
		return nil, nil, cmdutil.BadInput(err, opts.Input)
	}
	sendcmd.NoteEncoding(opts.IO, opts.Input, in.Encoding)
	return in.Invoices, err, nil
}

// checkAccounts checks the accounts the invoices name against the company's (one GET, made
// only when one names an account): problems are the invoices', err the accounts call's.
func checkAccounts(ctx context.Context, c *tbusiness.Client, invoices []*invoice.Invoice) (problems, err error) {
	if !slices.ContainsFunc(invoices, func(inv *invoice.Invoice) bool { return inv.Fields["accountNumber"] != "" }) {
		return nil, nil
	}
	bics, _, err := sendcmd.CompanyAccounts(ctx, c)
	if err != nil {
		return nil, err
	}
	var errs textin.Errors
	for _, inv := range invoices {
		if a := inv.Fields["accountNumber"]; a != "" {
			if _, ok := bics[a]; !ok {
				errs.Add(&textin.FieldError{Line: inv.Lines["accountNumber"], Field: "accountNumber", Value: a, Typed: true, Msg: "the company has no such account (see `bankctl tbusiness accounts`)"})
			}
		}
	}
	return errs.Err(), nil
}
