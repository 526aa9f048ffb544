package config

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// NewCmdGet builds `bankctl config get`.
func NewCmdGet(f *cmdutil.Factory, runF func(*KeyOptions) error) *cobra.Command {
	opts := keyOptions(f)
	return &cobra.Command{
		Use:               "get <key>",
		Short:             "Print a value from the config file",
		Long:              "Print the value the config file holds for a key (for the profile, if the key is per profile). Exits 1 when it is not set.",
		Example:           `  bankctl config get ibank.url`,
		Args:              cmdutil.ExactArgs(1, "a key"),
		ValidArgsFunction: completeKeys,
		RunE: cmdutil.RunE(opts, runF, getRun, func(cmd *cobra.Command, args []string) {
			opts.Key = args[0]
		}),
	}
}

func getRun(_ context.Context, opts *KeyOptions) error {
	k, cfg, profile, err := opts.lookup()
	if err != nil {
		return err
	}
	v, ok := cfg.Get(k, profile)
	if !ok {
		return fmt.Errorf("%s is not set%s", k.Key, keyScope(k, profile))
	}
	return opts.Print(v)
}
