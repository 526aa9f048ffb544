package tid

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tid"
)

// IntrospectOptions are the inputs of `bankctl tid introspect`.
type IntrospectOptions struct {
	IO            *iostreams.IOStreams
	Source        func() (*tid.Source, error)
	Client        func(ctx context.Context) (*tid.Client, error)
	Printer       func() (*cmdutil.Printer, error)
	Token         string
	RequireScopes []string
}

// NewCmdIntrospect builds `bankctl tid introspect`.
func NewCmdIntrospect(f *cmdutil.Factory, runF func(*IntrospectOptions) error) *cobra.Command {
	opts := &IntrospectOptions{IO: f.IO, Source: f.TIDSource, Client: client(f, true)}
	c := &cobra.Command{
		Use:   "introspect",
		Short: "Ask T-ID whether a token is active and what it may do",
		Long: `Post the profile's access token (or one read from stdin with --token -) to T-ID's introspection
endpoint and show whether it is active, its scopes (one per row), client, subject, audience,
issuer, and when it was issued and expires, in Moscow time (as every time bankctl shows) with
what remains. The stored token is read as it is, never refreshed.

Exits 4 when the token is not active, and 5 when a scope named with --require-scope is missing,
so scripts can check a token before they use it. -o json prints T-ID's answer unchanged.`,
		Example: `  bankctl tid introspect
  bankctl tid introspect --require-scope 'opensme/inn/[7704521838]/kpp/[770401001]/payments/draft/create'
  echo "$TOKEN" | bankctl tid introspect --token - -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, introspectRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	c.Flags().StringVar(&opts.Token, "token", "", `read the token to introspect from stdin ("-")`)
	c.Flags().StringArrayVar(&opts.RequireScopes, "require-scope", nil, "exit 5 unless the token has this `scope` (repeatable)")
	return c
}

// client builds the profile's T-ID client with its configured client_id and redirect URI.
func client(f *cmdutil.Factory, mayPrompt bool) func(ctx context.Context) (*tid.Client, error) {
	return func(ctx context.Context) (*tid.Client, error) {
		s, err := f.Settings()
		if err != nil {
			return nil, err
		}
		c, _, err := f.TIDClient(ctx, s.TID.ClientID, s.TID.RedirectURI, mayPrompt)
		return c, err
	}
}

func introspectRun(ctx context.Context, opts *IntrospectOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	src, err := opts.Source()
	if err != nil {
		return err
	}
	var token string
	switch opts.Token {
	case "":
		t, err := src.Stored()
		if err != nil {
			return err
		}
		token = t.AccessToken
	case "-":
		data, err := opts.IO.ReadAll(64 << 10)
		if err != nil {
			return err
		}
		token = strings.TrimSpace(string(data))
		redact.Add(token)
		if token == "" {
			return cmdutil.Usagef("no token on standard input")
		}
	default:
		return cmdutil.Usagef(`--token takes only "-" (stdin): a token in argv would be visible to other users`)
	}
	c, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	in, err := c.Introspect(ctx, token)
	if err != nil {
		return err
	}
	if err := p.Data(in.Raw, func(w io.Writer, tty bool) error { return printIntrospection(w, tty, in) }); err != nil {
		return err
	}
	if !in.Active {
		return apperr.Auth(fmt.Errorf("the token is not active: run `bankctl%s tid token` to refresh it, or `bankctl%s tid login`", src.Flag(), src.Flag()))
	}
	var missing []string
	for _, want := range opts.RequireScopes {
		if !slices.Contains(in.Scope, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return apperr.Forbidden(fmt.Errorf("the token lacks the required scope %s", strings.Join(missing, ", ")))
	}
	return nil
}

func printIntrospection(w io.Writer, tty bool, in *tid.Introspection) error {
	now := time.Now()
	t := render.NewTable()
	t.Append("Active", yesNo(in.Active))
	add := func(k, v string) {
		if v != "" {
			t.Append(k, v)
		}
	}
	add("Client", in.ClientID)
	add("Subject", in.Sub)
	add("Token type", in.TokenType)
	add("Audience", strings.Join(in.Aud, ", "))
	add("Issuer", in.Iss)
	if !in.Issued().IsZero() {
		add("Issued", cmdutil.When(in.Issued(), now))
	}
	if !in.Expiry().IsZero() {
		add("Expires", cmdutil.When(in.Expiry(), now))
	}
	for _, sc := range in.Scope {
		t.Append("Scope", sc)
	}
	return t.Render(w, tty)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
