// Package cmd is bankctl's root command: the global flags, the command tree by area
// (cmd/ibank, cmd/tid, cmd/tbusiness, cmd/profile, cmd/config, cmd/sandbox, cmd/status), the
// top-level aliases and help topics, and Run, which maps every outcome to an exit code in one
// place. docs/ARCHITECTURE.md describes the layers.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// Main runs bankctl with the process's arguments and streams and returns the exit code.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ios := iostreams.System()
	if w := ios.TerminalWidth(); w > 0 {
		render.TerminalWidth = w // tables on the terminal fit in it
	}
	return Run(ctx, cmdutil.New(ios), os.Args[1:])
}

// Run executes one command line and maps its outcome to an exit code, in this one place. The
// error is one line; what the user can do about it follows, one suggestion a line.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	w := f.IO.ErrOut
	if ctx.Err() != nil {
		// A signal arrived: whatever the cancellation surfaced as, the user interrupted us. An
		// error that says how to go on (a statement's continuation) is shown.
		if len(apperr.Suggestions(err)) > 0 {
			report(w, err)
		} else {
			fmt.Fprintln(w, "bankctl: interrupted")
		}
		return cmdutil.ExitInterrupt
	}
	code := cmdutil.ExitCode(err)
	var child *cmdutil.ChildExit
	if errors.As(err, &child) {
		return code // the sandbox's command already spoke for itself
	}
	report(w, err)
	if code == cmdutil.ExitUsage && cmd != nil && !errors.Is(err, apperr.ErrCancelled) {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// report writes an error as one line, then what the user can do about it, one suggestion a
// line: whatever a server put in the message stays inside its line and shows inert.
func report(w io.Writer, err error) {
	line, suggestions := splitSuggestions(redact.String(err.Error()))
	fmt.Fprintln(w, "bankctl: "+oneLine(line))
	for _, s := range append(apperr.Suggestions(err), suggestions...) {
		fmt.Fprintln(w, "  "+oneLine(redact.String(s)))
	}
}

// splitSuggestions takes cobra's "Did you mean this?" block off an error message.
func splitSuggestions(msg string) (string, []string) {
	line, rest, ok := strings.Cut(msg, "\n\nDid you mean this?\n")
	if !ok {
		return msg, nil
	}
	out := []string{"Did you mean this?"}
	for _, s := range strings.Split(rest, "\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return line, out
}

// oneLine keeps an error on one line and shows anything a server put in it inert.
func oneLine(s string) string {
	return sanitize.Line(strings.Join(strings.Fields(s), " "))
}
