package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// Exit codes, documented in `bankctl help exit-codes`.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitAuth      = 4
	ExitForbidden = 5
	ExitInterrupt = 130
)

// Main runs bankctl with the process's arguments and streams and returns the exit code.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ios := iostreams.System()
	return Run(ctx, NewFactory(ios), os.Args[1:])
}

// Run executes one command line and maps its outcome to an exit code, in this one place.
func Run(ctx context.Context, f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil {
		// A signal arrived: whatever the cancellation surfaced as, the user interrupted us.
		fmt.Fprintln(f.IO.ErrOut, "bankctl: interrupted")
		return ExitInterrupt
	}
	var child *exitError
	if errors.As(err, &child) {
		return child.code // the sandbox's command already spoke for itself
	}
	code := ExitCode(err)
	fmt.Fprintln(f.IO.ErrOut, "bankctl: "+oneLine(redact.String(err.Error())))
	if code == ExitUsage && cmd != nil && !errors.Is(err, apperr.ErrCancelled) {
		fmt.Fprintf(f.IO.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// ExitCode maps an error to bankctl's exit code.
func ExitCode(err error) int {
	var (
		auth      *apperr.AuthError
		forbidden *apperr.ForbiddenError
		usage     *apperr.UsageError
		keyring   *keystore.UnavailableError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &keyring):
		// A keyring that cannot be reached is a failure, even while looking for a token.
		return ExitError
	case errors.As(err, &auth):
		return ExitAuth
	case errors.As(err, &forbidden):
		return ExitForbidden
	case errors.As(err, &usage), errors.Is(err, apperr.ErrCancelled), isCobraUsage(err):
		return ExitUsage
	}
	return ExitError
}

// isCobraUsage recognises the argument errors cobra makes itself.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func usageErr(err error) error { return apperr.Usage(err) }

func usagef(format string, a ...any) error { return apperr.Usage(fmt.Errorf(format, a...)) }

// exactArgs is cobra.ExactArgs with a message that says what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s expects %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// groupRun makes a command group show its help when called bare and fail with a usage error on
// an unknown subcommand; cobra alone would print help and exit 0, which hides typos in scripts.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return cmd.Help()
}
