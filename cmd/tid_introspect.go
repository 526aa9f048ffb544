package cmd

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tid"
)

// TIDIntrospectOptions are the inputs of `bankctl tid introspect`.
type TIDIntrospectOptions struct {
	f             *Factory
	IO            *iostreams.IOStreams
	Token         string
	RequireScopes []string
}

// NewCmdTIDIntrospect builds `bankctl tid introspect`.
func NewCmdTIDIntrospect(f *Factory, runF func(*TIDIntrospectOptions) error) *cobra.Command {
	opts := &TIDIntrospectOptions{f: f, IO: f.IO}
	c := &cobra.Command{
		Use:   "introspect",
		Short: "Ask T-ID whether a token is active and what it may do",
		Long: `Post the profile's access token (or one read from stdin with --token -) to T-ID's introspection
endpoint and show whether it is active, its scopes (one per row), client, subject, audience,
issuer, and when it was issued and expires, in local time with what remains.

Exits 4 when the token is not active, and 5 when a scope named with --require-scope is missing,
so scripts can check a token before they use it. -o json prints T-ID's answer unchanged.`,
		Example: `  bankctl tid introspect
  bankctl tid introspect --require-scope 'opensme/inn/[9999980892]/kpp/[999991001]/payments/draft/create'
  echo "$TOKEN" | bankctl tid introspect --token - -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return tidIntrospectRun(cmd.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.Token, "token", "", `read the token to introspect from stdin ("-")`)
	c.Flags().StringArrayVar(&opts.RequireScopes, "require-scope", nil, "exit 5 unless the token has this `scope` (repeatable)")
	return c
}

func tidIntrospectRun(ctx context.Context, opts *TIDIntrospectOptions) error {
	f := opts.f
	s, err := f.Settings()
	if err != nil {
		return err
	}
	var token string
	switch opts.Token {
	case "":
		t, err := loadTIDToken(f, s.Profile)
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
			return usagef("no token on standard input")
		}
	default:
		return usagef(`--token takes only "-" (stdin): a token in argv would be visible to other users`)
	}
	c, _, err := tidClient(f, s, s.TID.ClientID, s.TID.RedirectURI, true, true)
	if err != nil {
		return err
	}
	in, err := c.Introspect(ctx, token)
	if err != nil {
		return err
	}
	if err := printData(f, in.Raw, func(w io.Writer, tty bool) error { return printIntrospection(w, tty, in) }); err != nil {
		return err
	}
	if !in.Active {
		return apperr.Auth(fmt.Errorf("the token is not active: run `bankctl%s tid token` to refresh it, or `bankctl%s tid login`", profileFlag(s.Profile), profileFlag(s.Profile)))
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
		add("Issued", whenLocal(in.Issued(), now))
	}
	if !in.Expiry().IsZero() {
		add("Expires", whenLocal(in.Expiry(), now))
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
