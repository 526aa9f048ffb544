package cmd

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// LogoutOptions are the inputs of `bankctl logout`.
type LogoutOptions struct {
	f  *Factory
	IO *iostreams.IOStreams
}

func newCmdLogoutAlias(f *Factory) *cobra.Command {
	c := NewCmdIBankLogout(f, nil)
	c.Short = "Forget the profile's iBank token (alias of `ibank logout`)"
	return c
}

// NewCmdIBankLogout builds `bankctl ibank logout`.
func NewCmdIBankLogout(f *Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{f: f, IO: f.IO}
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the profile's iBank token",
		Long: `Remove the profile's iBank token from the OS keyring (and from the plain file, if it was
stored there with --insecure-storage). The token itself stays valid at the bank: delete it in
the web bank (Настройки → Интеграция) to revoke it.

Logging out when nothing is stored succeeds and says so.`,
		Example: `  bankctl logout
  bankctl -p acme logout`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return logoutRun(opts)
		},
	}
}

func logoutRun(opts *LogoutOptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	store, err := opts.f.Keystore()
	if err != nil {
		return err
	}
	key := keystore.Key{Profile: s.Profile, Kind: keystore.KindIBank}
	token, where, err := getSecret(store, key)
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
	fmt.Fprintf(opts.IO.ErrOut, "✓ Forgot iBank token %s of profile %q (was in the %s)\n", redact.Tail(token, 12), s.Profile, where)
	if opts.f.Getenv(envIBankToken) != "" {
		fmt.Fprintf(opts.IO.ErrOut, "warning: %s is still set in the environment\n", envIBankToken)
	}
	return nil
}
