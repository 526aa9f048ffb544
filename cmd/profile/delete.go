package profile

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
)

// DeleteOptions are the inputs of `bankctl profile delete`.
type DeleteOptions struct {
	IO       *iostreams.IOStreams
	Config   func() (*config.File, error)
	Keystore func() (keystore.Store, error)
	Name     string
	Yes      bool
}

// NewCmdDelete builds `bankctl profile delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{IO: f.IO, Config: f.Config, Keystore: f.Keystore}
	c := &cobra.Command{
		Use:   "delete <name>",
		Short: "Delete a profile and its stored secrets",
		Long: `Remove a profile from the config file and delete its secrets (iBank token, T-ID tokens and
client secret, T-Business token) from the keyring and the plain file. Asks first on a
terminal; scripts pass --yes. A profile that does not exist is an error.`,
		Example:           `  bankctl profile delete acme --yes`,
		Args:              cmdutil.ExactArgs(1, "a profile name"),
		ValidArgsFunction: f.CompleteProfiles,
		RunE: cmdutil.RunE(opts, runF, deleteRun, func(cmd *cobra.Command, args []string) {
			opts.Name = args[0]
		}),
	}
	c.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return c
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	name := opts.Name
	cfg, err := named(name, opts.Config)
	if err != nil {
		return err
	}
	store, err := opts.Keystore()
	if err != nil {
		return err
	}
	if cfg.Profile(name) == nil && !hasSecrets(store, name) {
		return fmt.Errorf("no profile %q: neither %s nor the secret store holds it (see `bankctl profile list`)", name, cfg.Path())
	}
	if !opts.Yes {
		if !opts.IO.CanPrompt() {
			return cmdutil.Usagef("deleting profile %q needs --yes when not run from a terminal", name)
		}
		ok, err := cmdutil.Confirm(ctx, opts.IO, fmt.Sprintf("Delete profile %q and its stored secrets?", name))
		if err != nil {
			return err
		}
		if !ok {
			return apperr.ErrCancelled
		}
	}
	var errs []error
	for _, kind := range keystore.Kinds {
		if err := store.Delete(keystore.Key{Profile: name, Kind: kind}); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("profile %q was kept: could not delete its secrets: %w", name, err)
	}
	delete(cfg.Profiles, name)
	if cfg.CurrentProfile == name {
		cfg.CurrentProfile = ""
	}
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Deleted profile %q and its stored secrets\n", name)
	return nil
}

// hasSecrets reports whether the store holds anything for the profile (a profile logged in with
// environment settings only has no section in the config file).
func hasSecrets(store keystore.Store, name string) bool {
	for _, kind := range keystore.Kinds {
		if _, err := store.Get(keystore.Key{Profile: name, Kind: kind}); err == nil || !errors.Is(err, keystore.ErrNotFound) {
			return true
		}
	}
	return false
}
