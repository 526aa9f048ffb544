package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// TokenLogin describes a login that stores a token issued in a web bank (iBank, T-Business):
// the same rules for both, as SPEC says.
type TokenLogin struct {
	API         string // "iBank"
	Kind        string // keystore kind
	URLKey      string // config key of the API URL, "ibank.url"
	TokenEnv    string // secret setting that beats the stored token, "ibank.token"
	URLPrompt   string // asked when no URL is configured (empty: the setting has a default)
	TokenPrompt string
	Empty       string // said when the token is empty
	Parse       func(string) (*url.URL, error)
	Looks       func(token string) string // a warning when the token does not look right, or ""
	// Verify checks the token with one call and names what it opens ("ООО … (INN …)").
	Verify func(ctx context.Context, base *url.URL, token string) (string, error)
}

// LoginFlags are a token login's flags.
type LoginFlags struct {
	URL             string
	WithToken       bool
	NoVerify        bool
	InsecureStorage bool
}

// Login runs a token login: the URL (from --url, the settings, or asked on a terminal), the
// token (stdin with --with-token, else a hidden prompt), a check with the bank unless
// --no-verify, then the token in the store and the URL in the config. A rejected token is not
// stored, and a stored one survives it.
func (f *Factory) Login(ctx context.Context, l *TokenLogin, fl *LoginFlags) error {
	s, err := f.Settings()
	if err != nil {
		return err
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	setting, _ := config.Lookup(l.URLKey)
	rawURL, saveURL := fl.URL, fl.URL != ""
	if rawURL == "" {
		rawURL = f.viper.GetString(l.URLKey)
	}
	if fl.WithToken && f.IO.IsStdinTTY() {
		return Usagef("--with-token reads the token from standard input, which is a terminal: pipe the token in, or drop --with-token to be asked")
	}
	if rawURL == "" {
		if !f.IO.CanPrompt() || fl.WithToken || l.URLPrompt == "" {
			return Usagef("no %s URL: pass --url or set %s", l.API, setting.Env[0])
		}
		if rawURL, err = f.IO.Prompt(ctx, l.URLPrompt, false); err != nil {
			return err
		}
		saveURL = true
	}
	base, err := l.Parse(rawURL)
	if err != nil {
		return UsageErr(err)
	}
	token, err := ReadSecret(ctx, f.IO, SecretInput{WithToken: fl.WithToken, Prompt: l.TokenPrompt, Empty: l.Empty})
	if err != nil {
		return err
	}
	if warn := l.Looks(token); warn != "" {
		fmt.Fprintln(f.IO.ErrOut, "warning: "+warn)
	}
	org := ""
	if !fl.NoVerify {
		if org, err = l.Verify(ctx, base, token); err != nil {
			return fmt.Errorf("the token was not stored: %w", err)
		}
	}
	store, err := f.LoginStore(fl.InsecureStorage)
	if err != nil {
		return err
	}
	if err := store.Set(keystore.Key{Profile: s.Profile, Kind: l.Kind}, token); err != nil {
		return fmt.Errorf("the token was not stored: %w", err)
	}
	if saveURL {
		if err := saveSetting(cfg, setting, s.Profile, base.String()); err != nil {
			return fmt.Errorf("the token is stored, but the URL was not saved: %w", err)
		}
	}
	f.reportLogin(l, s.Profile, base.Host, org, token, store)
	return nil
}

func saveSetting(cfg *config.File, s *config.Setting, profile, value string) error {
	if v, _ := cfg.Get(s, profile); v == value {
		return nil
	}
	if err := cfg.Set(s, profile, value); err != nil {
		return err
	}
	return cfg.Save()
}

func (f *Factory) reportLogin(l *TokenLogin, profile, host, org, token string, store keystore.Store) {
	w := f.IO.ErrOut
	if org != "" {
		fmt.Fprintf(w, "✓ Logged in to %s at %s as profile %q\n", org, host, profile)
	} else {
		fmt.Fprintf(w, "✓ Stored the token for %s as profile %q, unchecked (--no-verify)\n", host, profile)
	}
	fmt.Fprintf(w, "  token %s in the %s\n", redact.Tail(token), store.Where())
	WarnPlainText(w, store, "token is")
	if f.Secret(l.TokenEnv) != "" {
		fmt.Fprintf(w, "warning: %s is set and keeps winning over the stored token until you unset it\n", config.Named(l.TokenEnv).Env[0])
	}
}

// WarnPlainText says so when a login's secret went to the opt-in plain file ("token is",
// "tokens are").
func WarnPlainText(w io.Writer, store keystore.Store, what string) {
	if fs, ok := store.(*keystore.File); ok {
		fmt.Fprintf(w, "warning: the %s stored in plain text in %s (mode 0600)\n", what, fs.Path)
	}
}

// AddLoginFlags adds a token login's flags; verifyCall names the call that checks the token.
func AddLoginFlags(c *cobra.Command, fl *LoginFlags, urlHelp, verifyCall string) {
	c.Flags().StringVar(&fl.URL, "url", "", urlHelp)
	c.Flags().BoolVar(&fl.WithToken, "with-token", false, "read the token from standard input")
	c.Flags().BoolVar(&fl.NoVerify, "no-verify", false, "store the token without checking it with "+verifyCall)
	c.Flags().BoolVar(&fl.InsecureStorage, "insecure-storage", false, "store the token in a plain file (mode 0600) instead of the OS keyring")
}

// Logout forgets the profile's stored token of l's kind (from the keyring, or the plain file it
// was stored in). Nothing stored is said, not an error; a token still in l's environment
// variable is warned about, since it goes on being used.
func (f *Factory) Logout(l *TokenLogin) error {
	s, err := f.Settings()
	if err != nil {
		return err
	}
	store, err := f.Keystore()
	if err != nil {
		return err
	}
	key := keystore.Key{Profile: s.Profile, Kind: l.Kind}
	token, where, err := keystore.GetWithSource(store, key)
	if errors.Is(err, keystore.ErrNotFound) {
		fmt.Fprintf(f.IO.ErrOut, "No %s token is stored for profile %q: nothing to forget\n", l.API, s.Profile)
		return nil
	}
	if err != nil {
		return err
	}
	if err := store.Delete(key); err != nil {
		return fmt.Errorf("could not remove the token: %w", err)
	}
	fmt.Fprintf(f.IO.ErrOut, "✓ Forgot %s token %s of profile %q (was in the %s)\n", l.API, redact.Tail(token), s.Profile, where)
	if f.Secret(l.TokenEnv) != "" {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s is still set in the environment\n", config.Named(l.TokenEnv).Env[0])
	}
	return nil
}
