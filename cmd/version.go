package cmd

import (
	"fmt"

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
			if err := f.bind(cmd.Root()); err != nil {
				return err
			}
			format, jq := f.viper.GetString("output"), f.viper.GetString("jq")
			version, commit, date := build.Info()
			data, err := render.Marshal(map[string]string{"version": version, "commit": commit, "date": date})
			if err != nil {
				return err
			}
			switch {
			case jq != "":
				code, err := render.CompileJQ(jq)
				if err != nil {
					return usageErr(err)
				}
				return render.JQ(f.IO.Out, code, data, f.IO.IsStdoutTTY())
			case format == render.FormatJSON:
				return render.JSON(f.IO.Out, data, f.IO.IsStdoutTTY())
			case format == render.FormatYAML:
				return render.YAML(f.IO.Out, data)
			case format != "" && format != render.FormatTable:
				return usageErr(render.CheckFormat(format))
			}
			_, err = fmt.Fprintln(f.IO.Out, versionLine())
			return err
		},
	}
}

func versionLine() string {
	version, commit, date := build.Info()
	return fmt.Sprintf("bankctl version %s (commit %s, built %s)", version, commit, date)
}
