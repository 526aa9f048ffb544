package cmd

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
)

var mockOnce sync.Once

// testEnv is one isolated bankctl world: its own config and data folders, an in-memory keyring
// (go-keyring's mock; the real Secret Service is tested in e2e/), and a sandbox server.
type testEnv struct {
	t                   *testing.T
	dir                 string
	sb                  *sandbox.Server
	srv                 *httptest.Server
	cfgPath             string
	secrets             string
	stdinTTY, stdoutTTY bool
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	mockOnce.Do(keyring.MockInit)
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "BANKCTL_") {
			t.Setenv(k, "")
		}
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("HOME", dir)
	t.Setenv("NO_COLOR", "1")
	sb := sandbox.New()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	e := &testEnv{t: t, dir: dir, sb: sb, srv: srv,
		cfgPath: filepath.Join(dir, "config", "bankctl", "config.yaml"),
		secrets: filepath.Join(dir, "data", "bankctl", "secrets.json")}
	t.Cleanup(func() { e.clearKeyring() })
	return e
}

// apiURL is the sandbox's iBank API URL.
func (e *testEnv) apiURL() string { return e.srv.URL + "/api" }

type result struct {
	out, err string
	code     int
}

// run executes bankctl in-process with stdin and returns what it printed and its exit code.
func (e *testEnv) run(stdin string, args ...string) result {
	e.t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	ios.SetStdinTTY(e.stdinTTY)
	ios.SetStdoutTTY(e.stdoutTTY)
	ios.SetStderrTTY(e.stdinTTY)
	f := NewFactory(ios)
	code := Run(context.Background(), f, args)
	return result{out: out.String(), err: errOut.String(), code: code}
}

// mustRun is run that fails the test on a non-zero exit.
func (e *testEnv) mustRun(stdin string, args ...string) result {
	e.t.Helper()
	r := e.run(stdin, args...)
	if r.code != 0 {
		e.t.Fatalf("bankctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r
}

// login stores the demo token for profile through the real login path.
func (e *testEnv) login(profile string) {
	e.t.Helper()
	e.mustRun(sandbox.DemoToken+"\n", "-p", profile, "login", "--url", e.apiURL(), "--with-token")
}

func (e *testEnv) storedToken(profile string) (string, error) {
	return keyring.Get(keystore.Service, profile+"/"+keystore.KindIBank)
}

func (e *testEnv) clearKeyring() {
	for _, p := range []string{"default", "acme", "work"} {
		for _, k := range []string{keystore.KindIBank, keystore.KindTID, keystore.KindTIDClientSecret} {
			keyring.Delete(keystore.Service, p+"/"+k)
		}
	}
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.out, r.err)
	}
}

func wantContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}

func wantNotContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			t.Errorf("%s contains %q:\n%s", what, sub, s)
		}
	}
}

// oneErrorLine checks that stderr holds exactly one "bankctl:" error line (plus an optional
// usage hint) and returns it.
func oneErrorLine(t *testing.T, r result) string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(r.err), "\n") {
		if strings.HasPrefix(l, "bankctl: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(lines), r.err)
	}
	return lines[0]
}

func testStreams() (*iostreams.IOStreams, *strings.Builder, *strings.Builder, *strings.Builder) {
	ios, _, _, _ := iostreams.Test()
	return ios, nil, nil, nil
}
