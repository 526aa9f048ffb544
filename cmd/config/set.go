package config

import (
	"context"
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
)

// NewCmdSet builds `bankctl config set`.
func NewCmdSet(f *cmdutil.Factory, runF func(*KeyOptions) error) *cobra.Command {
	opts := keyOptions(f)
	return &cobra.Command{
		Use:               "set <key> <value>",
		Short:             "Write a value to the config file",
		Long:              "Check a value and write it to the config file, atomically. A value that fails the check is not written.",
		Example:           `  bankctl config set ibank.url https://ibank.bankname.ru/api`,
		Args:              cmdutil.ExactArgs(2, "a key and a value"),
		ValidArgsFunction: completeKeys,
		RunE: cmdutil.RunE(opts, runF, setRun, func(cmd *cobra.Command, args []string) {
			opts.Key, opts.Value = args[0], args[1]
		}),
	}
}

func setRun(_ context.Context, opts *KeyOptions) error {
	k, cfg, profile, err := opts.lookup()
	if err != nil {
		return err
	}
	if k.Key == "current_profile" && cfg.Profile(opts.Value) == nil && opts.Value != config.DefaultProfile {
		return cmdutil.Usagef("no profile %q in the config file", opts.Value)
	}
	if err := cfg.Set(k, profile, opts.Value); err != nil {
		return cmdutil.UsageErr(err)
	}
	return cfg.Save()
}
