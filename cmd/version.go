package cmd

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/build"
)

// VersionOptions are the inputs of `bankctl version`.
type VersionOptions struct {
	Printer func() (*cmdutil.Printer, error)
}

// NewCmdVersion builds `bankctl version`.
func NewCmdVersion(f *cmdutil.Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{}
	c := &cobra.Command{
		Use:   "version",
		Short: "Print bankctl's version, commit and build date",
		Long:  "Print the version, the commit it was built from and the build date. -o json prints them as JSON.",
		Example: `  bankctl version
  bankctl version -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, versionRun, nil),
	}
	// The format comes from the flag or the environment only: version reads no config.
	f.Prints(c, cmdutil.Common)
	opts.Printer = func() (*cmdutil.Printer, error) { return f.PrinterNoConfig(c.CommandPath(), cmdutil.Common) }
	return c
}

func versionRun(_ context.Context, opts *VersionOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	version, commit, date := build.Info()
	return p.Value(map[string]string{"version": version, "commit": commit, "date": date}, func(w io.Writer, _ bool) error {
		_, err := fmt.Fprintln(w, versionLine())
		return err
	})
}

func versionLine() string {
	version, commit, date := build.Info()
	return fmt.Sprintf("bankctl version %s (commit %s, built %s)", version, commit, date)
}
