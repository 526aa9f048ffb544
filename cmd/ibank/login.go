package ibank

import (
	"context"
	"net/url"
	"regexp"
	"sync"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// LoginOptions are the inputs of `bankctl login`.
type LoginOptions struct {
	cmdutil.LoginFlags
	Login func(ctx context.Context, fl *cmdutil.LoginFlags) error
}

// NewCmdLogin builds `bankctl ibank login`.
func NewCmdLogin(f *cmdutil.Factory, runF func(*LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{Login: func(ctx context.Context, fl *cmdutil.LoginFlags) error { return f.Login(ctx, loginSpec(f), fl) }}
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
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, func(ctx context.Context, o *LoginOptions) error { return o.Login(ctx, &o.LoginFlags) }, nil),
	}
	cmdutil.AddLoginFlags(c, &opts.LoginFlags, "iBank API base URL, e.g. https://ibank.bankname.ru/api (saved in the config)", "client/info")
	return c
}

var uuidRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
})

func loginSpec(f *cmdutil.Factory) *cmdutil.TokenLogin {
	return &cmdutil.TokenLogin{
		API: "iBank", Kind: keystore.KindIBank, URLKey: "ibank.url", TokenEnv: "ibank.token",
		URLPrompt:   "iBank API URL (e.g. https://ibank.bankname.ru/api): ",
		TokenPrompt: "Paste the iBank token (input is hidden): ",
		Empty:       "the token is empty: copy it from Настройки → Интеграция in the web bank",
		Parse:       ibank.ParseURL,
		Looks: func(token string) string {
			if uuidRe().MatchString(token) {
				return ""
			}
			return "the token " + redact.Tail(token) + " does not look like an iBank token (a UUID such as 8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee)"
		},
		Verify: func(ctx context.Context, base *url.URL, token string) (string, error) {
			c, err := f.IBankAt(base, token, false)
			if err != nil {
				return "", err
			}
			body, err := ibank.ClientInfo(ctx, c)
			if err != nil {
				return "", err
			}
			return ibank.Organisation(body), nil
		},
	}
}
