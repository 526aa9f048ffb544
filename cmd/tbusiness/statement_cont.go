package tbusiness

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// continuation is the error of a statement that stopped (a page failed, or Ctrl-C): what was
// written, and the whole command that continues from there — the query made explicit, the UTC
// instants as sent, and --cursor (ACCOUNT:CURSOR with --account all). A suspended -o 1c goes on
// as -o 1c and finishes the same file; -o json and xlsx, single documents, go on as JSON Lines.
func (r *run) continuation(pe *tbusiness.PageError, account string, suspended bool) error {
	format := r.format
	if format == "tsv" {
		format = cmdutil.Table
	}
	args := []string{"bankctl"}
	if r.profile != "default" {
		args = append(args, "-p", r.profile)
	}
	acct := account
	if r.all {
		acct = "all"
	}
	args = append(args, "tbusiness", "statement", "--account", acct, "--from", r.q.From.Format(time.RFC3339),
		"--to", r.q.To.Format(time.RFC3339), "--status", strings.ToLower(r.q.Status))
	for _, c := range r.q.Categories {
		args = append(args, "--category", c)
	}
	jq := r.opts.f.JQExpr()
	single := jq == "" && (format == cmdutil.JSON || format == cmdutil.XLSX || format == cmdutil.OneC && !suspended)
	switch {
	case single:
		args = append(args, "-o", "jsonl")
	case format != cmdutil.Table:
		args = append(args, "-o", format)
	}
	if format == cmdutil.CSV && r.opts.Delimiter == ";" {
		args = append(args, "--delimiter", ";")
	}
	if jq != "" {
		args = append(args, "--jq", jq)
	}
	if r.opts.Balances && pe.Cursor == "" {
		args = append(args, "--balances")
	}
	cursor := pe.Cursor
	if r.all {
		cursor = account + ":" + pe.Cursor
	}
	if cursor != "" {
		args = append(args, "--cursor", cursor)
	}
	interrupted := errors.Is(pe.Err, context.Canceled)
	what := fmt.Sprintf("%d operation(s) were written before the page failed", pe.Written)
	if interrupted {
		what = fmt.Sprintf("%d operation(s) were written, up to the end of a page", pe.Written)
	}
	switch {
	case suspended:
		what = fmt.Sprintf("-o 1c wrote nothing yet (%d operation(s) read): its documents are kept in the state folder, and the command below finishes the same 1С file", pe.Written)
	case single && format == cmdutil.OneC:
		what = fmt.Sprintf("-o 1c wrote nothing (%d operation(s) read): run the period again, or continue it as JSON Lines", pe.Written)
	case single:
		what = fmt.Sprintf("-o %s was left unfinished (%d operation(s) read): run the period again, or continue it as JSON Lines", format, pe.Written)
	}
	head := fmt.Errorf("a statement page failed: %w", pe.Err)
	if interrupted {
		head = fmt.Errorf("the statement was interrupted: %w", pe.Err)
	}
	if pe.Cursor != "" && !printable(pe.Cursor) {
		return apperr.Suggest(head, what, "the bank's cursor holds characters that cannot be typed on a command line (it is unusable): run the period again")
	}
	return apperr.Suggest(head, what, "continue with: "+cmdutil.ShellJoin(args))
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
