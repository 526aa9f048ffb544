// Package status holds `bankctl status`: what the profile has stored for each API, where, and
// whether it still works. Each API area checks its own part.
package status

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/ibank"
	"github.com/bankctl/bankctl/cmd/tbusiness"
	"github.com/bankctl/bankctl/cmd/tid"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
)

// Options are the inputs of `bankctl status`.
type Options struct {
	Settings func() (*cmdutil.Settings, error)
	Printer  func() (*cmdutil.Printer, error)
	Check    func(ctx context.Context, s *cmdutil.Settings) *Status
	JSON     bool
}

// Status is what `bankctl status --json` prints.
type Status struct {
	Profile   string            `json:"profile"`
	Config    string            `json:"config"`
	IBank     *ibank.Status     `json:"ibank"`
	TID       *tid.Status       `json:"tid"`
	TBusiness *tbusiness.Status `json:"tbusiness"`
}

func (st *Status) parts() []cmdutil.StatusPart {
	return []cmdutil.StatusPart{st.IBank, st.TID, st.TBusiness}
}

// NewCmdStatus builds `bankctl status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Settings: f.Settings, Check: func(ctx context.Context, s *cmdutil.Settings) *Status {
		// The three checks are independent: at the same time, status takes as long as the
		// slowest bank, not as all of them together.
		st := &Status{Profile: s.Profile, Config: s.ConfigPath}
		var wg sync.WaitGroup
		wg.Go(func() { st.IBank = ibank.CheckStatus(ctx, f, s) })
		wg.Go(func() { st.TID = tid.CheckStatus(ctx, f, s) })
		wg.Go(func() { st.TBusiness = tbusiness.CheckStatus(ctx, f, s) })
		wg.Wait()
		return st
	}}
	c := &cobra.Command{
		Use:   "status",
		Short: "Show what the profile has stored, where, and whether it still works",
		Long: `Show, for the profile, the iBank URL, where its token comes from (env, keyring, file) with
its tail (the last 12 characters of a UUID token: what the web bank's token search matches),
and a live check with client/info; the T-ID client, token expiry, scopes and whether it can
refresh (read as stored: status never spends a refresh); and the T-Business token in use
(BANKCTL_TBUSINESS_TOKEN, a stored self-service token, or T-ID), checked with one company call.

Every check counts in the exit code: 0 when everything stored works; else 1 when a check
failed for another reason than the bank's answer (network, an unreadable keyring); else 5 when
one was refused (403); else 4 (nothing stored, 401, an inactive token).`,
		Example: `  bankctl status
  bankctl -p acme status --json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, run, nil),
	}
	opts.Printer = func() (*cmdutil.Printer, error) {
		p, err := f.Printer(c.CommandPath(), cmdutil.Common)
		if err == nil && opts.JSON && p.JQ == nil && p.Format == cmdutil.Table {
			p.Format = cmdutil.JSON
		}
		return p, err
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the status as JSON (same as -o json)")
	return c
}

func run(ctx context.Context, opts *Options) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	st := opts.Check(ctx, s)
	if err := p.Value(st, func(w io.Writer, tty bool) error {
		t := render.NewTable()
		t.Append("Profile", st.Profile)
		t.Append("Config", st.Config)
		for _, part := range st.parts() {
			part.Rows(t)
		}
		return t.Render(w, tty)
	}); err != nil {
		return err
	}
	return exitFor(s.Profile, st.parts())
}

// exitFor is SPEC's rule: 1 when a check failed for another reason than the bank's answer,
// else 5 when one was refused, else 4 when one was rejected or nothing at all is stored.
func exitFor(profile string, parts []cmdutil.StatusPart) error {
	worst, stored := cmdutil.NotStored, false
	var worstErr error
	for _, p := range parts {
		o, err := p.Result()
		if o != cmdutil.NotStored {
			stored = true
		}
		if o > worst {
			worst, worstErr = o, err
		}
	}
	flag := config.ProfileFlag(profile)
	switch {
	case worst == cmdutil.Failed:
		if len(apperr.Suggestions(worstErr)) > 0 {
			return worstErr // an unreadable keyring: its ways out follow the error line
		}
		return errors.New("a check failed: see above")
	case worst == cmdutil.Refused:
		return apperr.Forbidden(errors.New("the bank refused a stored token: see above"))
	case worst == cmdutil.Rejected:
		return apperr.Auth(errors.New("a stored token was rejected: see above, and log in again"))
	case !stored:
		return apperr.Auth(fmt.Errorf("nothing is stored for profile %q: run `bankctl%s login` (iBank), `bankctl%s tid login` (T-ID) or `bankctl%s tbusiness login` (T-Business)", profile, flag, flag, flag))
	}
	return nil
}
