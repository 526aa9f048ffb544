package payment

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/textin"
)

// CreateOptions are the inputs of `bankctl tbusiness payment create`.
type CreateOptions struct {
	IO       *iostreams.IOStreams
	f        *cmdutil.Factory
	Printer  func() (*cmdutil.Printer, error)
	Input    string
	Encoding string
	DryRun   bool
	Force    bool
	Flags    *sendcmd.Flags // the one draft's
}

// flagFields map the one-draft flags to the API's fields.
var flagFields = []sendcmd.Flag{
	{Name: "account", Field: "accountNumber", Help: "the payer's account (default: tbusiness.account, else the company's only account)"},
	{Name: "to-name", Field: "recipientName", Help: "the recipient's name"},
	{Name: "to-inn", Field: "inn", Help: "the recipient's INN (10 or 12 digits with valid check digits, or 0)"},
	{Name: "to-kpp", Field: "kpp", Help: "the recipient's KPP (default 0)"},
	{Name: "to-account", Field: "bankAcnt", Help: "the recipient's account (20 digits)"},
	{Name: "to-bic", Field: "bankBik", Help: "the recipient bank's BIC (9 digits)"},
	{Name: "to-corr-account", Field: "recipientCorrAccountNumber", Help: "the recipient bank's correspondent account (for the Treasury: its ЕКС, 40102…)"},
	{Name: "amount", Field: "amount", Help: "the amount in roubles, at most two decimals (1500.50 or 1 500,50)"},
	{Name: "purpose", Field: "paymentPurpose", Help: "the payment's purpose, up to 210 characters"},
	{Name: "number", Field: "documentNumber", Help: "the payment order's number, 1 to 6 digits (required)"},
	{Name: "date", Field: "date", Help: "the execution date, YYYY-MM-DD or DD.MM.YYYY (optional)"},
}

// NewCmdCreate builds `bankctl tbusiness payment create`.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "create [--input FILE|-]",
		Short: "Create payment-order drafts, each exactly once",
		Long: `Create payment-order drafts: one from the flags, or many from --input ("-" reads stdin): a JSON
array, JSON Lines, CSV or TSV as a spreadsheet saves it (",", ";" or tab; the API's field names
or the Russian headers Номер, Сумма, Получатель, ИНН получателя…; Excel's "Unicode text"), or
the payment orders of a 1CClientBankExchange file exported from 1С. The encoding is UTF-8,
UTF-16 with a BOM, or Windows-1251 (a 1С file's Кодировка= line decides for it); --encoding
names it instead.

Every draft is checked before the first request, and every problem is reported in one run
(line, field, the value as typed), with nothing sent: the API's patterns, a purpose of 1–210
characters, an amount above zero with at most two decimals, the recipient's INN check digits
and KPP, the recipient account's control key against its BIC (Treasury accounts have none:
their ЕКС is checked), and the payer's account against the company's accounts.

Each draft is sent exactly once (POST /api/v1/payment/create has no idempotency key): a journal
(the state folder's <profile>/payments.jsonl) records each draft's intent just before its
request leaves and the outcome after: created, refused (send it again once fixed), not-sent (it
never left: the next run sends it), or unknown (it left and no answer came). The same input
again skips what was created, also when two runs overlap or one was killed. Held for a person,
and sent only with --force: an unknown draft (--force first looks for it in the statement and
marks it executed if it is there), and a conflict (a draft with the payer account and number
of another created in the last 365 days, with other contents). Two identical records in one
input are refused. A 401 or 403 stops the batch.

Fields: documentNumber, date, amount, recipientName, inn, kpp, bankAcnt, bankBik,
accountNumber, paymentPurpose, taxPayerStatus, kbk, oktmo, taxEvidence, taxPeriod, uin,
taxDocNumber, taxDocDate, revenueTypeCode, collectionAmountNumber, recipientCorrAccountNumber,
thirdParty (inn, kpp, name; in CSV: thirdParty.inn …).`,
		Example: `  bankctl tb payment create --number 17 --to-name 'ООО «Ромашка»' --to-inn 7715012342 \
    --to-kpp 771501001 --to-account 40702810938000012345 --to-bic 044525225 \
    --amount 15000.50 --purpose 'Оплата по счету 17 от 01.12.2026, НДС не облагается'
  bankctl tb payment create --input payments.csv --dry-run
  bankctl tb payment create --input 1c_to_kl.txt
  bankctl tb payment create --input payments.jsonl -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, createRun, nil),
	}
	opts.Printer = f.PrinterFor(c, rowFormats)
	fl := c.Flags()
	fl.StringVar(&opts.Input, "input", "", "read drafts from this `file` (\"-\" for stdin)")
	fl.StringVar(&opts.Encoding, "encoding", "", "the input's encoding: utf-8, cp1251 or utf-16 (default: found from the file)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "check everything and print what would be sent; send nothing")
	fl.BoolVar(&opts.Force, "force", false, "send the drafts held for a person: unknown ones (after a look in the statement) and conflicts")
	opts.Flags = sendcmd.AddFlags(fl, flagFields)
	c.RegisterFlagCompletionFunc("encoding", cobra.FixedCompletions(textin.Encodings, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// fromFlags is the one draft the flags describe, and whether any draft flag was given (the
// payer's account alone describes none).
func (opts *CreateOptions) fromFlags() (*payment.Draft, bool) {
	typed := opts.Flags.Typed()
	_, account := typed["accountNumber"]
	return payment.New(-1, typed), len(typed) > 0 && !(account && len(typed) == 1)
}
