// Package sandbox holds `bankctl sandbox`: the built-in emulator of the bank APIs on loopback,
// in a throwaway world of its own, and the scripted browser that --auto-approve hands to
// `bankctl tid login`.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// Options are the inputs of `bankctl sandbox`.
type Options struct {
	IO          *iostreams.IOStreams
	Addr        string
	AutoApprove bool
	Shell       string
	Detach      bool
	Hostile     bool
	ReadyFD     int // the detached child's: where the export lines go once it serves
	Command     []string
}

// NewCmdSandbox builds `bankctl sandbox`.
func NewCmdSandbox(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO}
	c := &cobra.Command{
		Use:   "sandbox [-- command [args...]]",
		Short: "Run an emulator of the bank APIs on loopback",
		Long: `Serve an emulator of the iBank, T-ID and T-Business APIs on a loopback address, with a
realistic Russian organisation, a demo iBank token, a demo T-ID client and a T-Business company.
It prints the environment that points bankctl at it: "export" lines on stdout, quoted for POSIX
shells, so "eval" and "source" are safe (--shell powershell prints $env: lines instead).

The sandbox is a world of its own: a temporary config file, a plain-file secret store (its
secrets are demo values) and a state folder for the payment journal, removed when it stops, so
your real config, OS keyring and journal are never touched.

With a command after "--", the sandbox starts, runs the command with that environment (and a
"bankctl" first on PATH that is this binary, whatever its file name), then stops and exits with
the command's exit code. With --detach it serves in the background: the export lines (and
BANKCTL_SANDBOX_PID, to stop it) are printed once it is ready, for eval.

Tokens the iBank sandbox knows:
  ` + sandbox.DemoToken + `  works
  ` + sandbox.ExpiredToken + `  401, as an expired token
  ` + sandbox.IPLimitedToken + `  403, as a token limited to other IP addresses

The demo company (ООО «Северный ветер») has a few accounts with ordinary balances and a month of
operations with counterparties whose INNs and accounts carry the right check digits.
--hostile-data (or POST /_sandbox/tbusiness {"hostile_data": true}) serves instead the data made
to test exports: formulas in names, a purpose that would forge a 1С document, terminal escapes,
amounts float64 rounds.

Its T-ID grants every scope of a person's data (bankctl tid person answers for an invented
person), and it serves T-API's secured host over TLS on another port, requiring a client
certificate from its demo CA: BANKCTL_TBUSINESS_SECURED_URL, BANKCTL_CA_FILE (the demo CA) and
BANKCTL_SANDBOX_CERT / BANKCTL_SANDBOX_KEY (a fresh demo certificate of the company, for
"bankctl tbusiness cert import") are exported with the rest.

Faults for testing scripts: POST /_sandbox/faults with {"path":"/api/client/info",
"status":503,"times":2,"retry_after":"1"} (also "delay":"2s" as nanoseconds, "html":true,
"redirect":"URL"); GET /_sandbox/requests shows what the sandbox received (credentials as
their last four characters and a digest).`,
		Example: `  # See bankctl work without a bank account
  bankctl sandbox -- bankctl ibank client-info

  # Keep it running in the background and point this shell at it (as eval "$(ssh-agent)"):
  # the lines are printed once it serves; BANKCTL_SANDBOX_PID stops it
  eval "$(bankctl sandbox --detach --addr 127.0.0.1:8700)"
  bankctl status
  kill "$BANKCTL_SANDBOX_PID"`,
		RunE: cmdutil.RunE(opts, runF, run, func(cmd *cobra.Command, args []string) {
			opts.Command = args
		}),
	}
	c.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	c.Flags().BoolVar(&opts.AutoApprove, "auto-approve", false, "answer T-ID consent pages by pressing Продолжить, with no browser (sets BANKCTL_BROWSER for the command)")
	c.Flags().StringVar(&opts.Shell, "shell", "sh", "how to print the environment: sh (POSIX export lines) or powershell")
	c.Flags().BoolVar(&opts.Hostile, "hostile-data", false, "serve the statement and accounts made to test exports against hostile senders (formulas, a forged 1С document, escapes, huge amounts) instead of the demo company's ordinary month")
	c.Flags().BoolVar(&opts.Detach, "detach", false, `serve in the background; print the environment once it serves (eval "$(bankctl sandbox --detach)")`)
	c.Flags().IntVar(&opts.ReadyFD, "ready-fd", 0, "")
	c.Flags().MarkHidden("ready-fd")
	c.RegisterFlagCompletionFunc("shell", cobra.FixedCompletions([]string{"sh", "powershell"}, cobra.ShellCompDirectiveNoFileComp))
	c.AddCommand(NewCmdApprove(f, nil))
	return c
}

func run(ctx context.Context, opts *Options) error {
	if opts.Shell != "sh" && opts.Shell != "powershell" {
		return cmdutil.Usagef("invalid --shell %q: use sh or powershell", opts.Shell)
	}
	if opts.Detach {
		if len(opts.Command) > 0 {
			return cmdutil.Usagef("--detach serves in the background: give no command after --")
		}
		return detach(ctx, opts)
	}
	l, err := sandbox.Listen(opts.Addr)
	if err != nil {
		return cmdutil.UsageErr(err)
	}
	srv := sandbox.New()
	srv.SetHostile(opts.Hostile)
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
		"BANKCTL_SECRETS_FILE="+filepath.Join(world, "secrets.json"),
		"BANKCTL_STATE_DIR="+filepath.Join(world, "state"))
	host, _, _ := net.SplitHostPort(l.Addr().String())
	secured, err := startSecured(ctx, srv, host, world)
	if err != nil {
		return err
	}
	env = append(env, secured...)
	if opts.AutoApprove {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		env = append(env, "BANKCTL_BROWSER="+exe+" sandbox approve")
	}
	if opts.ReadyFD > 0 {
		return serveDetached(ctx, opts, env, done)
	}
	if len(opts.Command) == 0 {
		for _, kv := range env {
			fmt.Fprintln(opts.IO.Out, exportLine(opts.Shell, kv))
		}
		fmt.Fprintf(opts.IO.ErrOut, "bankctl sandbox is serving at %s (Ctrl-C to stop)\n", base)
		fmt.Fprintf(opts.IO.ErrOut, "iBank: demo token %s; expired %s; IP-limited %s\n", sandbox.DemoToken, sandbox.ExpiredToken, sandbox.IPLimitedToken)
		fmt.Fprintf(opts.IO.ErrOut, "T-Business: log in with T-ID (bankctl tid login), or store the self-service token %s with bankctl tbusiness login\n", sandbox.TBusinessToken)
		fmt.Fprintln(opts.IO.ErrOut, securedNote(secured))
		select {
		case <-ctx.Done():
			<-done
			return nil
		case err := <-done:
			return err
		}
	}
	code, err := runWithEnv(ctx, opts, env, world)
	cancel()
	<-done
	if err != nil {
		return err
	}
	if code != 0 {
		return &cmdutil.ChildExit{Code: code}
	}
	return nil
}

// exportLine is one variable for a shell to take in, its value quoted so that nothing in it is
// ever run.
func exportLine(shell, kv string) string {
	k, v, _ := strings.Cut(kv, "=")
	if shell == "powershell" {
		return fmt.Sprintf("$env:%s = '%s'", k, strings.ReplaceAll(v, "'", "''"))
	}
	return "export " + k + "=" + cmdutil.ShellQuote(v)
}

// runWithEnv runs the user's command with the sandbox's environment and returns its exit code.
// The first folder on its PATH holds a "bankctl" that is this binary, whatever this binary's
// file name (go run's, a renamed download).
func runWithEnv(ctx context.Context, opts *Options, env []string, world string) (int, error) {
	path := os.Getenv("PATH")
	if exe, err := os.Executable(); err == nil {
		bin := filepath.Join(world, "bin")
		name := "bankctl"
		if filepath.Ext(exe) == ".exe" {
			name += ".exe"
		}
		if os.Mkdir(bin, 0o700) == nil && os.Symlink(exe, filepath.Join(bin, name)) == nil {
			path = bin + string(os.PathListSeparator) + path
		} else {
			path = filepath.Dir(exe) + string(os.PathListSeparator) + path
		}
	}
	c := exec.CommandContext(ctx, opts.Command[0], opts.Command[1:]...)
	c.Env = append(os.Environ(), append(env, "PATH="+path)...)
	c.Stdin, c.Stdout, c.Stderr = opts.IO.In, opts.IO.Out, opts.IO.ChildStderr()
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
