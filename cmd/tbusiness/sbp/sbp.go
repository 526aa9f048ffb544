// Package sbp holds `bankctl tbusiness sbp`: SBP B2B payment links with their QR code, drawn on
// the terminal, and their status.
package sbp

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/fsutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/qrterm"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// VATs are the VAT rates an SBP link takes.
var VATs = []string{"0", "5", "7", "10", "20", "22"}

// NewCmdSBP builds `bankctl tbusiness sbp`.
func NewCmdSBP(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "sbp <command>",
		Short: "SBP payment links for companies, with their QR code",
		Long: `Make SBP B2B payment links (Система быстрых платежей: a company pays by scanning the QR code in
its bank's app) and follow their status. The QR code is drawn on the terminal, encoded here
from the link.`,
		Example: `  bankctl tb sbp qr --amount 1500.50 --purpose 'Оплата по счету 101' --ttl 3
  bankctl tb sbp qr --reusable --purpose 'Оплата за обучение' --png qr.png
  bankctl tb sbp status 3f2a…`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdQR(f, nil), NewCmdStatus(f, nil))
	return c
}

// QROptions are the inputs of `bankctl tbusiness sbp qr`.
type QROptions struct {
	IO       *iostreams.IOStreams
	f        *cmdutil.Factory
	Printer  func() (*cmdutil.Printer, error)
	Amount   string
	Purpose  string
	TTL      string
	VAT      string
	Account  string
	Reusable bool
	PNG      string
}

// NewCmdQR builds `bankctl tbusiness sbp qr`.
func NewCmdQR(f *cmdutil.Factory, runF func(*QROptions) error) *cobra.Command {
	opts := &QROptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "qr --amount A --purpose P --ttl DAYS [--vat V] [--account N] [--reusable] [--png FILE]",
		Short: "Make an SBP payment link and draw its QR code",
		Long: `Make an SBP payment link (POST /api/v1/b2b/qr/onetime, 4 a second): for one payment of
--amount, valid --ttl days; or with --reusable (POST /api/v1/b2b/qr/reusable) a link to pay
again and again, where the amount and the lifetime may be left out. The amount is exact (at
most two decimals, never rounded); --vat is 0, 5, 7, 10, 20 or 22 (left out: none named).

On a terminal it prints the link's id, the link and the QR code drawn with half-block
characters, encoded here from the link (quiet zone kept: a phone's camera reads it from the
screen). Piped, it prints the link only. -o json prints the bank's answer. --png writes the QR
code as an image. The request is never sent twice: a lost answer is reported, not retried.`,
		Example: `  bankctl tb sbp qr --amount 1500.50 --purpose 'Оплата по счету 101, НДС не облагается' --ttl 3
  bankctl tb sbp qr --reusable --purpose 'Оплата по договору 7' --vat 20 --png qr.png
  LINK=$(bankctl tb sbp qr --amount 990 --purpose 'Заказ 5521' --ttl 1)`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, qrRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	fl := c.Flags()
	fl.StringVar(&opts.Amount, "amount", "", "the amount in roubles, at most two decimals (1500.50 or 1 500,50)")
	fl.StringVar(&opts.Purpose, "purpose", "", "the payment's purpose, up to 210 characters (required)")
	fl.StringVar(&opts.TTL, "ttl", "", "how many days the link lives (required for a one-time link)")
	fl.StringVar(&opts.VAT, "vat", "", "the VAT rate: "+strings.Join(VATs, ", "))
	fl.StringVar(&opts.Account, "account", "", "the company's account to be paid to (default: tbusiness.account, else the bank's main account)")
	fl.BoolVar(&opts.Reusable, "reusable", false, "a link to pay again and again (amount and --ttl optional)")
	fl.StringVar(&opts.PNG, "png", "", "also write the QR code as a PNG image to this `file`")
	c.RegisterFlagCompletionFunc("vat", cobra.FixedCompletions(VATs, cobra.ShellCompDirectiveNoFileComp))
	c.MarkFlagFilename("png", "png")
	return c
}

var reAmount = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d{0,14})\.\d\d$`) })

// body checks the flags and makes the request's body: nothing is sent when a flag is wrong.
func (opts *QROptions) body(defaultAccount string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	put := func(k, raw string) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.WriteString(raw)
	}
	quote := func(s string) string { v, _ := json.Marshal(s); return string(v) }
	if a := strings.ReplaceAll(cmp.Or(opts.Account, defaultAccount), " ", ""); a != "" {
		if !requisites.Digits(a, 20) {
			return nil, cmdutil.Usagef("invalid --account %q: the company's account, 20 digits, expected", a)
		}
		put("accountNumber", quote(a))
	}
	switch amount := payment.NormalizeAmount(strings.TrimSpace(opts.Amount)); {
	case opts.Amount == "" && !opts.Reusable:
		return nil, cmdutil.Usagef("--amount is required for a one-time link (or make a --reusable one)")
	case opts.Amount == "":
	case !reAmount().MatchString(amount) || strings.Trim(amount, "0.") == "":
		return nil, cmdutil.Usagef("invalid --amount %q: an amount in roubles above zero, at most two decimals (1500.50 or 1 500,50), expected", opts.Amount)
	default:
		put("sum", amount)
	}
	purpose := strings.TrimSpace(opts.Purpose)
	if n := utf8.RuneCountInString(purpose); n == 0 || n > 210 {
		return nil, cmdutil.Usagef("--purpose: the payment's purpose, 1 to 210 characters, expected (%d given)", n)
	}
	put("purpose", quote(purpose))
	switch ttl, err := strconv.Atoi(strings.TrimSpace(opts.TTL)); {
	case opts.TTL == "" && !opts.Reusable:
		return nil, cmdutil.Usagef("--ttl is required for a one-time link: how many days it lives")
	case opts.TTL == "":
	case err != nil || ttl < 1:
		return nil, cmdutil.Usagef("invalid --ttl %q: a whole number of days, at least 1, expected", opts.TTL)
	default:
		put("ttl", strconv.Itoa(ttl))
	}
	if v := strings.TrimSuffix(strings.TrimSpace(opts.VAT), "%"); v != "" {
		if !slices.Contains(VATs, v) {
			return nil, cmdutil.Usagef("invalid --vat %q: %s expected", opts.VAT, strings.Join(VATs, ", "))
		}
		put("vat", quote(v))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func qrRun(ctx context.Context, opts *QROptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	body, err := opts.body(s.TBusiness.Account)
	if err != nil {
		return err
	}
	c, _, err := opts.f.TBusiness()
	if err != nil {
		return err
	}
	answer, err := c.QR(ctx, opts.Reusable, body)
	if err != nil {
		if !errors.As(err, new(*tbusiness.Error)) {
			err = fmt.Errorf("%w (the link may have been made: `bankctl tbusiness sbp status` needs its id, which the answer carried; make a new one if in doubt — an unused link expires)", err)
		}
		return err
	}
	var qr struct {
		ID  string `json:"qrId"`
		URL string `json:"paymentUrl"`
	}
	if json.Unmarshal(answer, &qr) != nil || !tbusiness.UsableURL(qr.URL) || !strings.HasPrefix(qr.URL, "https://") {
		return errors.New("the bank's answer has no usable payment link (paymentUrl)")
	}
	if opts.PNG != "" {
		img, err := qrterm.PNG(qr.URL)
		if err == nil {
			err = fsutil.WriteFileAtomic(opts.PNG, img)
		}
		if err != nil {
			return fmt.Errorf("the link %s was made, but the image was not written: %w", qr.URL, err)
		}
	}
	tty := opts.IO.IsStdoutTTY()
	return p.Data(answer, func(w io.Writer, _ bool) error {
		if !tty {
			_, err := fmt.Fprintln(w, qr.URL)
			return err
		}
		if err := describe(w, answer, true); err != nil {
			return err
		}
		fmt.Fprintln(w)
		if err := qrterm.Write(w, qr.URL, os.Getenv("NO_COLOR") == ""); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nScan it in a bank's app, or open the link. Its status: bankctl tbusiness sbp status %s\n", qr.ID)
		return nil
	})
}

// describe writes a link's fields for people: sanitised, amounts exact, times in Moscow time.
func describe(w io.Writer, answer []byte, tty bool) error {
	n, err := render.Parse(answer)
	if err != nil {
		return err
	}
	t := render.NewTable()
	add := func(label, key string, format func(string) string) {
		if v := n.Get(key); v != nil && v.String() != "" {
			t.Append(label, format(v.String()))
		}
	}
	same := func(s string) string { return s }
	add("QR id", "qrId", same)
	add("Link", "paymentUrl", same)
	add("Type", "type", same)
	add("Status", "status", same)
	add("Sum", "sum", money.FormatText)
	add("VAT", "vat", func(s string) string { return s + "%" })
	add("Account", "accountNumber", same)
	add("Purpose", "purpose", same)
	add("Due", "dueDate", func(s string) string { return msk.Stamp(msk.Parse(s)) + " MSK" })
	return t.Render(w, tty)
}
