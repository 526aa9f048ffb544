package config

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

// PathOptions are the inputs of `bankctl config path`.
type PathOptions struct {
	IO   *iostreams.IOStreams
	Path func() (string, error)
}

// NewCmdPath builds `bankctl config path`.
func NewCmdPath(f *cmdutil.Factory, runF func(*PathOptions) error) *cobra.Command {
	opts := &PathOptions{IO: f.IO, Path: f.ConfigPath}
	return &cobra.Command{
		Use:     "path",
		Short:   "Print the config file's path",
		Long:    "Print the path of the config file in use (--config, BANKCTL_CONFIG, else the default). It need not exist yet, and it is not read.",
		Example: `  $EDITOR "$(bankctl config path)"`,
		Args:    cmdutil.NoArgs,
		RunE:    cmdutil.RunE(opts, runF, pathRun, nil),
	}
}

func pathRun(_ context.Context, opts *PathOptions) error {
	path, err := opts.Path()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(opts.IO.Out, path)
	return err
}
