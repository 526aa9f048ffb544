package payment

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

func createRun(ctx context.Context, opts *CreateOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	drafts, err := opts.drafts()
	if err != nil {
		return err
	}
	for _, d := range drafts {
		if d.Fields["accountNumber"] == "" {
			d.Fields["accountNumber"] = cmp.Or(*opts.Flags["accountNumber"], s.TBusiness.Account)
		}
		if err := d.Check(); err != nil {
			if opts.Input == "" {
				return cmdutil.UsageErr(flagError(err)) // the flags' draft: name the flag
			}
			return err
		}
	}
	c, auth, err := f.TBusiness()
	if err != nil {
		return err
	}
	if err := f.RequireScopes(ctx, auth, tbusiness.ScopeCreate, tbusiness.ScopeAccounts); err != nil {
		return err
	}
	if err := checkPayers(ctx, c, drafts); err != nil {
		return err
	}
	j := tbusiness.OpenJournal(s.StateDir, s.Profile)
	if opts.DryRun {
		return dryRun(p, c, j, drafts)
	}
	unlock, err := j.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	rows, stop, err := send(ctx, opts, c, j, drafts)
	if perr := printRows(p, rows, rowColumns); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	return outcome(rows, stop)
}

// drafts are the input's, or the one the flags describe.
func (opts *CreateOptions) drafts() ([]*tbusiness.Draft, error) {
	one, any := opts.fromFlags()
	switch {
	case opts.Input != "" && any:
		return nil, cmdutil.Usagef("give drafts either with --input or with flags, not both")
	case opts.Input == "" && !any:
		return nil, cmdutil.Usagef("no draft: pass --input FILE (or - for stdin), or the draft's flags (--number, --amount, --to-…)")
	case opts.Input == "":
		return []*tbusiness.Draft{one}, nil
	}
	var data []byte
	var err error
	if opts.Input == "-" {
		data, err = opts.IO.ReadAll(64 << 20)
	} else {
		data, err = os.ReadFile(opts.Input)
	}
	if err != nil {
		return nil, fmt.Errorf("could not read %s: %w", opts.Input, err)
	}
	drafts, cp1251, err := tbusiness.ReadDrafts(data)
	if cp1251 {
		fmt.Fprintln(opts.IO.ErrOut, "note: the input is not UTF-8: read as Windows-1251")
	}
	return drafts, err
}

// flagError names the flag rather than the API field.
func flagError(err error) error {
	var fe *tbusiness.FieldError
	if errors.As(err, &fe) {
		for _, ff := range flagFields {
			if ff.field == fe.Field {
				return fmt.Errorf("--%s: %s", ff.flag, fe.Msg)
			}
		}
	}
	return err
}

// checkPayers makes the one GET of the accounts and checks every draft's payer against it.
func checkPayers(ctx context.Context, c *tbusiness.Client, drafts []*tbusiness.Draft) error {
	body, err := c.Accounts(ctx, false)
	if err != nil {
		return fmt.Errorf("could not list the company's accounts to check the payer: %w", err)
	}
	bics, only, err := tbusiness.AccountBICs(body)
	if err != nil {
		return err
	}
	for _, d := range drafts {
		if d.Fields["accountNumber"] == "" {
			if only == "" {
				return &tbusiness.FieldError{Line: d.Line, Field: "accountNumber", Msg: "no payer account: the company has several; give accountNumber, --account or tbusiness.account"}
			}
			d.Fields["accountNumber"] = only
		}
		if err := d.CheckPayer(bics); err != nil {
			return err
		}
	}
	return nil
}

func row(d *tbusiness.Draft) Row {
	return Row{Line: d.Line, Number: d.Fields["documentNumber"], Amount: money.FormatText(d.Fields["amount"]),
		Recipient: d.Fields["recipientName"], Account: d.Fields["accountNumber"]}
}

func dryRun(p *cmdutil.Printer, c *tbusiness.Client, j *tbusiness.Journal, drafts []*tbusiness.Draft) error {
	entries, err := j.Latest()
	if err != nil {
		return err
	}
	state := tbusiness.State(entries)
	rows := make([]Row, 0, len(drafts))
	for _, d := range drafts {
		r := row(d)
		r.Body = d.Body()
		switch e := state[tbusiness.DraftKey(c.Base(), d)]; e.Event {
		case tbusiness.Created:
			r.Result, r.DocumentID = "would skip: created", e.DocumentID
		case tbusiness.Unknown:
			r.Result = "would hold back: unknown"
		default:
			r.Result = "would send"
		}
		rows = append(rows, r)
	}
	return printRows(p, rows, rowColumns)
}

// send creates the drafts in order under the journal's lock. stop is the 401 or 403 that ended
// the batch early.
func send(ctx context.Context, opts *CreateOptions, c *tbusiness.Client, j *tbusiness.Journal, drafts []*tbusiness.Draft) ([]Row, error, error) {
	entries, err := j.Latest()
	if err != nil {
		return nil, nil, err
	}
	state := tbusiness.State(entries)
	var rows []Row
	for _, d := range drafts {
		r := row(d)
		key := tbusiness.DraftKey(c.Base(), d)
		e := state[key]
		switch {
		case e.Event == tbusiness.Created:
			r.Result, r.DocumentID = "skipped", e.DocumentID
			r.Error = "created before"
			rows = append(rows, r)
			continue
		case e.Event == tbusiness.Unknown && !opts.Force:
			r.Result, r.Error = "unknown", "sent before with no answer: look for it in the web bank; if it is not there, run again with --force"
			rows = append(rows, r)
			continue
		}
		base := tbusiness.Entry{Key: key, Number: r.Number, Amount: r.Amount, Recipient: r.Recipient, Account: r.Account, Line: d.Line}
		intent := base
		intent.Event = tbusiness.Intent
		if err := j.Append(intent); err != nil {
			return rows, nil, err // nothing sent: the journal must be there first
		}
		res := c.Create(ctx, d.Body())
		out := base
		out.Event, out.DocumentID, out.RequestID = res.Event, res.DocumentID, res.RequestID
		if res.Err != nil {
			out.Error = describe(res.Err)
		}
		if err := j.Append(out); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: %v: the journal says this draft's outcome is unknown\n", err)
		}
		r.Result, r.DocumentID, r.Error = res.Event, res.DocumentID, out.Error
		if res.Event == tbusiness.Unknown {
			r.Error = "no answer (" + out.Error + "): look for it in the web bank before sending it again with --force"
		}
		rows = append(rows, r)
		if code := cmdutil.ExitCode(res.Err); code == cmdutil.ExitAuth || code == cmdutil.ExitForbidden {
			return rows, res.Err, nil
		}
		if ctx.Err() != nil {
			return rows, ctx.Err(), nil
		}
	}
	return rows, nil, nil
}

// outcome is the batch's exit: 4 or 5 when a 401 or 403 stopped it, 1 when any draft was
// refused, unknown or held back, else 0 (skipped drafts count as done).
func outcome(rows []Row, stop error) error {
	if stop != nil {
		return fmt.Errorf("the batch stopped: %w", stop)
	}
	failed := 0
	for _, r := range rows {
		if r.Result == tbusiness.Refused || r.Result == tbusiness.Unknown {
			failed++
		}
	}
	if failed > 0 {
		return apperr.Suggest(fmt.Errorf("%d of %d draft(s) were not created: see above", failed, len(rows)),
			"`bankctl tbusiness payment status` lists the journal's drafts and asks the bank about created ones")
	}
	return nil
}

// describe is an error on one line with the bank's fields after it (errorCode, errorDetails,
// errorId, X-Request-Id), for a row and the journal.
func describe(err error) string {
	s := err.Error()
	if more := apperr.Suggestions(err); len(more) > 0 {
		s += " (" + strings.Join(more, "; ") + ")"
	}
	return s
}
