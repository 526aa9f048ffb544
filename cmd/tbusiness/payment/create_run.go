package payment

import (
	"cmp"
	"context"
	"fmt"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
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
			if a := cmp.Or(opts.Flags.Value("accountNumber"), s.TBusiness.Account); a != "" {
				d.Typed["accountNumber"] = a
				*d = *payment.New(d.Line, d.Typed)
			}
		}
		for _, e := range d.Check() {
			errs.Add(e)
		}
	}
	if err := errs.Err(); err != nil {
		return sendcmd.InputError(err, opts.Input, flagFields)
	}
	c, auth, err := f.TBusiness()
	if err != nil {
		return err
	}
	if err := f.RequireScopes(ctx, auth, tbusiness.ScopeCreate, tbusiness.ScopeAccounts); err != nil {
		return err
	}
	problems, err := checkPayers(ctx, c, drafts)
	if err != nil {
		return err
	}
	if problems != nil {
		return sendcmd.InputError(problems, opts.Input, flagFields)
	}
	api := payment.API(c.Base())
	docs := make([]*sendonce.Doc, len(drafts))
	for i, d := range drafts {
		docs[i] = d.Doc(api)
	}
	return kind.Send(ctx, f, p, sendcmd.Batch{Docs: docs, API: api, Input: opts.Input, DryRun: opts.DryRun, Force: opts.Force,
		Sender: payment.Sender{Client: c}, Finder: payment.Finder{Client: c}, Columns: kind.Columns()})
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
	data, err := sendcmd.ReadInput(opts.IO, opts.Input)
	if err != nil {
		return nil, err
	}
	in, err := payment.Read(data, opts.Encoding)
	if err != nil {
		return nil, cmdutil.BadInput(err, opts.Input)
	}
	sendcmd.NoteEncoding(opts.IO, opts.Input, in.Encoding)
	if in.Skipped > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "note: %d document(s) of 1С that are not payment orders left out\n", in.Skipped)
	}
	return in.Drafts, nil
}

// checkPayers makes the one GET of the accounts and checks every draft's payer against it:
// problems are the drafts', err is the accounts call's.
func checkPayers(ctx context.Context, c *tbusiness.Client, drafts []*payment.Draft) (problems, err error) {
	bics, only, err := sendcmd.CompanyAccounts(ctx, c)
	if err != nil {
		return nil, err
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
	return errs.Err(), nil
}
