package tid

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/tid"
)

// LogoutOptions are the inputs of `bankctl tid logout`.
type LogoutOptions struct {
	IO       *iostreams.IOStreams
	Source   func() (*tid.Source, error)
	Client   func(ctx context.Context) (*tid.Client, error)
	NoRevoke bool
}

// NewCmdLogout builds `bankctl tid logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{IO: f.IO, Source: f.TIDSource, Client: client(f, true)}
	c := &cobra.Command{
		Use:   "logout",
		Short: "Revoke the T-ID authorization and forget the tokens",
		Long: `Revoke the refresh token at T-ID (which ends the whole authorization), then forget the
profile's T-ID tokens. If T-ID cannot be reached the tokens are kept, so you can try again;
--no-revoke forgets them without asking T-ID. The client secret stays stored.`,
		Example: `  bankctl tid logout
  bankctl tid logout --no-revoke`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, logoutRun, nil),
	}
	c.Flags().BoolVar(&opts.NoRevoke, "no-revoke", false, "forget the tokens without revoking them at T-ID")
	return c
}

func logoutRun(ctx context.Context, opts *LogoutOptions) error {
	src, err := opts.Source()
	if err != nil {
		return err
	}
	t, err := src.Stored()
	var auth *apperr.AuthError
	switch {
	case errors.Is(err, tid.ErrNotLoggedIn):
		fmt.Fprintf(opts.IO.ErrOut, "No T-ID tokens are stored for profile %q: nothing to forget\n", src.Profile)
		return nil
	case errors.As(err, &auth):
		opts.NoRevoke = true // damaged: there is nothing to revoke with
	case err != nil:
		return err
	}
	if !opts.NoRevoke {
		c, err := opts.Client(ctx)
		if err != nil {
			return err
		}
		token, hint := t.RefreshToken, "refresh_token"
		if token == "" {
			token, hint = t.AccessToken, "access_token"
		}
		if err := c.Revoke(ctx, token, hint); err != nil {
			return fmt.Errorf("%w; the tokens are kept: try again, or forget them with --no-revoke", err)
		}
	}
	if err := src.Forget(); err != nil {
		return err
	}
	if opts.NoRevoke {
		fmt.Fprintf(opts.IO.ErrOut, "✓ Forgot the T-ID tokens of profile %q (not revoked at T-ID)\n", src.Profile)
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "✓ Revoked the T-ID authorization and forgot the tokens of profile %q\n", src.Profile)
	}
	return nil
}
