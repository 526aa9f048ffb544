package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/iostreams"
)

// TIDTokenOptions are the inputs of `bankctl tid token` and `bankctl tid refresh`.
type TIDTokenOptions struct {
	f  *Factory
	IO *iostreams.IOStreams
}

// NewCmdTIDToken builds `bankctl tid token`.
func NewCmdTIDToken(f *Factory, runF func(*TIDTokenOptions) error) *cobra.Command {
	opts := &TIDTokenOptions{f: f, IO: f.IO}
	return &cobra.Command{
		Use:   "token",
		Short: "Print a valid T-ID access token",
		Long: `Print the profile's T-ID access token and a newline, nothing else, refreshing it first when it
expires within a minute. Refresh tokens rotate: the new pair is stored before the token is
printed, and concurrent bankctl processes refresh only once (a per-profile lock).

Never opens a browser: when the refresh token is no longer accepted (invalid_grant) it exits 4
and asks you to run "bankctl tid login".`,
		Example: `  curl -H "Authorization: Bearer $(bankctl tid token)" https://business.tbank.ru/openapi/api/v1/company`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			s, err := f.Settings()
			if err != nil {
				return err
			}
			t, err := validTIDToken(cmd.Context(), f, s)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(opts.IO.Out, t.AccessToken)
			return err
		},
	}
}

// NewCmdTIDRefresh builds `bankctl tid refresh`.
func NewCmdTIDRefresh(f *Factory, runF func(*TIDTokenOptions) error) *cobra.Command {
	opts := &TIDTokenOptions{f: f, IO: f.IO}
	return &cobra.Command{
		Use:   "refresh",
		Short: "Refresh the T-ID tokens now",
		Long: `Use the refresh token now, whatever the access token's expiry, and store the new pair. T-ID
invalidates a token refreshed too often: "bankctl tid token" refreshes by itself when needed,
so this is for checking that the refresh token still works.`,
		Example: `  bankctl tid refresh && bankctl tid introspect`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return tidRefreshRun(cmd.Context(), opts)
		},
	}
}

func tidRefreshRun(ctx context.Context, opts *TIDTokenOptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	t, err := refreshTIDToken(ctx, opts.f, s, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Refreshed the T-ID tokens; the access token is valid until %s\n", whenLocal(t.Expiry, time.Now()))
	return nil
}
