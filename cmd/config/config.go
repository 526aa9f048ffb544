// Package config holds `bankctl config`: read and change the config file, key by key, from the
// one table of settings.
package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
)

// NewCmdConfig builds `bankctl config`.
func NewCmdConfig(f *cmdutil.Factory) *cobra.Command {
	keys := "Keys:\n"
	for _, k := range config.ConfigKeys() {
		scope := ""
		if k.Profiled {
			scope = " (per profile)"
		}
		keys += fmt.Sprintf("  %-18s %s%s\n", k.Key, k.Help, scope)
	}
	c := &cobra.Command{
		Use:   "config <command>",
		Short: "Read and change the config file",
		Long: `Read and change bankctl's config file (YAML, mode 0600, never any secret). Per-profile keys
apply to the profile chosen with -p, BANKCTL_PROFILE or current_profile.

Values from flags and the environment win over the file and are never written into it.

` + keys,
		Example: `  bankctl config path
  bankctl config set ibank.url https://ibank.bankname.ru/api
  bankctl -p acme config set tid.client_id acme-partner
  bankctl config get output
  bankctl config list`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdPath(f, nil), NewCmdGet(f, nil), NewCmdSet(f, nil), NewCmdUnset(f, nil), NewCmdList(f, nil))
	return c
}

func completeKeys(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, k := range config.ConfigKeys() {
		out = append(out, k.Key+"\t"+k.Help)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// KeyOptions are the inputs of the commands that take a key: get, set and unset.
type KeyOptions struct {
	Loaded func() (*cmdutil.Settings, *config.File, error)
	Print  func(string) error
	Key    string
	Value  string
}

func keyOptions(f *cmdutil.Factory) *KeyOptions {
	return &KeyOptions{Loaded: f.Loaded, Print: func(s string) error {
		_, err := fmt.Fprintln(f.IO.Out, s)
		return err
	}}
}

// lookup finds the key and loads the file.
func (o *KeyOptions) lookup() (*config.Setting, *config.File, string, error) {
	k, err := config.Lookup(o.Key)
	if err != nil {
		return nil, nil, "", cmdutil.UsageErr(err)
	}
	s, cfg, err := o.Loaded()
	if err != nil {
		return nil, nil, "", err
	}
	return k, cfg, s.Profile, nil
}

func keyScope(k *config.Setting, profile string) string {
	if k.Profiled {
		return fmt.Sprintf(" for profile %q", profile)
	}
	return ""
}
