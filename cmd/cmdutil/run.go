package cmdutil

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

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
	f.Prints(c, formats)
	return func() (*Printer, error) { return f.Printer(c.CommandPath(), formats) }
}

// Prints records the formats c can print, for -o's completion.
func (f *Factory) Prints(c *cobra.Command, formats Formats) {
	if f.formats == nil {
		f.formats = map[*cobra.Command]Formats{}
	}
	f.formats[c] = formats
}

// CompleteOutput offers what -o takes for the command being completed: its own formats, or
// table, json and yaml for a command that prints none of its own.
func (f *Factory) CompleteOutput(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	formats, ok := f.formats[c]
	if !ok {
		formats = Common
	}
	var out []string
	for _, n := range formats.Names {
		if strings.HasPrefix(n, strings.ToLower(toComplete)) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// Graceful is for work that should end cleanly when interrupted (a statement stops after its
// current page): the context it returns is not cancelled by the first Ctrl-C, which closes
// stop instead and says so on stderr, but by a second one, or by the returned func.
func (f *Factory) Graceful(ctx context.Context, what string) (work context.Context, stop <-chan struct{}, cancel func()) {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			fmt.Fprintf(f.IO.ErrOut, "interrupted: %s (Ctrl-C again to stop at once)\n", what)
		case <-done:
			return
		}
		select {
		case <-signals: // the first interrupt, which ended ctx
		default:
		}
		select {
		case <-signals:
			cancelWork()
		case <-done:
		}
	}()
	return work, ctx.Done(), func() { signal.Stop(signals); close(done); cancelWork() }
}
