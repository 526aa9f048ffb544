package tbusiness

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// LogoutOptions are the inputs of `bankctl tbusiness logout`.
type LogoutOptions struct {
	Logout func() error
}

// NewCmdLogout builds `bankctl tbusiness logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{Logout: func() error { return f.Logout(loginSpec(f)) }}
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the profile's T-Business self-service token",
		Long: `Remove the self-service token "bankctl tbusiness login" stored. The token stays valid at the
bank until it expires or is revoked in the web bank. The profile's T-ID tokens are kept:
"bankctl tid logout" ends those.`,
		Example: `  bankctl tbusiness logout`,
		Args:    cmdutil.NoArgs,
		RunE:    cmdutil.RunE(opts, runF, logoutRun, nil),
	}
}

func logoutRun(_ context.Context, opts *LogoutOptions) error { return opts.Logout() }
