package tid

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/tid"
)

// TokenOptions are the inputs of `bankctl tid token`.
type TokenOptions struct {
	IO     *iostreams.IOStreams
	Source func() (*tid.Source, error)
}

// NewCmdToken builds `bankctl tid token`.
func NewCmdToken(f *cmdutil.Factory, runF func(*TokenOptions) error) *cobra.Command {
	opts := &TokenOptions{IO: f.IO, Source: f.TIDSource}
	return &cobra.Command{
		Use:   "token",
		Short: "Print a valid T-ID access token",
		Long: `Print the profile's T-ID access token and a newline, nothing else, refreshing it first when it
expires within a minute. Refresh tokens rotate: the new pair is stored before the token is
printed, and concurrent bankctl processes refresh only once (a per-profile lock).

Never opens a browser: when the refresh token is no longer accepted (invalid_grant) it exits 4
and asks you to run "bankctl tid login".`,
		Example: `  curl -H "Authorization: Bearer $(bankctl tid token)" https://business.tbank.ru/openapi/api/v1/company`,
		Args:    cmdutil.NoArgs,
		RunE:    cmdutil.RunE(opts, runF, tokenRun, nil),
	}
}

func tokenRun(ctx context.Context, opts *TokenOptions) error {
	src, err := opts.Source()
	if err != nil {
		return err
	}
	t, err := src.Token(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(opts.IO.Out, t.AccessToken)
	return err
}
