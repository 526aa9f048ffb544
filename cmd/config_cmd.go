package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
)

// NewCmdConfig builds `bankctl config`.
func NewCmdConfig(f *Factory) *cobra.Command {
	keys := "Keys:\n"
	for _, k := range config.Keys {
		scope := ""
		if k.Profiled {
			scope = " (per profile)"
		}
		keys += fmt.Sprintf("  %-17s %s%s\n", k.Name, k.Help, scope)
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
		RunE: groupRun,
	}
	c.AddCommand(newCmdConfigPath(f), newCmdConfigGet(f), newCmdConfigSet(f), newCmdConfigUnset(f), newCmdConfigList(f))
	return c
}

func completeKeys(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, k := range config.Keys {
		out = append(out, k.Name+"\t"+k.Help)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func newCmdConfigPath(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "path",
		Short:   "Print the config file's path",
		Long:    "Print the path of the config file in use (--config, BANKCTL_CONFIG, else the default). It need not exist yet.",
		Example: `  $EDITOR "$(bankctl config path)"`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := f.viper.GetString("config")
			if path == "" {
				p, err := config.DefaultPath()
				if err != nil {
					return err
				}
				path = p
			}
			_, err := fmt.Fprintln(f.IO.Out, path)
			return err
		},
	}
}

func newCmdConfigGet(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "get <key>",
		Short:             "Print a value from the config file",
		Long:              "Print the value the config file holds for a key (for the profile, if the key is per profile). Exits 1 when it is not set.",
		Example:           `  bankctl config get ibank.url`,
		Args:              exactArgs(1, "a key"),
		ValidArgsFunction: completeKeys,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := config.LookupKey(args[0])
			if err != nil {
				return usageErr(err)
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			v, ok := cfg.Get(k, s.Profile)
			if !ok {
				return fmt.Errorf("%s is not set%s", k.Name, keyScope(k, s.Profile))
			}
			_, err = fmt.Fprintln(f.IO.Out, v)
			return err
		},
	}
}

func newCmdConfigSet(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "set <key> <value>",
		Short:             "Write a value to the config file",
		Long:              "Check a value and write it to the config file, atomically. A value that fails the check is not written.",
		Example:           `  bankctl config set ibank.url https://ibank.bankname.ru/api`,
		Args:              exactArgs(2, "a key and a value"),
		ValidArgsFunction: completeKeys,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := config.LookupKey(args[0])
			if err != nil {
				return usageErr(err)
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			if k.Name == "current_profile" && cfg.Profile(args[1]) == nil && args[1] != config.DefaultProfile {
				return usagef("no profile %q in the config file", args[1])
			}
			if err := cfg.Set(k, s.Profile, args[1]); err != nil {
				return usageErr(err)
			}
			return cfg.Save()
		},
	}
}

func newCmdConfigUnset(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "unset <key>",
		Short:             "Remove a value from the config file",
		Long:              "Remove a key from the config file (for the profile, if the key is per profile).",
		Example:           `  bankctl config unset output`,
		Args:              exactArgs(1, "a key"),
		ValidArgsFunction: completeKeys,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := config.LookupKey(args[0])
			if err != nil {
				return usageErr(err)
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			if _, ok := cfg.Get(k, s.Profile); !ok {
				return nil
			}
			cfg.Unset(k, s.Profile)
			return cfg.Save()
		},
	}
}

func newCmdConfigList(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the values in the config file",
		Long:    "List the global keys and the profile's keys that the config file sets.",
		Example: `  bankctl config list
  bankctl -p acme config list -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			s, _ := f.Settings()
			values := map[string]string{}
			t := render.NewTable()
			for _, k := range config.Keys {
				if v, ok := cfg.Get(k, s.Profile); ok {
					values[k.Name] = v
					t.Append(k.Name, v)
				}
			}
			return printValue(f, values, func(w io.Writer, tty bool) error { return t.Render(w, tty) })
		},
	}
}

func keyScope(k config.Key, profile string) string {
	if k.Profiled {
		return fmt.Sprintf(" for profile %q", profile)
	}
	return ""
}
