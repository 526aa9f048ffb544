package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/textin"
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

// ExitCode maps an error to bankctl's exit code, in this one place.
func ExitCode(err error) int {
	var (
		auth      *apperr.AuthError
		forbidden *apperr.ForbiddenError
		usage     *apperr.UsageError
		keyring   *keystore.UnavailableError
		child     *ChildExit
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &child):
		return child.Code
	case errors.As(err, &keyring):
		// A keyring that cannot be reached is a failure, even while looking for a token.
		return ExitError
	case errors.As(err, &auth):
		return ExitAuth
	case errors.As(err, &forbidden):
		return ExitForbidden
	case errors.As(err, &usage), errors.Is(err, apperr.ErrCancelled), IsCobraUsage(err):
		return ExitUsage
	}
	return ExitError
}

// ChildExit passes a child's exit code through unchanged (bankctl sandbox -- CMD).
type ChildExit struct{ Code int }

func (e *ChildExit) Error() string { return fmt.Sprintf("the command exited with status %d", e.Code) }

// IsCobraUsage recognises the argument errors cobra makes itself.
func IsCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// UsageErr marks err as bad input on the command line (exit 2).
func UsageErr(err error) error { return apperr.Usage(err) }

// Usagef is a usage error from a format.
func Usagef(format string, a ...any) error { return apperr.Usage(fmt.Errorf(format, a...)) }

// ExactArgs is cobra.ExactArgs with a message that says what is missing.
func ExactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return Usagef("%s expects %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

// NoArgs refuses positional arguments.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// GroupRun makes a command group show its help when called bare and fail with a usage error on
// an unknown subcommand, suggesting the nearest ones; cobra alone would print help and exit 0,
// which hides typos in scripts.
func GroupRun(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		err := Usagef("unknown command %q for %q", args[0], cmd.CommandPath())
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // as cobra sets it for the root only
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return apperr.Suggest(err, append([]string{"Did you mean this?"}, s...)...)
		}
		return err
	}
	return cmd.Help()
}

// OrDash shows an empty value as "-".
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// BadInput is the error for an input with bad records: one line naming the input and saying
// that nothing was sent, then each problem (line, field, the value as typed) on a line of its
// own, so a file with three mistakes takes one run to fix.
func BadInput(err error, input string) error {
	if input == "" || input == "-" {
		input = "the input"
	}
	var errs textin.Errors
	if !errors.As(err, &errs) || len(errs) == 1 {
		if len(errs) == 1 {
			err = errs[0]
		}
		return fmt.Errorf("%s: %w: nothing was sent", input, err)
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	more := ""
	if len(errs) == textin.MaxErrors {
		more = fmt.Sprintf(" (the first %d)", textin.MaxErrors)
	}
	return apperr.Suggest(fmt.Errorf("%s has %d problems%s: nothing was sent", input, len(errs), more), lines...)
}
