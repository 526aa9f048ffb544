package tid

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/tid"
)

// RefreshOptions are the inputs of `bankctl tid refresh`.
type RefreshOptions struct {
	IO     *iostreams.IOStreams
	Source func() (*tid.Source, error)
}

// NewCmdRefresh builds `bankctl tid refresh`.
func NewCmdRefresh(f *cmdutil.Factory, runF func(*RefreshOptions) error) *cobra.Command {
	opts := &RefreshOptions{IO: f.IO, Source: f.TIDSource}
	return &cobra.Command{
		Use:   "refresh",
		Short: "Refresh the T-ID tokens now",
		Long: `Use the refresh token now, whatever the access token's expiry, and store the new pair. T-ID
invalidates a token refreshed too often: "bankctl tid token" refreshes by itself when needed,
so this is for checking that the refresh token still works.`,
		Example: `  bankctl tid refresh && bankctl tid introspect`,
		Args:    cmdutil.NoArgs,
		RunE:    cmdutil.RunE(opts, runF, refreshRun, nil),
	}
}

func refreshRun(ctx context.Context, opts *RefreshOptions) error {
	src, err := opts.Source()
	if err != nil {
		return err
	}
	t, err := src.Refresh(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Refreshed the T-ID tokens; the access token is valid until %s\n", cmdutil.When(t.Expiry, time.Now()))
	return nil
}
