package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/render"
)

// NewCmdProfile builds `bankctl profile`.
func NewCmdProfile(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "profile <command>",
		Short: "List, show, switch and delete profiles",
		Long: `A profile is one named set of bank settings and secrets: an iBank URL and token, a T-ID
client and its tokens. Use one per company or bank. Pick one for a command with -p NAME or
BANKCTL_PROFILE, or make it the default with "profile use".

Profile names are lower-case letters, digits, '-' and '_'.`,
		Example: `  bankctl profile list
  bankctl -p acme login --url https://ibank.otherbank.ru/api
  bankctl profile use acme`,
		RunE: groupRun,
	}
	c.AddCommand(newCmdProfileList(f), newCmdProfileShow(f), newCmdProfileUse(f), newCmdProfileDelete(f))
	return c
}

type profileRow struct {
	Name        string `json:"name"`
	Current     bool   `json:"current"`
	IBankURL    string `json:"ibank_url,omitempty"`
	TIDClientID string `json:"tid_client_id,omitempty"`
}

func newCmdProfileList(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the profiles in the config file",
		Long:    "List the profiles in the config file; the current one is marked with *.",
		Example: `  bankctl profile list
  bankctl profile list -o json --jq '.[].name'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			rows := []profileRow{}
			names := cfg.ProfileNames()
			if len(names) == 0 {
				names = []string{s.Profile}
			}
			for _, n := range names {
				r := profileRow{Name: n, Current: n == s.Profile}
				if p := cfg.Profile(n); p != nil {
					r.IBankURL, r.TIDClientID = p.IBank.URL, p.TID.ClientID
				}
				rows = append(rows, r)
			}
			return printValue(f, rows, func(w io.Writer, tty bool) error {
				t := render.NewTable("", "NAME", "IBANK URL", "TID CLIENT")
				for _, r := range rows {
					mark := ""
					if r.Current {
						mark = "*"
					}
					t.Append(mark, r.Name, orDash(r.IBankURL), orDash(r.TIDClientID))
				}
				return t.Render(w, tty)
			})
		},
	}
}

func newCmdProfileShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show [name]",
		Short: "Show a profile's settings",
		Long: `Show the settings of a profile (the current one by default) as the config file holds them.
Secrets are not shown: see "bankctl status" for what is stored.`,
		Example: `  bankctl profile show
  bankctl profile show acme -o yaml`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: f.completeProfiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			name := s.Profile
			if len(args) == 1 {
				name = args[0]
			}
			if err := config.ValidateProfileName(name); err != nil {
				return usageErr(err)
			}
			values := map[string]string{}
			t := render.NewTable()
			t.Append("name", name)
			for _, k := range config.Keys {
				if !k.Profiled {
					continue
				}
				if v, ok := cfg.Get(k, name); ok {
					values[k.Name] = v
					t.Append(k.Name, v)
				}
			}
			if cfg.Profile(name) == nil && name != config.DefaultProfile {
				return fmt.Errorf("no profile %q in %s", name, cfg.Path())
			}
			return printValue(f, map[string]any{"name": name, "settings": values}, func(w io.Writer, tty bool) error {
				return t.Render(w, tty)
			})
		},
	}
}

func newCmdProfileUse(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "use <name>",
		Short:             "Make a profile the default",
		Long:              "Set current_profile in the config file, so commands use this profile when -p is not given.",
		Example:           `  bankctl profile use acme`,
		Args:              exactArgs(1, "a profile name"),
		ValidArgsFunction: f.completeProfiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := config.ValidateProfileName(name); err != nil {
				return usageErr(err)
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			if cfg.Profile(name) == nil && name != config.DefaultProfile {
				return usagef("no profile %q: create it with `bankctl -p %s login` or `bankctl -p %s config set ibank.url URL`", name, name, name)
			}
			cfg.CurrentProfile = name
			if err := cfg.Save(); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "✓ Now using profile %q\n", name)
			return nil
		},
	}
}

func newCmdProfileDelete(f *Factory) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "delete <name>",
		Short: "Delete a profile and its stored secrets",
		Long: `Remove a profile from the config file and delete its secrets (iBank token, T-ID tokens and
client secret) from the keyring and the plain file. Asks first on a terminal; scripts pass --yes.`,
		Example:           `  bankctl profile delete acme --yes`,
		Args:              exactArgs(1, "a profile name"),
		ValidArgsFunction: f.completeProfiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := config.ValidateProfileName(name); err != nil {
				return usageErr(err)
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			if !yes {
				if !f.IO.CanPrompt() {
					return usagef("deleting profile %q needs --yes when not run from a terminal", name)
				}
				ans, err := f.IO.Prompt(fmt.Sprintf("Delete profile %q and its stored secrets? [y/N] ", name), false)
				if err != nil || !strings.EqualFold(strings.TrimSpace(ans), "y") && !strings.EqualFold(strings.TrimSpace(ans), "yes") {
					return apperr.ErrCancelled
				}
			}
			store, err := f.Keystore()
			if err != nil {
				return err
			}
			var errs []error
			for _, kind := range []string{keystore.KindIBank, keystore.KindTID, keystore.KindTIDClientSecret} {
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
			fmt.Fprintf(f.IO.ErrOut, "✓ Deleted profile %q and its stored secrets\n", name)
			return nil
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return c
}
