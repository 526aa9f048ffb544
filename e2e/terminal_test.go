package e2e

import (
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// On a real terminal the token is typed with echo off: it must not appear on the screen,
// while the URL typed before it does.
func TestLoginPromptHidesTokenOnTerminal(t *testing.T) {
	w := newWorld(t)
	c := exec.Command(binary, "login")
	c.Env = append(append([]string(nil), w.env...), "BANKCTL_KEYRING=file")
	tty, err := pty.Start(c)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	var screen lockedBuffer
	done := make(chan struct{})
	go func() { io.Copy(&screen, tty); close(done) }()
	waitFor := func(s string) {
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(screen.String(), s) {
			if time.Now().After(deadline) {
				t.Fatalf("never saw %q; screen:\n%s", s, screen.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("iBank API URL")
	tty.Write([]byte(w.apiURL() + "\r"))
	waitFor("input is hidden")
	tty.Write([]byte(sandbox.DemoToken + "\r"))
	if code := exitCode(t, c); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, screen.String())
	}
	<-done
	out := screen.String()
	contains(t, "screen", out, w.apiURL(), "Logged in to ООО «Северный ветер»", "…5d2e5ef0c4ee")
	notContains(t, "screen", out, sandbox.DemoToken)
}
