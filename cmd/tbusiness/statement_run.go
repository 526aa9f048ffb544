package tbusiness

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
	"github.com/bankctl/bankctl/internal/statement"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

func statementRun(ctx context.Context, opts *StatementOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	format := p.Format
	if format == cmdutil.Table && !opts.IO.IsStdoutTTY() {
		format = "tsv"
	}
	delim, err := cmdutil.Delimiter(opts.Delimiter)
	if err != nil {
		return err
	}
	if opts.Cursor != "" && p.JQ == nil && (format == cmdutil.JSON || format == cmdutil.OneC) {
		return cmdutil.Usagef("-o %s is one document and cannot be continued with --cursor: run the period again, or continue it as -o jsonl", format)
	}
	status, err := tbusiness.StatusParam(opts.Status)
	if err != nil {
		return cmdutil.UsageErr(err)
	}
	from, to, err := period(opts.From, opts.To, time.Now())
	if err != nil {
		return err
	}
	for _, c := range opts.Categories {
		if c == "" {
			return cmdutil.Usagef("--category needs a category name")
		}
	}
	if len(opts.Categories) > 50 {
		return cmdutil.Usagef("at most 50 --category values")
	}
	c, auth, err := f.TBusiness()
	if err != nil {
		return err
	}
	account, err := statementAccount(ctx, f, opts.Account, s, c, auth)
	if err != nil {
		return err
	}
	q := tbusiness.Query{Account: account, From: from, To: to, Status: status, Categories: opts.Categories,
		Balances: opts.Balances || format == cmdutil.OneC}
	e, err := statement.NewExport(statement.ExportOptions{Format: format, Out: opts.IO.Out, TTY: opts.IO.IsStdoutTTY(),
		JQ: p.JQ, Delimiter: delim, Continuation: opts.Cursor != "", Notes: opts.IO.ErrOut, NotesTTY: opts.IO.IsStderrTTY(), Balances: opts.Balances, Account: q.Account, From: q.From, To: q.To})
	if err != nil {
		return err
	}
	work, stop, cancel := f.Graceful(ctx, "finishing the current page")
	defer cancel()
	q.Stop = stop
	pages, err := c.Statement(work, q, opts.Cursor, e)
	var pe *tbusiness.PageError
	if errors.As(err, &pe) {
		e.Abort()
		return continuation(opts, s.Profile, q, format, pe)
	}
	if err != nil {
		e.Abort()
		return err
	}
	if err := e.Finish(); err != nil {
		return err
	}
	if pages.Repeated != "" {
		fmt.Fprintf(opts.IO.ErrOut, "warning: the bank sent the cursor %s twice: paging stopped there, after %d operation(s)\n", sanitize.Line(render.Clip(pages.Repeated, 40)), pages.Operations)
	}
	return nil
}

// statementAccount is --account, else the profile's tbusiness.account, else the only account.
func statementAccount(ctx context.Context, f *cmdutil.Factory, flag string, s *cmdutil.Settings, c *tbusiness.Client, auth *cmdutil.TBusinessAuth) (string, error) {
	account := flag
	if account == "" {
		account = s.TBusiness.Account
	}
	if account != "" {
		if err := config.CheckAccount(account); err != nil {
			return "", cmdutil.UsageErr(err)
		}
		return account, nil
	}
	if err := f.RequireScopes(ctx, auth, tbusiness.ScopeAccounts); err != nil {
		return "", err
	}
	body, err := c.Accounts(ctx, false)
	if err != nil {
		return "", fmt.Errorf("no --account given, and the accounts could not be listed: %w", err)
	}
	items, err := cmdutil.Items(body)
	if err != nil {
		return "", err
	}
	var numbers []string
	for _, it := range items {
		if n, err := render.Parse(it); err == nil {
			numbers = append(numbers, n.At("accountNumber").String())
		}
	}
	if len(numbers) == 1 {
		return numbers[0], nil
	}
	flagP := config.ProfileFlag(s.Profile)
	return "", apperr.Suggest(cmdutil.Usagef("the company has %d accounts: pass --account, or `bankctl%s config set tbusiness.account NUMBER`", len(numbers), flagP), numbers...)
}

// continuation is the error for a page that failed: the whole command that continues from it.
func continuation(opts *StatementOptions, profile string, q tbusiness.Query, format string, pe *tbusiness.PageError) error {
	if format == "tsv" {
		format = cmdutil.Table
	}
	args := []string{"bankctl"}
	if profile != "default" {
		args = append(args, "-p", profile)
	}
	args = append(args, "tbusiness", "statement", "--account", q.Account, "--from", q.From.Format(time.RFC3339),
		"--to", q.To.Format(time.RFC3339), "--status", strings.ToLower(q.Status))
	for _, c := range q.Categories {
		args = append(args, "--category", c)
	}
	single := format == cmdutil.JSON || format == cmdutil.OneC
	switch {
	case single:
		args = append(args, "-o", "jsonl")
	case format != cmdutil.Table:
		args = append(args, "-o", format)
	}
	if format == cmdutil.CSV && opts.Delimiter == ";" {
		args = append(args, "--delimiter", ";")
	}
	if jq := opts.f.JQExpr(); jq != "" {
		args = append(args, "--jq", jq)
	}
	if opts.Balances && pe.Cursor == "" {
		args = append(args, "--balances")
	}
	if pe.Cursor != "" {
		args = append(args, "--cursor", pe.Cursor)
	}
	cmd := cmdutil.ShellJoin(args)
	what := fmt.Sprintf("%d operation(s) were written before the page failed", pe.Written)
	if errors.Is(pe.Err, context.Canceled) {
		what = fmt.Sprintf("%d operation(s) were written, up to the end of a page", pe.Written)
	}
	if pe.Cursor != "" && !printable(pe.Cursor) {
		return apperr.Suggest(fmt.Errorf("the statement stopped: %w", pe.Err), what,
			"the bank's cursor holds characters that cannot be typed on a command line (it is unusable): run the period again")
	}
	if single {
		what = fmt.Sprintf("-o %s was left unfinished (%d operation(s) read): run the period again, or continue it as JSON Lines", format, pe.Written)
		if format == cmdutil.OneC {
			what = fmt.Sprintf("-o 1c wrote nothing (%d operation(s) read): run the period again, or continue it as JSON Lines", pe.Written)
		}
	}
	if errors.Is(pe.Err, context.Canceled) {
		return apperr.Suggest(fmt.Errorf("the statement was interrupted: %w", pe.Err), what, "continue with: "+cmd)
	}
	return apperr.Suggest(fmt.Errorf("a statement page failed: %w", pe.Err), what, "continue with: "+cmd)
}

// printable: a cursor that a command line can carry as it is (printable ASCII).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
