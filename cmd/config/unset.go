package config

import (
	"context"
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// NewCmdUnset builds `bankctl config unset`.
func NewCmdUnset(f *cmdutil.Factory, runF func(*KeyOptions) error) *cobra.Command {
	opts := keyOptions(f)
	return &cobra.Command{
		Use:               "unset <key>",
		Short:             "Remove a value from the config file",
		Long:              "Remove a key from the config file (for the profile, if the key is per profile).",
		Example:           `  bankctl config unset output`,
		Args:              cmdutil.ExactArgs(1, "a key"),
		ValidArgsFunction: completeKeys,
		RunE: cmdutil.RunE(opts, runF, unsetRun, func(cmd *cobra.Command, args []string) {
			opts.Key = args[0]
		}),
	}
}

func unsetRun(_ context.Context, opts *KeyOptions) error {
	k, cfg, profile, err := opts.lookup()
	if err != nil {
		return err
	}
	if _, ok := cfg.Get(k, profile); !ok {
		return nil
	}
	cfg.Unset(k, profile)
	return cfg.Save()
}
