package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/build"
	"github.com/bankctl/bankctl/internal/render"
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
			// The format comes from the flag or the environment only: version reads no config.
			format := f.viper.GetString("output")
			if format != "" {
				if err := render.CheckFormat(format); err != nil {
					return usageErr(err)
				}
			}
			version, commit, date := build.Info()
			data, err := render.Marshal(map[string]string{"version": version, "commit": commit, "date": date})
			if err != nil {
				return err
			}
			return f.printAs(format, data, func(w io.Writer, _ bool) error {
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
