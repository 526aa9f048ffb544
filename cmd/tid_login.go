package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/tid"
)

// TIDLoginOptions are the inputs of `bankctl tid login`.
type TIDLoginOptions struct {
	f           *Factory
	IO          *iostreams.IOStreams
	ClientID    string
	RedirectURI string
	INN, KPP    string
	Manual      bool
	NoBrowser   bool
	Timeout     time.Duration
	PKCE        string
}

// NewCmdTIDLogin builds `bankctl tid login`.
func NewCmdTIDLogin(f *Factory, runF func(*TIDLoginOptions) error) *cobra.Command {
	opts := &TIDLoginOptions{f: f, IO: f.IO}
	c := &cobra.Command{
		Use:   "login",
		Short: "Sign in with T-ID in the browser and store the tokens",
		Long: `Run T-ID's OAuth authorization-code login: open the authorize page in the browser, catch the
code on the redirect URI, exchange it for tokens with the partner's client_id and client_secret,
store them in the OS keyring, and show who signed in with which scopes.

Listener mode: when the redirect URI is http on a loopback host (e.g. http://127.0.0.1:8765/cb),
bankctl listens on exactly that host and port and the browser comes back to it. On a terminal
you may also paste the address the browser landed on (useful over SSH).

Manual mode (--manual, or any redirect URI that is not loopback, such as the https URL T-ID
registered for your site): bankctl prints the URL; sign in, then paste the address the browser
landed on (or just the code).

The client secret comes from BANKCTL_TID_CLIENT_SECRET, else the keyring, else a hidden prompt
(stored once the login succeeds). Values given with --client-id, --redirect-uri, --inn and --kpp
are saved in the profile's config.

PKCE (S256): --pkce auto uses it with loopback redirect URIs (the native-app flow) and not with
https partner URIs, where T-ID does not document it.`,
		Example: `  # With the sandbox
  bankctl sandbox -- bankctl tid login

  # A partner registered with a loopback redirect URI
  bankctl tid login --client-id my-partner --redirect-uri http://127.0.0.1:8765/auth/complete

  # T-Business, for one company
  bankctl tid login --inn 9999980892 --kpp 999991001

  # Over SSH, with an https redirect URI on the partner's site
  bankctl tid login --manual --no-browser`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return tidLoginRun(cmd.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.ClientID, "client-id", "", "T-ID partner client_id (saved in the config)")
	fl.StringVar(&opts.RedirectURI, "redirect-uri", "", "redirect URI exactly as registered with T-ID (saved in the config)")
	fl.StringVar(&opts.INN, "inn", "", "company INN, sent as scope_parameters (T-Business)")
	fl.StringVar(&opts.KPP, "kpp", "", "company KPP (0 when it has none)")
	fl.BoolVar(&opts.Manual, "manual", false, "paste the address the browser landed on instead of listening")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "only print the URL; do not open a browser")
	fl.DurationVar(&opts.Timeout, "timeout", 5*time.Minute, "how long to wait for the sign-in")
	fl.StringVar(&opts.PKCE, "pkce", "auto", "use PKCE S256: auto, on or off")
	c.RegisterFlagCompletionFunc("pkce", cobra.FixedCompletions([]string{"auto", "on", "off"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

type loginPlan struct {
	s           *Settings
	clientID    string
	redirectURI string
	scope       *tid.ScopeParameters
	manual      bool
	pkce        bool
}

func planTIDLogin(opts *TIDLoginOptions, s *Settings) (*loginPlan, error) {
	p := &loginPlan{s: s, clientID: firstOf(opts.ClientID, s.TID.ClientID), redirectURI: firstOf(opts.RedirectURI, s.TID.RedirectURI)}
	if p.redirectURI == "" {
		return nil, usagef("no redirect URI: pass --redirect-uri exactly as registered with T-ID, or set tid.redirect_uri")
	}
	if err := checkRedirectURI(p.redirectURI); err != nil {
		return nil, usageErr(err)
	}
	inn, kpp := firstOf(opts.INN, s.TID.INN), firstOf(opts.KPP, s.TID.KPP)
	switch {
	case opts.KPP != "" && inn == "":
		return nil, usagef("--kpp needs --inn")
	case inn != "":
		if err := config.CheckINN(inn); err != nil {
			return nil, usageErr(err)
		}
		if kpp == "" {
			kpp = "0"
		}
		if err := config.CheckKPP(kpp); err != nil {
			return nil, usageErr(err)
		}
		p.scope = &tid.ScopeParameters{INN: inn, KPP: kpp}
	}
	loopback := tid.IsLoopbackURI(p.redirectURI)
	p.manual = opts.Manual || !loopback
	switch opts.PKCE {
	case "auto":
		p.pkce = loopback
	case "on":
		p.pkce = true
	case "off":
	default:
		return nil, usagef("invalid --pkce %q: use auto, on or off", opts.PKCE)
	}
	if opts.Timeout <= 0 {
		return nil, usagef("--timeout must be positive")
	}
	return p, nil
}

func checkRedirectURI(raw string) error {
	if tid.IsLoopbackURI(raw) {
		return nil
	}
	if !strings.HasPrefix(raw, "https://") || strings.Contains(raw, "#") {
		return fmt.Errorf("invalid redirect URI %q: use the https URI registered with T-ID, or http on 127.0.0.1/localhost", raw)
	}
	return nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func tidLoginRun(ctx context.Context, opts *TIDLoginOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	p, err := planTIDLogin(opts, s)
	if err != nil {
		return err
	}
	c, prompted, err := tidClient(f, s, p.clientID, p.redirectURI, true, true)
	if err != nil {
		return err
	}
	auth, err := c.NewAuthorization(p.scope, p.pkce)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	code, err := waitForCode(ctx, opts, p, auth)
	if err != nil {
		return err
	}
	tok, err := c.Exchange(ctx, code, auth.Verifier)
	if tid.IsInvalidGrant(err) {
		return apperr.Auth(fmt.Errorf("%w: start again with `bankctl tid login`", err))
	}
	if err != nil {
		return err
	}
	if err := saveTIDToken(f, s.Profile, tok); err != nil {
		return err
	}
	if prompted {
		if err := storeClientSecret(f, s.Profile, c.ClientSecret); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: the client secret was not stored (%v): you will be asked again\n", err)
		}
	}
	if err := saveTIDSettings(f, s.Profile, opts, p); err != nil {
		return err
	}
	reportTIDLogin(ctx, opts, c, tok)
	return nil
}

func storeClientSecret(f *Factory, profile, secret string) error {
	store, err := f.Keystore()
	if err != nil {
		return err
	}
	return store.Set(keystore.Key{Profile: profile, Kind: keystore.KindTIDClientSecret}, secret)
}

// waitForCode shows the URL, opens the browser and waits for the code: from the listener, or
// pasted on the terminal (manual mode, or listener mode over SSH).
func waitForCode(ctx context.Context, opts *TIDLoginOptions, p *loginPlan, auth *tid.Authorization) (string, error) {
	w := opts.IO.ErrOut
	var results <-chan tid.Result
	if !p.manual {
		l, err := tid.Listen(p.redirectURI, auth.State)
		if err != nil {
			return "", err
		}
		defer l.Close()
		results = l.Result()
	}
	fmt.Fprintf(w, "Open this URL in a browser to sign in with T-ID:\n\n  %s\n\n", auth.URL)
	if !opts.NoBrowser {
		if err := opts.f.openBrowser(auth.URL); err != nil {
			fmt.Fprintf(w, "%v: open the URL above yourself\n", err)
		}
	}
	var pasted <-chan tid.Result
	switch {
	case p.manual:
		fmt.Fprintf(w, "After signing in, paste the address the browser landed on (or the code) and press Enter:\n")
		pasted = readPasted(opts, auth.State, true)
	case opts.IO.CanPrompt():
		fmt.Fprintf(w, "Waiting for the browser to come back to %s …\n(or paste the address it landed on here and press Enter)\n", p.redirectURI)
		pasted = readPasted(opts, auth.State, false)
	default:
		fmt.Fprintf(w, "Waiting for the browser to come back to %s …\n", p.redirectURI)
	}
	var r tid.Result
	select {
	case r = <-results:
	case r = <-pasted:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("no sign-in within %s: run `bankctl tid login` again (or raise --timeout)", opts.Timeout)
		}
		return "", ctx.Err()
	}
	var ae *tid.AuthError
	if errors.As(r.Err, &ae) && ae.Code == "access_denied" {
		return "", apperr.ErrCancelledWith(r.Err)
	}
	if r.Err != nil {
		return "", apperr.Auth(r.Err)
	}
	return r.Code, nil
}

// readPasted reads lines until one is a valid landing address or code. In manual mode a bad
// paste is explained and asked again (on a terminal) or ends the login (from a pipe).
func readPasted(opts *TIDLoginOptions, state string, manual bool) <-chan tid.Result {
	ch := make(chan tid.Result, 1)
	go func() {
		for {
			line, err := opts.IO.ReadLine()
			if err != nil {
				if manual {
					ch <- tid.Result{Err: errors.New("standard input ended before the landing address was pasted")}
				}
				return
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			r, bare, perr := tid.ParsePasted(line, state)
			if perr != nil {
				if !opts.IO.IsStdinTTY() && manual {
					ch <- tid.Result{Err: perr}
					return
				}
				fmt.Fprintf(opts.IO.ErrOut, "%v\nPaste again:\n", perr)
				continue
			}
			if bare {
				fmt.Fprintln(opts.IO.ErrOut, "warning: a bare code cannot be checked against this login's state; paste the whole address when you can")
			}
			ch <- r
			return
		}
	}()
	return ch
}

func saveTIDSettings(f *Factory, profile string, opts *TIDLoginOptions, p *loginPlan) error {
	if opts.ClientID == "" && opts.RedirectURI == "" && opts.INN == "" && opts.KPP == "" {
		return nil
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	t := &cfg.EnsureProfile(profile).TID
	before := *t
	if opts.ClientID != "" {
		t.ClientID = opts.ClientID
	}
	if opts.RedirectURI != "" {
		t.RedirectURI = opts.RedirectURI
	}
	if p.scope != nil && (opts.INN != "" || opts.KPP != "") {
		t.INN, t.KPP = p.scope.INN, p.scope.KPP
	}
	if *t == before {
		return nil
	}
	if err := cfg.Save(); err != nil {
		return fmt.Errorf("the tokens are stored, but the settings were not saved: %w", err)
	}
	return nil
}

func reportTIDLogin(ctx context.Context, opts *TIDLoginOptions, c *tid.Client, tok *tid.Token) {
	w := opts.IO.ErrOut
	in, err := c.Introspect(ctx, tok.AccessToken)
	if err != nil || !in.Active {
		fmt.Fprintf(w, "✓ Signed in to T-ID (client %s); the tokens are stored\n", c.ClientID)
		if err != nil {
			fmt.Fprintf(w, "warning: could not introspect the new token: %v\n", err)
		}
		return
	}
	fmt.Fprintf(w, "✓ Signed in to T-ID as %s (client %s)\n", orDash(in.Sub), c.ClientID)
	if exp := in.Expiry(); !exp.IsZero() {
		fmt.Fprintf(w, "  access token valid until %s\n", whenLocal(exp, time.Now()))
	}
	if tok.RefreshToken == "" {
		fmt.Fprintln(w, "  no refresh token: log in again when it expires")
	}
	if len(in.Scope) > 0 {
		fmt.Fprintf(w, "  scopes: %s\n", strings.Join(in.Scope, ", "))
	}
}

// whenLocal shows a time in local time with what remains or has passed.
func whenLocal(t, now time.Time) string {
	d := t.Sub(now)
	rel := "in " + humanDuration(d)
	if d <= 0 {
		rel = humanDuration(-d) + " ago"
	}
	return fmt.Sprintf("%s (%s)", t.Local().Format("2006-01-02 15:04:05 MST"), rel)
}

// humanDuration is 29m59s, 30m, 2h5m, 3d4h: precise near, coarse far.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		days := d / (24 * time.Hour)
		return fmt.Sprintf("%dd%dh", days, (d-days*24*time.Hour)/time.Hour)
	case d >= time.Hour:
		d = d.Round(time.Minute)
	default:
		d = d.Truncate(time.Second)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
