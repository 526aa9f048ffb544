package tid

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/tbusiness"
	"github.com/bankctl/bankctl/internal/tid"
)

// LoginOptions are the inputs of `bankctl tid login`.
type LoginOptions struct {
	IO              *iostreams.IOStreams
	f               *cmdutil.Factory
	ClientID        string
	RedirectURI     string
	INN, KPP        string
	Manual          bool
	NoBrowser       bool
	Timeout         time.Duration
	PKCE            string
	InsecureStorage bool
}

// NewCmdLogin builds `bankctl tid login`.
func NewCmdLogin(f *cmdutil.Factory, runF func(*LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{IO: f.IO, f: f}
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

PKCE (S256) is always used, and the browser is opened at a one-time start page on loopback that
redirects to the authorize URL, so the login's state is in no process's argv. With --inn and
--kpp, the tokens are stored only when the scopes T-ID granted name that company (exit 5
otherwise, with nothing stored).`,
		Example: `  # With the sandbox
  bankctl sandbox -- bankctl tid login

  # A partner registered with a loopback redirect URI
  bankctl tid login --client-id my-partner --redirect-uri http://127.0.0.1:8765/auth/complete

  # T-Business, for one company
  bankctl tid login --inn 7704521838 --kpp 770401001

  # Over SSH, with an https redirect URI on the partner's site
  bankctl tid login --manual --no-browser`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, loginRun, nil),
	}
	fl := c.Flags()
	fl.StringVar(&opts.ClientID, "client-id", "", "T-ID partner client_id (saved in the config)")
	fl.StringVar(&opts.RedirectURI, "redirect-uri", "", "redirect URI exactly as registered with T-ID (saved in the config)")
	fl.StringVar(&opts.INN, "inn", "", "company INN, sent as scope_parameters (T-Business)")
	fl.StringVar(&opts.KPP, "kpp", "", "company KPP (0 when it has none)")
	fl.BoolVar(&opts.Manual, "manual", false, "paste the address the browser landed on instead of listening")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "only print the URL; do not open a browser")
	fl.DurationVar(&opts.Timeout, "timeout", 5*time.Minute, "how long to wait for the sign-in")
	fl.StringVar(&opts.PKCE, "pkce", "auto", "PKCE S256 is always used; auto and on are taken for old scripts")
	fl.BoolVar(&opts.InsecureStorage, "insecure-storage", false, "store the tokens (and an asked-for client secret) in a plain file (mode 0600) instead of the OS keyring")
	c.RegisterFlagCompletionFunc("pkce", cobra.FixedCompletions([]string{"auto", "on"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

type loginPlan struct {
	clientID    string
	redirectURI string
	scope       *tid.ScopeParameters
	manual      bool
	pkce        bool
}

func planLogin(opts *LoginOptions, s *cmdutil.Settings) (*loginPlan, error) {
	p := &loginPlan{clientID: cmp.Or(opts.ClientID, s.TID.ClientID), redirectURI: cmp.Or(opts.RedirectURI, s.TID.RedirectURI)}
	if p.redirectURI == "" {
		return nil, cmdutil.Usagef("no redirect URI: pass --redirect-uri exactly as registered with T-ID, or set tid.redirect_uri")
	}
	if err := checkRedirectURI(p.redirectURI); err != nil {
		return nil, cmdutil.UsageErr(err)
	}
	inn, kpp := cmp.Or(opts.INN, s.TID.INN), cmp.Or(opts.KPP, s.TID.KPP)
	switch {
	case opts.KPP != "" && inn == "":
		return nil, cmdutil.Usagef("--kpp needs --inn")
	case inn != "":
		if err := config.CheckINN(inn); err != nil {
			return nil, cmdutil.UsageErr(err)
		}
		if kpp == "" {
			kpp = "0"
		}
		if err := config.CheckKPP(kpp); err != nil {
			return nil, cmdutil.UsageErr(err)
		}
		p.scope = &tid.ScopeParameters{INN: inn, KPP: kpp}
	}
	p.manual = opts.Manual || !tid.IsLoopbackURI(p.redirectURI)
	switch opts.PKCE {
	case "auto", "on":
		p.pkce = true
	case "off":
		return nil, cmdutil.Usagef("--pkce off: PKCE is always used (S256), so that a code read or intercepted on its way is useless to anyone else")
	default:
		return nil, cmdutil.Usagef("invalid --pkce %q: PKCE is always used (S256); --pkce on is taken for old scripts", opts.PKCE)
	}
	if opts.Timeout <= 0 {
		return nil, cmdutil.Usagef("--timeout must be positive")
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

func loginRun(ctx context.Context, opts *LoginOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	p, err := planLogin(opts, s)
	if err != nil {
		return err
	}
	src, err := f.TIDSource()
	if err != nil {
		return err
	}
	if opts.InsecureStorage {
		if src.Store, err = f.FileStore(); err != nil {
			return err
		}
	}
	c, prompted, err := f.TIDClient(ctx, p.clientID, p.redirectURI, true)
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
	in, inErr := c.Introspect(ctx, tok.AccessToken)
	if inErr == nil && in.Active {
		tok.Scope, tok.Introspected = in.Scope, true
	}
	if err := checkCompany(p.scope, in, inErr); err != nil {
		if tok.RefreshToken != "" {
			c.Revoke(context.WithoutCancel(ctx), tok.RefreshToken, "refresh_token") // not kept: end it at T-ID too
		}
		return err
	}
	if err := src.Save(tok); err != nil {
		return err
	}
	if prompted {
		if err := src.Store.Set(keystore.Key{Profile: s.Profile, Kind: keystore.KindTIDClientSecret}, c.ClientSecret); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: the client secret was not stored (%v): you will be asked again\n", err)
		}
	}
	if err := saveSettings(f, s.Profile, opts, p); err != nil {
		return err
	}
	reportLogin(opts, c, tok, in, inErr, src.Store)
	return nil
}

func saveSettings(f *cmdutil.Factory, profile string, opts *LoginOptions, p *loginPlan) error {
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

func reportLogin(opts *LoginOptions, c *tid.Client, tok *tid.Token, in *tid.Introspection, inErr error, store keystore.Store) {
	w := opts.IO.ErrOut
	defer cmdutil.WarnPlainText(w, store, "tokens are")
	if inErr != nil || !in.Active {
		fmt.Fprintf(w, "✓ Signed in to T-ID (client %s); the tokens are stored\n", c.ClientID)
		if inErr != nil {
			fmt.Fprintf(w, "warning: could not introspect the new token: %v\n", inErr)
		}
		return
	}
	fmt.Fprintf(w, "✓ Signed in to T-ID as %s (client %s)\n", cmdutil.OrDash(in.Sub), c.ClientID)
	if exp := in.Expiry(); !exp.IsZero() {
		fmt.Fprintf(w, "  access token valid until %s\n", cmdutil.When(exp, time.Now()))
	}
	if tok.RefreshToken == "" {
		fmt.Fprintln(w, "  no refresh token: log in again when it expires")
	}
	if len(in.Scope) > 0 {
		fmt.Fprintf(w, "  scopes: %s\n", strings.Join(in.Scope, ", "))
	}
}

// checkCompany: a login for a company (--inn/--kpp) keeps its tokens only when the scopes T-ID
// granted name that company. Another company's scopes mean the code came from another login
// than the one this command started (or another company was chosen in the browser).
func checkCompany(want *tid.ScopeParameters, in *tid.Introspection, inErr error) error {
	if want == nil {
		return nil
	}
	switch {
	case inErr != nil:
		return fmt.Errorf("could not learn which company the new token is for (%w): nothing was stored", inErr)
	case !in.Active:
		return apperr.Auth(errors.New("T-ID says the new token is not active: nothing was stored; run `bankctl tid login` again"))
	}
	companies := tbusiness.Companies(in.Scope)
	for _, c := range companies {
		if c.INN == want.INN && c.KPP == want.KPP {
			return nil
		}
	}
	if len(companies) == 0 {
		return apperr.Forbidden(fmt.Errorf("the scopes T-ID granted name no company, not INN %s, KPP %s: nothing was stored (the partner's T-ID registration may lack T-Business scopes)", want.INN, want.KPP))
	}
	names := make([]string, len(companies))
	for i, c := range companies {
		names[i] = fmt.Sprintf("INN %s, KPP %s", c.INN, c.KPP)
	}
	return apperr.Forbidden(fmt.Errorf("the scopes T-ID granted name %s, not INN %s, KPP %s: nothing was stored (was another company chosen in the browser, or did this code come from another login?)",
		strings.Join(names, "; "), want.INN, want.KPP))
}
