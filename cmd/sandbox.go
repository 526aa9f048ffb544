package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/tid"
)

// SandboxOptions are the inputs of `bankctl sandbox`.
type SandboxOptions struct {
	IO          *iostreams.IOStreams
	Addr        string
	AutoApprove bool
	Command     []string
}

// NewCmdSandbox builds `bankctl sandbox`.
func NewCmdSandbox(f *Factory, runF func(*SandboxOptions) error) *cobra.Command {
	opts := &SandboxOptions{IO: f.IO}
	c := &cobra.Command{
		Use:   "sandbox [-- command [args...]]",
		Short: "Run an emulator of both bank APIs on loopback",
		Long: `Serve an emulator of the iBank and T-ID APIs on a loopback address, with a realistic Russian
organisation, a demo iBank token and a demo T-ID client. It prints the environment that points
bankctl at it (the export lines go to stdout, so "eval" works).

The sandbox is a world of its own: a temporary config file and a plain-file secret store
(its secrets are demo values), removed when it stops, so your real config and OS keyring are
never touched.

With a command after "--", the sandbox starts, runs the command with that environment (and
bankctl's own folder first on PATH), then stops and exits with the command's exit code.

Tokens the iBank sandbox knows:
  ` + sandbox.DemoToken + `  works
  ` + sandbox.ExpiredToken + `  401, as an expired token
  ` + sandbox.IPLimitedToken + `  403, as a token limited to other IP addresses

Faults for testing scripts: POST /_sandbox/faults with {"path":"/api/client/info",
"status":503,"times":2,"retry_after":"1"} (also "delay":"2s" as nanoseconds, "html":true,
"redirect":"URL"); GET /_sandbox/requests shows what the sandbox received.`,
		Example: `  # See bankctl work without a bank account
  bankctl sandbox -- bankctl ibank client-info

  # Keep it running and point a shell at it
  bankctl sandbox --addr 127.0.0.1:8700 > sandbox.env &
  . ./sandbox.env && bankctl status`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Command = args
			if runF != nil {
				return runF(opts)
			}
			return sandboxRun(cmd.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	c.Flags().BoolVar(&opts.AutoApprove, "auto-approve", false, "answer T-ID consent pages by pressing Продолжить, with no browser (sets BANKCTL_BROWSER for the command)")
	c.AddCommand(newCmdSandboxApprove(f))
	return c
}

// newCmdSandboxApprove is the "browser" that --auto-approve hands to bankctl tid login.
func newCmdSandboxApprove(f *Factory) *cobra.Command {
	var deny bool
	c := &cobra.Command{
		Use:    "approve <authorize-url>",
		Short:  "Press Продолжить on a sandbox consent page, as a browser would",
		Long:   "Open a sandbox T-ID authorize URL, press Продолжить (or Отмена with --deny) and follow the redirect back to a loopback redirect URI. Prints the address the browser would land on, for manual mode.",
		Hidden: true,
		Args:   exactArgs(1, "the authorize URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			landing, err := sandbox.Approve(cmd.Context(), args[0], !deny)
			if err != nil {
				return err
			}
			if lu, err := url.Parse(landing); err == nil && tid.IsLoopbackURI(landing) {
				// The listener took the code; it is a secret, so only the place is shown.
				lu.RawQuery = ""
				fmt.Fprintf(f.IO.ErrOut, "sandbox: consent given; the browser went back to %s\n", lu)
				return nil
			}
			fmt.Fprintf(f.IO.ErrOut, "sandbox: consent given; the browser landed on %s\n", landing)
			return nil
		},
	}
	c.Flags().BoolVar(&deny, "deny", false, "press Отмена instead")
	return c
}

func sandboxRun(ctx context.Context, opts *SandboxOptions) error {
	l, err := sandbox.Listen(opts.Addr)
	if err != nil {
		return usageErr(err)
	}
	srv := sandbox.New()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()

	base := "http://" + l.Addr().String()
	// A throwaway world: the demo credentials never reach the user's keyring or config.
	world, err := os.MkdirTemp("", "bankctl-sandbox-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(world)
	env := append(sandbox.Env(base),
		"BANKCTL_CONFIG="+filepath.Join(world, "config.yaml"),
		"BANKCTL_KEYRING=file",
		"BANKCTL_SECRETS_FILE="+filepath.Join(world, "secrets.json"))
	if opts.AutoApprove {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		env = append(env, "BANKCTL_BROWSER="+exe+" sandbox approve")
	}
	if len(opts.Command) == 0 {
		for _, kv := range env {
			fmt.Fprintf(opts.IO.Out, "export %s\n", kv)
		}
		fmt.Fprintf(opts.IO.ErrOut, "bankctl sandbox is serving at %s (Ctrl-C to stop)\n", base)
		fmt.Fprintf(opts.IO.ErrOut, "iBank: demo token %s; expired %s; IP-limited %s\n", sandbox.DemoToken, sandbox.ExpiredToken, sandbox.IPLimitedToken)
		select {
		case <-ctx.Done():
			<-done
			return nil
		case err := <-done:
			return err
		}
	}
	code, err := runWithEnv(ctx, opts, env)
	cancel()
	<-done
	if err != nil {
		return err
	}
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// runWithEnv runs the user's command with the sandbox's environment and returns its exit code.
func runWithEnv(ctx context.Context, opts *SandboxOptions, env []string) (int, error) {
	path := os.Getenv("PATH")
	if exe, err := os.Executable(); err == nil {
		path = filepath.Dir(exe) + string(os.PathListSeparator) + path
	}
	c := exec.CommandContext(ctx, opts.Command[0], opts.Command[1:]...)
	c.Env = append(os.Environ(), append(env, "PATH="+path)...)
	c.Stdin, c.Stdout, c.Stderr = opts.IO.In, opts.IO.Out, opts.IO.ErrOut
	if err := setCommandPath(c, path); err != nil {
		return 0, err
	}
	err := c.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode(), nil
	}
	if err != nil {
		return 0, fmt.Errorf("could not run %s: %w", opts.Command[0], err)
	}
	return 0, nil
}

// setCommandPath looks the command up on the PATH the child gets, so "bankctl" finds this binary.
func setCommandPath(c *exec.Cmd, path string) error {
	name := c.Args[0]
	if strings.ContainsRune(name, filepath.Separator) {
		return nil
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			c.Path, c.Err = p, nil
			return nil
		}
	}
	return fmt.Errorf("command %q not found", name)
}

// exitError passes a child's exit code through unchanged.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("the command exited with status %d", e.code) }
