package tbusiness

import (
	"context"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// LoginOptions are the inputs of `bankctl tbusiness login`.
type LoginOptions struct {
	cmdutil.LoginFlags
	Login func(ctx context.Context, fl *cmdutil.LoginFlags) error
}

// NewCmdLogin builds `bankctl tbusiness login`.
func NewCmdLogin(f *cmdutil.Factory, runF func(*LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{Login: func(ctx context.Context, fl *cmdutil.LoginFlags) error { return f.Login(ctx, loginSpec(f), fl) }}
	c := &cobra.Command{
		Use:   "login",
		Short: "Store a T-Business self-service token for the profile",
		Long: `Store a self-service token issued in the T-Business web bank (it lives 90 days from its last
use and may be bound to some IP addresses) in the OS keyring for the profile.

The same rules as "bankctl login": on a terminal the token is asked for without echo; in
scripts pipe it in with --with-token. It is checked with GET /api/v1/company before it is
stored, and nothing is stored when the bank rejects it. A stored token is used before the
profile's T-ID token; BANKCTL_TBUSINESS_TOKEN beats both.`,
		Example: `  bankctl tbusiness login
  pass show bank/tbusiness | bankctl tbusiness login --with-token
  bankctl tb login --with-token --insecure-storage < token.txt`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, func(ctx context.Context, o *LoginOptions) error { return o.Login(ctx, &o.LoginFlags) }, nil),
	}
	cmdutil.AddLoginFlags(c, &opts.LoginFlags, "T-Business API base URL (default https://business.tbank.ru/openapi; saved in the config)", "GET /api/v1/company")
	return c
}

func loginSpec(f *cmdutil.Factory) *cmdutil.TokenLogin {
	return &cmdutil.TokenLogin{
		API: "T-Business", Kind: keystore.KindTBusiness, URLKey: "tbusiness.url", TokenEnv: "tbusiness.token",
		TokenPrompt: "Paste the T-Business token (input is hidden): ",
		Empty:       "the token is empty: issue one in the T-Business web bank",
		Parse:       tbusiness.ParseURL,
		Looks: func(token string) string {
			if len(token) < 16 {
				return "the token " + redact.Tail(token) + " is shorter than T-Business tokens are"
			}
			return ""
		},
		Verify: func(ctx context.Context, base *url.URL, token string) (string, error) {
			c, err := f.TBusinessAt(base, &cmdutil.TBusinessAuth{Kind: tbusiness.FromSelfService, Token: token})
			if err != nil {
				return "", err
			}
			body, err := c.Company(ctx)
			if err != nil {
				return "", err
			}
			return companyLabel(body), nil
		},
	}
}

// companyLabel names the company in a company answer: "name (INN …)".
func companyLabel(body []byte) string {
	n, err := render.Parse(body)
	if err != nil {
		return ""
	}
	name := n.Get("name").String()
	inn := n.Get("requisites").Get("inn")
	if inn == nil {
		return name
	}
	return name + " (INN " + inn.String() + ")"
}
