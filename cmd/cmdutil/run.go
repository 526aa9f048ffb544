package cmdutil

import (
	"context"

	"github.com/spf13/cobra"
)

// RunE is every command's RunE, the gh pattern: bind (may be nil) copies the arguments into the
// options, then runF runs if a test gave one (argv → options), else the command's run
// (options → output).
func RunE[T any](opts *T, runF func(*T) error, run func(context.Context, *T) error, bind func(cmd *cobra.Command, args []string)) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if bind != nil {
			bind(cmd, args)
		}
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), opts)
	}
}

// PrinterFor resolves -o for the command c when it runs.
func (f *Factory) PrinterFor(c *cobra.Command, formats Formats) func() (*Printer, error) {
	return func() (*Printer, error) { return f.Printer(c.CommandPath(), formats) }
}
