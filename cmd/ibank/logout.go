package ibank

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// LogoutOptions are the inputs of `bankctl logout`.
type LogoutOptions struct {
	Logout func() error
}

// NewCmdLogout builds `bankctl ibank logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{Logout: func() error { return f.Logout(loginSpec(f)) }}
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the profile's iBank token",
		Long: `Remove the profile's iBank token from the OS keyring (and from the plain file, if it was
stored there with --insecure-storage). The token itself stays valid at the bank: delete it in
the web bank (Настройки → Интеграция) to revoke it.

Logging out when nothing is stored succeeds and says so.`,
		Example: `  bankctl logout
  bankctl -p acme logout`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, logoutRun, nil),
	}
}

func logoutRun(_ context.Context, opts *LogoutOptions) error { return opts.Logout() }
