package e2e

import (
	"bufio"
	"context"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// Ctrl-C at a hidden prompt ends bankctl at once with exit 130, and the terminal echoes again.
func TestCtrlCAtHiddenPrompt(t *testing.T) {
	w := newWorld(t)
	c := exec.Command(binary, "login", "--url", w.apiURL())
	c.Env = append(append([]string(nil), w.env...), "BANKCTL_KEYRING=file")
	tty, err := pty.Start(c)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	var screen lockedBuffer
	copied := make(chan struct{})
	go func() { io.Copy(&screen, tty); close(copied) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(screen.String(), "input is hidden") {
		if time.Now().After(deadline) {
			t.Fatalf("no hidden prompt; screen:\n%s", screen.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Echo is off before the question is shown (iostreams turns it off first); poll rather than
	// sleep, so a loaded machine cannot make the check come too early or too late.
	for {
		st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err == nil && st.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("echo is on at the hidden prompt (%v)", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	tty.Write([]byte{3}) // Ctrl-C, as the terminal sends it
	if code := exitCode(t, c); code != 130 {
		t.Fatalf("exit %d, want 130; screen:\n%s", code, screen.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Ctrl-C took %v to end the prompt", d)
	}
	// All bankctl wrote is on the screen once the copy has read to the end.
	select {
	case <-copied:
	case <-time.After(5 * time.Second):
		t.Fatal("the pseudo-terminal was not read to its end")
	}
	st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil || st.Lflag&unix.ECHO == 0 {
		t.Fatalf("echo was left off after Ctrl-C (%v)", err)
	}
	contains(t, "screen", screen.String(), "interrupted")
	if _, err := os.Stat(filepath.Join(w.dir, "config", "bankctl", "config.yaml")); err == nil {
		t.Fatal("an interrupted login saved the config")
	}
}

// The environment `bankctl sandbox` prints can be sourced by bash and sh, values with spaces
// included, and logs in with what it set.
func TestSandboxEnvironmentSourcesInShells(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sb := exec.CommandContext(ctx, binary, "sandbox", "--auto-approve", "--addr", "127.0.0.1:0")
	sb.Env = w.env
	out, _ := sb.StdoutPipe()
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); sb.Wait() }()
	var exports strings.Builder
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		exports.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "export BANKCTL_BROWSER=") {
			break
		}
	}
	contains(t, "exports", exports.String(), "export BANKCTL_BROWSER='"+binary+" sandbox approve'")
	envFile := filepath.Join(w.dir, "sandbox.env")
	os.WriteFile(envFile, []byte(exports.String()), 0o600)
	for _, shell := range []string{"bash", "sh"} {
		path, err := exec.LookPath(shell)
		if err != nil {
			t.Skipf("no %s here", shell)
		}
		script := `. "$1" && export BANKCTL_TID_REDIRECT_URI="$2" && "$3" tid login && "$3" ibank client-info && "$3" tid introspect`
		c := exec.Command(path, "-c", script, shell, envFile, freeRedirect(t), binary)
		c.Env = w.env
		got, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", shell, err, got)
		}
		contains(t, shell, string(got), "Signed in to T-ID", "ООО «Северный ветер»", "The sandbox approves this sign-in for you")
		notContains(t, shell, string(got), "Open this URL", "not found", "command not found")
	}
}

// A browser command that fails is reported, and the URL is left for the user to open; one that
// stays in the foreground does not hold the login up.
func TestBrowserCommandThatFailsOrBlocks(t *testing.T) {
	w := newWorld(t)
	for _, browser := range []string{"false", "sleep 60"} {
		redirect := freeRedirect(t)
		env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER="+browser)
		c := exec.Command(binary, "tid", "login")
		c.Env = append(append([]string(nil), w.env...), env...)
		var stderr lockedBuffer
		c.Stderr = &stderr
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		var authorize string
		for authorize == "" {
			for _, l := range strings.Split(stderr.String(), "\n") {
				if l = strings.TrimSpace(l); strings.HasPrefix(l, w.srv.URL+"/auth/authorize?") {
					authorize = l
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no URL printed:\n%s", browser, stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if browser == "false" {
			for !strings.Contains(stderr.String(), "could not open the page") {
				if time.Now().After(deadline) {
					t.Fatalf("a failing browser was not reported:\n%s", stderr.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			contains(t, "browser failure", stderr.String(), `the browser "false" could not open the page (exit status 1): open the URL above yourself`)
		}
		// The user opens the URL by hand.
		start := time.Now()
		landing, err := sandbox.Approve(context.Background(), authorize, true)
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := url.Parse(landing); u == nil || !strings.HasPrefix(landing, redirect) {
			t.Fatalf("landing %q", landing)
		}
		followQuiet(landing)
		if code := exitCode(t, c); code != 0 {
			t.Fatalf("%s: exit %d\n%s", browser, code, stderr.String())
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("%s: the login waited for the browser command (%v)", browser, d)
		}
	}
}

// Without any keyring, tid login says where it could store the tokens; --insecure-storage stores
// them in a 0600 file and later commands find them there.
func TestTIDLoginInsecureStorageWithoutKeyring(t *testing.T) {
	w := newWorld(t)
	w.env = noKeyringEnv(w)
	env := append(w.tidEnv(t, freeRedirect(t)), "BANKCTL_KEYRING=", "BANKCTL_BROWSER="+binary+" sandbox approve")
	r := w.run(env, "", "tid", "login")
	if r.code != 1 {
		t.Fatalf("exit %d without a keyring\n%s", r.code, r.err)
	}
	contains(t, "no keyring", r.err, "no D-Bus session", "BANKCTL_KEYRING=file", "--insecure-storage")
	r = w.run(append(env, "BANKCTL_TID_REDIRECT_URI="+freeRedirect(t)), "", "tid", "login", "--insecure-storage")
	if r.code != 0 {
		t.Fatalf("--insecure-storage: exit %d\n%s", r.code, r.err)
	}
	file := filepath.Join(w.dir, "data", "bankctl", "secrets.json")
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", st, err)
	}
	contains(t, "warning", r.err, "plain text", file)
	w.mustRun(env, "", "tid", "introspect")
}
