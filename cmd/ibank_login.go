package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// LoginOptions are the inputs of `bankctl login`.
type LoginOptions struct {
	f               *Factory
	IO              *iostreams.IOStreams
	URL             string
	WithToken       bool
	NoVerify        bool
	InsecureStorage bool
}

func newCmdLoginAlias(f *Factory) *cobra.Command {
	c := NewCmdIBankLogin(f, nil)
	c.Short = "Store an iBank token for the profile (alias of `ibank login`)"
	return c
}

// NewCmdIBankLogin builds `bankctl ibank login`.
func NewCmdIBankLogin(f *Factory, runF func(*LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{f: f, IO: f.IO}
	c := &cobra.Command{
		Use:   "login",
		Short: "Store an iBank token for the profile",
		Long: `Store an iBank для Бизнеса access token in the OS keyring for the profile.

Issue the token in the web bank (Настройки → Интеграция); it is shown only once. On a terminal
bankctl asks for the API URL (when none is configured) and for the token, without echoing it.
In scripts, pipe the token in with --with-token. The token is checked with client/info before
it is stored, and nothing is stored when the bank rejects it.

The URL given with --url is saved in the config file; the token never is.`,
		Example: `  # Interactive: asks for the token with hidden input
  bankctl login --url https://ibank.bankname.ru/api

  # From a script or a secret manager
  pass show bank/ibank-token | bankctl login --with-token

  # A second company in its own profile
  bankctl -p acme login --url https://ibank.otherbank.ru/api

  # On a server without an OS keyring (the token goes to a 0600 file)
  bankctl login --with-token --insecure-storage < token.txt`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return loginRun(cmd.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.URL, "url", "", "iBank API base URL, e.g. https://ibank.bankname.ru/api (saved in the config)")
	c.Flags().BoolVar(&opts.WithToken, "with-token", false, "read the token from standard input")
	c.Flags().BoolVar(&opts.NoVerify, "no-verify", false, "store the token without checking it with client/info")
	c.Flags().BoolVar(&opts.InsecureStorage, "insecure-storage", false, "store the token in a plain file (mode 0600) instead of the OS keyring")
	return c
}

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func loginRun(ctx context.Context, opts *LoginOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	rawURL, saveURL := opts.URL, opts.URL != ""
	if rawURL == "" {
		rawURL = s.IBankURL
	}
	if opts.WithToken && opts.IO.IsStdinTTY() {
		return usagef("--with-token reads the token from standard input, which is a terminal: pipe the token in, or drop --with-token to be asked")
	}
	if rawURL == "" {
		if !opts.IO.CanPrompt() || opts.WithToken {
			return usagef("no iBank URL: pass --url https://ibank.bankname.ru/api or set BANKCTL_IBANK_URL")
		}
		if rawURL, err = opts.IO.Prompt("iBank API URL (e.g. https://ibank.bankname.ru/api): ", false); err != nil {
			return err
		}
		saveURL = true
	}
	base, err := ibank.ParseURL(rawURL)
	if err != nil {
		return usageErr(err)
	}
	token, err := readToken(opts)
	if err != nil {
		return err
	}
	if !uuidRe.MatchString(token) {
		fmt.Fprintf(opts.IO.ErrOut, "warning: the token %s does not look like an iBank token (a UUID such as 8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee)\n", redact.Tail(token, 12))
	}

	org := ""
	if !opts.NoVerify {
		c, err := f.ibankAPI(base, token)
		if err != nil {
			return err
		}
		body, err := c.ClientInfo(ctx)
		if err != nil {
			return fmt.Errorf("the token was not stored: %w", err)
		}
		org = organisation(body)
	}

	key := keystore.Key{Profile: s.Profile, Kind: keystore.KindIBank}
	var store keystore.Store
	if opts.InsecureStorage {
		fs, err := f.FileStore()
		if err != nil {
			return err
		}
		store = fs
	} else if store, err = f.Keystore(); err != nil {
		return err
	}
	if err := store.Set(key, token); err != nil {
		return fmt.Errorf("the token was not stored: %w", err)
	}
	if saveURL {
		if err := saveIBankURL(f, s.Profile, base.String()); err != nil {
			return err
		}
	}
	reportLogin(opts, s.Profile, base.Host, org, token, store)
	return nil
}

// readToken reads the token from standard input (--with-token) or asks for it, hidden.
func readToken(opts *LoginOptions) (string, error) {
	var raw string
	switch {
	case opts.WithToken:
		b, err := opts.IO.ReadAll(64 << 10)
		if err != nil {
			return "", fmt.Errorf("could not read the token from standard input: %w", err)
		}
		raw = string(b)
	case opts.IO.CanPrompt():
		v, err := opts.IO.Prompt("Paste the iBank token (input is hidden): ", true)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, iostreams.ErrNoInput) {
				return "", usagef("no token given")
			}
			return "", err
		}
		raw = v
	default:
		return "", usagef("no terminal to ask for the token: pipe it in with --with-token")
	}
	token := strings.TrimSpace(raw)
	redact.Add(token)
	if token == "" {
		return "", usagef("the token is empty: copy it from Настройки → Интеграция in the web bank")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return "", usagef("the input holds more than one word or line: give only the token")
	}
	return token, nil
}

func saveIBankURL(f *Factory, profile, url string) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	p := cfg.EnsureProfile(profile)
	if p.IBank.URL == url {
		return nil
	}
	p.IBank.URL = url
	if err := cfg.Save(); err != nil {
		return fmt.Errorf("the token is stored, but the URL was not saved: %w", err)
	}
	return nil
}

func reportLogin(opts *LoginOptions, profile, host, org, token string, store keystore.Store) {
	w := opts.IO.ErrOut
	if org != "" {
		fmt.Fprintf(w, "✓ Logged in to %s at %s as profile %q\n", org, host, profile)
	} else {
		fmt.Fprintf(w, "✓ Stored the token for %s as profile %q, unchecked (--no-verify)\n", host, profile)
	}
	fmt.Fprintf(w, "  token %s in the %s\n", redact.Tail(token, 12), store.Where())
	if fs, ok := store.(*keystore.File); ok {
		fmt.Fprintf(w, "warning: the token is stored in plain text in %s (mode 0600)\n", fs.Path)
	}
	if opts.f.Getenv(envIBankToken) != "" {
		fmt.Fprintf(w, "warning: %s is set and keeps winning over the stored token until you unset it\n", envIBankToken)
	}
}
