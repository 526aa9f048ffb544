package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
)

// StatusOptions are the inputs of `bankctl status`.
type StatusOptions struct {
	f    *Factory
	JSON bool
}

// Status is what `bankctl status --json` prints.
type Status struct {
	Profile string       `json:"profile"`
	Config  string       `json:"config"`
	IBank   *IBankStatus `json:"ibank"`
	TID     *TIDStatus   `json:"tid"`
}

// IBankStatus is the iBank part of a Status.
type IBankStatus struct {
	URL          string `json:"url,omitempty"`
	TokenSource  string `json:"token_source,omitempty"`
	TokenTail    string `json:"token_tail,omitempty"`
	Storage      string `json:"storage,omitempty"`
	OK           bool   `json:"ok"`
	Organisation string `json:"organisation,omitempty"`
	Error        string `json:"error,omitempty"`
	stored       bool
	broken       bool
}

// NewCmdStatus builds `bankctl status`.
func NewCmdStatus(f *Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{f: f}
	c := &cobra.Command{
		Use:   "status",
		Short: "Show what the profile has stored, where, and whether it still works",
		Long: `Show, for the profile, the iBank URL, where its token comes from (env, keyring, file) with
its last 12 characters (what the web bank's token search matches), and a live check with
client/info; and the T-ID client, token expiry, scopes and whether it can refresh.

Exits 4 when nothing is stored, 1 when something stored does not work.`,
		Example: `  bankctl status
  bankctl -p acme status --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return statusRun(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the status as JSON (same as -o json)")
	return c
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	st := &Status{Profile: s.Profile, Config: s.ConfigPath}
	st.IBank = ibankStatus(ctx, f, s)
	st.TID = tidStatus(ctx, f, s)
	if opts.JSON && f.jq == nil && s.Output == render.FormatTable {
		s.Output = render.FormatJSON
	}
	if err := printValue(f, st, func(w io.Writer, tty bool) error { return printStatus(w, tty, st) }); err != nil {
		return err
	}
	switch {
	case st.IBank.broken || st.TID.broken:
		return errors.New("something stored does not work: see above")
	case !st.IBank.stored && !st.TID.stored:
		return apperr.Auth(fmt.Errorf("nothing is stored for profile %q: run `bankctl%s login` or `bankctl%s tid login`", s.Profile, profileFlag(s.Profile), profileFlag(s.Profile)))
	}
	return nil
}

func ibankStatus(ctx context.Context, f *Factory, s *Settings) *IBankStatus {
	st := &IBankStatus{URL: s.IBankURL}
	token, source, err := ibankToken(f, s.Profile)
	var unavailable *keystore.UnavailableError
	switch {
	case errors.As(err, &unavailable):
		// Nothing is known to be stored; say why we could not look, but it is not broken.
		st.Error = "not found: " + unavailable.Cause.Error()
		return st
	case err != nil:
		st.Error = "not logged in"
		return st
	}
	st.stored = true
	st.TokenSource, st.TokenTail = source, redact.Tail(token, 12)
	if source == keystore.SourceFile {
		if fs, err := f.FileStore(); err == nil {
			st.Storage = fs.Path
		}
	}
	if s.IBankURL == "" {
		st.Error, st.broken = "no iBank URL configured", true
		return st
	}
	base, err := ibank.ParseURL(s.IBankURL)
	if err != nil {
		st.Error, st.broken = err.Error(), true
		return st
	}
	c, err := f.ibankAPI(base, token)
	if err != nil {
		st.Error, st.broken = err.Error(), true
		return st
	}
	body, err := c.ClientInfo(ctx)
	if err != nil {
		st.Error, st.broken = redact.String(err.Error()), true
		return st
	}
	st.OK, st.Organisation = true, organisation(body)
	return st
}

func printStatus(w io.Writer, tty bool, st *Status) error {
	t := render.NewTable()
	t.Append("Profile", st.Profile)
	t.Append("Config", st.Config)
	ib := st.IBank
	t.Append("iBank URL", orDash(ib.URL))
	if ib.stored {
		where := ib.TokenSource
		if ib.Storage != "" {
			where += " " + ib.Storage
		}
		t.Append("iBank token", fmt.Sprintf("%s (%s)", ib.TokenTail, where))
	}
	switch {
	case ib.OK:
		t.Append("iBank check", "ok: "+ib.Organisation)
	case ib.broken:
		t.Append("iBank check", "failed: "+ib.Error)
	case ib.Error != "":
		t.Append("iBank token", ib.Error)
	}
	appendTIDStatus(t, st.TID)
	return t.Render(w, tty)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
