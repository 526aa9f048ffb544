package tbusiness

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/fsutil"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
	"github.com/bankctl/bankctl/internal/statement"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// run is one statement: its query, its accounts, where it starts, and its output.
type run struct {
	opts     *StatementOptions
	format   string
	profile  string
	q        tbusiness.Query
	accounts []string
	all      bool
	start    int    // the account it starts at (a continuation of --account all)
	cursor   string // and that account's cursor
}

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
	if opts.Cursor != "" && p.JQ == nil && (format == cmdutil.JSON || format == cmdutil.XLSX) {
		return cmdutil.Usagef("-o %s is one document and cannot be continued with --cursor: run the period again, or continue it as -o jsonl", format)
	}
	status, err := tbusiness.StatusParam(opts.Status)
	if err != nil {
		return cmdutil.UsageErr(err)
	}
	from, to, err := period(opts.From, opts.To, opts.Month, time.Now())
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
	r := &run{opts: opts, format: format, profile: s.Profile, cursor: opts.Cursor,
		q: tbusiness.Query{From: from, To: to, Status: status, Categories: opts.Categories, Balances: opts.Balances || format == cmdutil.OneC}}
	if r.accounts, r.all, err = statementAccounts(ctx, f, opts.Account, s, c, auth); err != nil {
		return err
	}
	if err := r.startAt(); err != nil {
		return err
	}
	o := statement.ExportOptions{Format: format, Out: opts.IO.Out, TTY: opts.IO.IsStdoutTTY(), JQ: p.JQ, Delimiter: delim,
		Continuation: r.start > 0 || r.cursor != "", Notes: opts.IO.ErrOut, NotesTTY: opts.IO.IsStderrTTY(), Balances: opts.Balances,
		All: r.all, From: from, To: to}
	if format == cmdutil.OneC && p.JQ == nil {
		if o.Spool, err = r.spool(s, c); err != nil {
			return err
		}
	}
	e, err := statement.NewExport(o)
	if err != nil {
		return err
	}
	return r.pages(ctx, c, e)
}

// startAt reads where a continuation starts: with --account all, --cursor is ACCOUNT:CURSOR.
func (r *run) startAt() error {
	if !r.all || r.cursor == "" {
		return nil
	}
	account, cursor, ok := strings.Cut(r.cursor, ":")
	for i, a := range r.accounts {
		if ok && a == account {
			r.start, r.cursor = i, cursor
			return nil
		}
	}
	return cmdutil.Usagef("with --account all, --cursor is ACCOUNT:CURSOR, ACCOUNT one of the company's ruble accounts (as a continuation prints it)")
}

// spool is the -o 1c spool in the state folder: a new one, or the one a continuation finishes.
func (r *run) spool(s *cmdutil.Settings, c *tbusiness.Client) (*statement.Spool, error) {
	dir, err := fsutil.OpenDir(s.StateDir, s.Profile, "spool")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(fmt.Sprint(c.Base(), r.accounts, r.q.From.Unix(), r.q.To.Unix(), r.q.Status, r.q.Categories)))
	key := hex.EncodeToString(sum[:10])
	if r.start == 0 && r.cursor == "" {
		return statement.NewSpool(dir, key)
	}
	sp, err := statement.ResumeSpool(dir, key, r.accounts[r.start], r.cursor)
	if errors.Is(err, statement.ErrNoSpool) {
		return nil, cmdutil.UsageErr(err)
	}
	return sp, err
}

// pages fetches each account's pages into the export, and ends it as the statement ended.
func (r *run) pages(ctx context.Context, c *tbusiness.Client, e statement.Export) error {
	work, stop, cancel := r.opts.f.Graceful(ctx, "finishing the current page")
	defer cancel()
	written := 0
	for i := r.start; i < len(r.accounts); i++ {
		account, cursor := r.accounts[i], ""
		if i == r.start {
			cursor = r.cursor
		}
		select {
		case <-stop: // interrupted between two accounts: the next starts the continuation
			e.Abort()
			return r.continuation(&tbusiness.PageError{Cursor: cursor, Written: written, Err: context.Canceled}, account, false)
		default:
		}
		e.Begin(account)
		q := r.q
		q.Account, q.Stop = account, stop
		pages, err := c.Statement(work, q, cursor, e)
		var pe *tbusiness.PageError
		switch {
		case errors.As(err, &pe):
			pe.Written += written
			if sp, ok := e.(interface {
				Suspend(account, cursor string) error
			}); ok && r.opts.f.JQExpr() == "" {
				if serr := sp.Suspend(account, pe.Cursor); serr == nil {
					return r.continuation(pe, account, true)
				}
			}
			e.Abort()
			return r.continuation(pe, account, false)
		case err != nil:
			e.Abort()
			return err
		}
		written += pages.Operations
		if pages.Repeated != "" {
			fmt.Fprintf(r.opts.IO.ErrOut, "warning: the bank sent the cursor %s twice for %s: paging stopped there, after %d operation(s)\n", sanitize.Line(render.Clip(pages.Repeated, 40)), account, pages.Operations)
		}
	}
	return e.Finish()
}
