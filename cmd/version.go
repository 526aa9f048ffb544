package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/build"
)

// VersionOptions are the inputs of `bankctl version`.
type VersionOptions struct{ f *Factory }

// NewCmdVersion builds `bankctl version`.
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{f: f}
	return &cobra.Command{
		Use:   "version",
		Short: "Print bankctl's version, commit and build date",
		Long:  "Print the version, the commit it was built from and the build date. -o json prints them as JSON.",
		Example: `  bankctl version
  bankctl version -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			out, _ := cmd.Flags().GetString("output")
			jq, _ := cmd.Flags().GetString("jq")
			if out == "" && jq == "" {
				// The common case reads no config at all: version must be instant.
				_, err := fmt.Fprintln(f.IO.Out, versionLine())
				return err
			}
			version, commit, date := build.Info()
			v := map[string]string{"version": version, "commit": commit, "date": date}
			return printValue(f, v, func(w io.Writer, tty bool) error {
				_, err := fmt.Fprintln(w, versionLine())
				return err
			})
		},
	}
}

func versionLine() string {
	version, commit, date := build.Info()
	return fmt.Sprintf("bankctl version %s (commit %s, built %s)", version, commit, date)
}
