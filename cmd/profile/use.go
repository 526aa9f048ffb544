package profile

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
)

// UseOptions are the inputs of `bankctl profile use`.
type UseOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*config.File, error)
	Name   string
}

// NewCmdUse builds `bankctl profile use`.
func NewCmdUse(f *cmdutil.Factory, runF func(*UseOptions) error) *cobra.Command {
	opts := &UseOptions{IO: f.IO, Config: f.Config}
	return &cobra.Command{
		Use:               "use <name>",
		Short:             "Make a profile the default",
		Long:              "Set current_profile in the config file, so commands use this profile when -p is not given.",
		Example:           `  bankctl profile use acme`,
		Args:              cmdutil.ExactArgs(1, "a profile name"),
		ValidArgsFunction: f.CompleteProfiles,
		RunE: cmdutil.RunE(opts, runF, useRun, func(cmd *cobra.Command, args []string) {
			opts.Name = args[0]
		}),
	}
}

func useRun(_ context.Context, opts *UseOptions) error {
	name := opts.Name
	cfg, err := named(name, opts.Config)
	if err != nil {
		return err
	}
	if cfg.Profile(name) == nil && name != config.DefaultProfile {
		return cmdutil.Usagef("no profile %q: create it with `bankctl -p %s login` or `bankctl -p %s config set ibank.url URL`", name, name, name)
	}
	cfg.CurrentProfile = name
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "✓ Now using profile %q\n", name)
	return nil
}
