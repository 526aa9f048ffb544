package tbusiness

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

// LogoutOptions are the inputs of `bankctl tbusiness logout`.
type LogoutOptions struct {
	IO       *iostreams.IOStreams
	Settings func() (*cmdutil.Settings, error)
	Keystore func() (keystore.Store, error)
}

// NewCmdLogout builds `bankctl tbusiness logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{IO: f.IO, Settings: f.Settings, Keystore: f.Keystore}
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

func logoutRun(_ context.Context, opts *LogoutOptions) error {
	s, err := opts.Settings()
	if err != nil {
		return err
	}
	store, err := opts.Keystore()
	if err != nil {
		return err
	}
	key := keystore.Key{Profile: s.Profile, Kind: keystore.KindTBusiness}
	token, where, err := keystore.GetWithSource(store, key)
	if errors.Is(err, keystore.ErrNotFound) {
		fmt.Fprintf(opts.IO.ErrOut, "No T-Business token is stored for profile %q: nothing to forget\n", s.Profile)
		return nil
	}
	if err != nil {
		return err
	}
	if err := store.Delete(key); err != nil {
		return fmt.Errorf("could not remove the token: %w", err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Forgot T-Business token %s of profile %q (was in the %s)\n", redact.Tail(token), s.Profile, where)
	return nil
}
