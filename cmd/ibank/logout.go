package ibank

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// LogoutOptions are the inputs of `bankctl logout`.
type LogoutOptions struct {
	IO       *iostreams.IOStreams
	Settings func() (*cmdutil.Settings, error)
	Keystore func() (keystore.Store, error)
	EnvToken func() string
}

// NewCmdLogout builds `bankctl ibank logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{IO: f.IO, Settings: f.Settings, Keystore: f.Keystore, EnvToken: func() string { return f.Secret("ibank.token") }}
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

func logoutRun(_ context.Context, opts *LogoutOptions) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	store, err := opts.Keystore()
	if err != nil {
		return err
	}
	key := keystore.Key{Profile: s.Profile, Kind: keystore.KindIBank}
	token, where, err := keystore.GetWithSource(store, key)
	if errors.Is(err, keystore.ErrNotFound) {
		fmt.Fprintf(opts.IO.ErrOut, "No iBank token is stored for profile %q: nothing to forget\n", s.Profile)
		return nil
	}
	if err != nil {
		return err
	}
	if err := store.Delete(key); err != nil {
		return fmt.Errorf("could not remove the token: %w", err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Forgot iBank token %s of profile %q (was in the %s)\n", redact.Tail(token), s.Profile, where)
	if opts.EnvToken() != "" {
		fmt.Fprintln(opts.IO.ErrOut, "warning: BANKCTL_IBANK_TOKEN is still set in the environment")
	}
	return nil
}
