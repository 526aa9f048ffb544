package payment

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/payment"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
	"github.com/bankctl/bankctl/internal/textin"
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
	var errs textin.Errors
	for _, d := range drafts {
		if d.Fields["accountNumber"] == "" {
			if a := cmp.Or(*opts.Flags["accountNumber"], s.TBusiness.Account); a != "" {
				d.Typed["accountNumber"] = a
				*d = *payment.New(d.Line, d.Typed)
			}
		}
		for _, e := range d.Check() {
			errs.Add(e)
		}
	}
	if err := errs.Err(); err != nil {
		if opts.Input == "" {
			return cmdutil.UsageErr(flagError(err)) // the flags' draft: name the flag
		}
		return cmdutil.BadInput(err, opts.Input)
	}
	c, auth, err := f.TBusiness()
	if err != nil {
		return err
	}
	if err := f.RequireScopes(ctx, auth, tbusiness.ScopeCreate, tbusiness.ScopeAccounts); err != nil {
		return err
	}
	if err := checkPayers(ctx, c, drafts); err != nil {
		return cmdutil.BadInput(err, opts.Input)
	}
	api := payment.API(c.Base())
	docs := make([]*sendonce.Doc, len(drafts))
	for i, d := range drafts {
		docs[i] = d.Doc(api)
	}
	if err := sendonce.Duplicates(docs); err != nil {
		return cmdutil.BadInput(err, opts.Input)
	}
	j, err := kind.Open(f, s)
	if err != nil {
		return err
	}
	defer j.Close()
	if !opts.DryRun {
		unlock, err := j.Lock(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	h, err := j.Read()
	if err != nil {
		return err
	}
	items := sendonce.Plan(h, api, docs, opts.Force, now())
	if opts.DryRun {
		return sendcmd.PrintRows(p, kind.DryRows(items), kind.Columns())
	}
	run := &sendonce.Run{Journal: j, Sender: payment.Sender{Client: c}, Finder: payment.Finder{Client: c}, API: api, Input: sendcmd.InputName(opts.Input), Describe: apperr.OneLine}
	var rows []sendcmd.Row
	runErr := run.Do(ctx, items, func(r sendonce.Row) { rows = append(rows, kind.FromRun(r)) })
	if perr := sendcmd.PrintRows(p, rows, kind.Columns()); perr != nil && runErr == nil {
		runErr = perr
	}
	return kind.Outcome(rows, len(items), runErr)
}

// drafts are the input's, or the one the flags describe, normalised.
func (opts *CreateOptions) drafts() ([]*payment.Draft, error) {
	one, any := opts.fromFlags()
	switch {
	case opts.Input != "" && any:
		return nil, cmdutil.Usagef("give drafts either with --input or with flags, not both")
	case opts.Input == "" && !any:
		return nil, cmdutil.Usagef("no draft: pass --input FILE (or - for stdin), or the draft's flags (--number, --amount, --to-…)")
	case opts.Input == "":
		return []*payment.Draft{one}, nil
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
	in, err := payment.Read(data, opts.Encoding)
	if err != nil {
		return nil, cmdutil.BadInput(err, opts.Input)
	}
	if name := textin.Names[in.Encoding]; in.Encoding != textin.UTF8 {
		fmt.Fprintf(opts.IO.ErrOut, "note: %s read as %s\n", sendcmd.InputName(opts.Input), name)
	}
	if in.Skipped > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "note: %d document(s) of 1С that are not payment orders left out\n", in.Skipped)
	}
	return in.Drafts, nil
}

// flagError names the flag rather than the API field.
func flagError(err error) error {
	var errs textin.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		err = errs[0]
	}
	var fe *textin.FieldError
	if errors.As(err, &fe) {
		for _, ff := range flagFields {
			if ff.field == fe.Field {
				return fmt.Errorf("--%s %s: %s", ff.flag, textin.Quote(fe.Value), fe.Msg)
			}
		}
	}
	return err
}

// checkPayers makes the one GET of the accounts and checks every draft's payer against it.
func checkPayers(ctx context.Context, c *tbusiness.Client, drafts []*payment.Draft) error {
	body, err := c.Accounts(ctx, false)
	if err != nil {
		return fmt.Errorf("could not list the company's accounts to check the payer: %w", err)
	}
	bics, only, err := tbusiness.AccountBICs(body)
	if err != nil {
		return err
	}
	var errs textin.Errors
	for _, d := range drafts {
		if d.Fields["accountNumber"] == "" {
			if only == "" {
				errs.Add(&textin.FieldError{Line: d.Line, Field: "accountNumber", Msg: "no payer account: the company has several; give accountNumber, --account or tbusiness.account"})
				continue
			}
			d.Typed["accountNumber"] = only
			*d = *payment.New(d.Line, d.Typed)
		}
		errs.Add(d.CheckPayer(bics))
	}
	return errs.Err()
}
