package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// detach starts this binary again as the sandbox in the background, in a session of its own, and
// prints the environment it hands back through a pipe once it serves: no line is printed before
// the sandbox answers, so a shell that evals them never runs the next command against the
// user's real profile.
func detach(ctx context.Context, opts *Options) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	args := []string{"sandbox", "--addr", opts.Addr, "--shell", opts.Shell, "--ready-fd", "3"}
	if opts.AutoApprove {
		args = append(args, "--auto-approve")
	}
	if opts.Hostile {
		args = append(args, "--hostile-data")
	}
	c := exec.Command(exe, args...)
	c.ExtraFiles = []*os.File{w}
	c.Stdin, c.Stdout, c.Stderr = nil, nil, nil
	detachAttrs(c)
	if err := c.Start(); err != nil {
		w.Close()
		return fmt.Errorf("could not start the sandbox: %w", err)
	}
	w.Close()
	pid := c.Process.Pid
	c.Process.Release()
	lines := make(chan string, 1)
	go func() { b, _ := io.ReadAll(r); lines <- string(b) }()
	var out string
	select {
	case out = <-lines:
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	r.Close()
	if !strings.Contains(out, "BANKCTL_") {
		return fmt.Errorf("the sandbox did not start (is %s free? try without --detach to see why)", opts.Addr)
	}
	fmt.Fprint(opts.IO.Out, out)
	fmt.Fprintln(opts.IO.Out, exportLine(opts.Shell, "BANKCTL_SANDBOX_PID="+strconv.Itoa(pid)))
	stop := `kill "$BANKCTL_SANDBOX_PID"`
	if opts.Shell == "powershell" {
		stop = "Stop-Process -Id $env:BANKCTL_SANDBOX_PID"
	}
	fmt.Fprintf(opts.IO.ErrOut, "bankctl sandbox is serving in the background (pid %d): stop it with %s\n", pid, stop)
	return nil
}

// serveDetached is the background sandbox: it hands its environment to the process that started
// it, then serves until a signal.
func serveDetached(ctx context.Context, opts *Options, env []string, done <-chan error) error {
	f := os.NewFile(uintptr(opts.ReadyFD), "ready")
	if f == nil {
		return cmdutil.Usagef("--ready-fd %d is not open", opts.ReadyFD)
	}
	for _, kv := range env {
		fmt.Fprintln(f, exportLine(opts.Shell, kv))
	}
	f.Close()
	select {
	case <-ctx.Done():
		<-done
		return nil
	case err := <-done:
		return err
	}
}
