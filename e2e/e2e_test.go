// Package e2e runs the built bankctl binary, as users and scripts do, against the sandbox and
// the real OS keyring (Secret Service). Run under dbus-run-session with gnome-keyring-daemon;
// under CI=true the keyring tests fail instead of skipping when it is missing.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
)

var binary string

func TestMain(m *testing.M) {
	if os.Getenv(measureEnv) != "" {
		os.Exit(measure())
	}
	dir, err := os.MkdirTemp("", "bankctl-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "bankctl")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "could not build bankctl:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// world is an isolated HOME with its own config and data folders and a sandbox.
type world struct {
	t   *testing.T
	dir string
	sb  *sandbox.Server
	srv *httptest.Server
	env []string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	sb := sandbox.New()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	w := &world{t: t, dir: dir, sb: sb, srv: srv}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "BANKCTL_") || k == "HOME" || strings.HasPrefix(k, "XDG_") {
			continue
		}
		w.env = append(w.env, kv)
	}
	w.env = append(w.env, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"),
		// T-Business calls go to the sandbox, never to the bank's default host.
		"BANKCTL_TBUSINESS_URL="+srv.URL+"/openapi")
	return w
}

func (w *world) apiURL() string { return w.srv.URL + "/api" }

type result struct {
	out, err string
	code     int
}

// run starts the binary with extra environment and stdin.
func (w *world) run(env []string, stdin string, args ...string) result {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, binary, args...)
	c.Env = append(append([]string(nil), w.env...), env...)
	c.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// runConcurrently starts n copies of one command at once and returns each one's result.
func (w *world) runConcurrently(n int, env []string, args ...string) []result {
	var wg sync.WaitGroup
	results := make([]result, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = w.run(env, "", args...)
		}(i)
	}
	wg.Wait()
	return results
}

func (w *world) mustRun(env []string, stdin string, args ...string) result {
	w.t.Helper()
	r := w.run(env, stdin, args...)
	if r.code != 0 {
		w.t.Fatalf("bankctl %v: exit %d\n%s%s", args, r.code, r.out, r.err)
	}
	return r
}

// requireKeyring skips when no Secret Service is reachable, and fails under CI=true, where
// .ci/run starts one.
func requireKeyring(t *testing.T) {
	t.Helper()
	if !keystore.HasSessionBus() {
		msg := "no D-Bus session: run under dbus-run-session with gnome-keyring-daemon unlocked, as .ci/run does"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	probe := fmt.Sprintf("probe-%d", time.Now().UnixNano())
	err := keyring.Set("bankctl-e2e-probe", probe, "x")
	if err == nil {
		keyring.Delete("bankctl-e2e-probe", probe)
		return
	}
	msg := fmt.Sprintf("no usable OS keyring (%v): run under dbus-run-session with gnome-keyring-daemon unlocked, as .ci/run does", err)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// noKeyringEnv removes the session bus and dbus-launch, as on a headless server.
func noKeyringEnv(w *world) []string {
	var env []string
	for _, kv := range w.env {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return append(env, "PATH="+w.dir+"/empty-path", "DBUS_SESSION_BUS_ADDRESS=")
}

func contains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}

func notContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Errorf("%s contains %q:\n%s", what, sub, s)
		}
	}
}

// grepTree fails if any file under dir holds secret.
func grepTree(t *testing.T, dir, secret string) {
	t.Helper()
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds the secret", p)
		}
		return nil
	})
}
