// Package cmdtest runs bankctl's real command tree in-process for the command areas' tests: an
// isolated world (own config, data and state folders, go-keyring's in-memory mock; the real
// Secret Service is tested in e2e/) and a sandbox server.
package cmdtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/cmd"
	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/tid"
)

// Exit codes, for tests to compare with.
const (
	ExitError     = cmdutil.ExitError
	ExitUsage     = cmdutil.ExitUsage
	ExitAuth      = cmdutil.ExitAuth
	ExitForbidden = cmdutil.ExitForbidden
)

var mockOnce sync.Once

// Env is one isolated bankctl world.
type Env struct {
	T                   *testing.T
	Dir                 string
	SB                  *sandbox.Server
	Srv                 *httptest.Server
	CfgPath             string
	Secrets             string
	StateDir            string
	StdinTTY, StdoutTTY bool
}

// New builds a world with its own folders and a sandbox.
func New(t *testing.T) *Env {
	t.Helper()
	mockOnce.Do(keyring.MockInit)
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "BANKCTL_") || k == "BROWSER" {
			t.Setenv(k, "")
		}
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("HOME", dir)
	t.Setenv("NO_COLOR", "1")
	// go-keyring's mock needs no D-Bus, but bankctl looks for a session bus before it asks.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bankctl-test-mock-keyring")
	sb := sandbox.New()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	e := &Env{T: t, Dir: dir, SB: sb, Srv: srv,
		CfgPath:  filepath.Join(dir, "config", "bankctl", "config.yaml"),
		Secrets:  filepath.Join(dir, "data", "bankctl", "secrets.json"),
		StateDir: filepath.Join(dir, "state", "bankctl")}
	// T-Business calls go to the sandbox, never to the bank's default host.
	t.Setenv("BANKCTL_TBUSINESS_URL", srv.URL+"/openapi")
	t.Cleanup(e.ClearKeyring)
	return e
}

// APIURL is the sandbox's iBank API URL.
func (e *Env) APIURL() string { return e.Srv.URL + "/api" }

// Result is what one run printed and its exit code.
type Result struct {
	Out, Err string
	Code     int
}

// Run executes bankctl in-process with stdin and returns what it printed and its exit code.
func (e *Env) Run(stdin string, args ...string) Result {
	e.T.Helper()
	return e.RunWith(strings.NewReader(stdin), nil, args...)
}

// RunWith runs bankctl with a browser function and a stdin reader of the test's choosing.
func (e *Env) RunWith(stdin io.Reader, browse func(string) error, args ...string) Result {
	e.T.Helper()
	ios, _, out, errOut := iostreams.Test()
	if stdin != nil {
		ios.In = stdin
	}
	ios.SetStdinTTY(e.StdinTTY)
	ios.SetStdoutTTY(e.StdoutTTY)
	ios.SetStderrTTY(e.StdinTTY)
	f := cmdutil.New(ios)
	f.Browser = browse
	code := cmd.Run(context.Background(), f, args)
	return Result{Out: out.String(), Err: errOut.String(), Code: code}
}

// MustRun is Run that fails the test on a non-zero exit.
func (e *Env) MustRun(stdin string, args ...string) Result {
	e.T.Helper()
	r := e.Run(stdin, args...)
	if r.Code != 0 {
		e.T.Fatalf("bankctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.Code, r.Out, r.Err)
	}
	return r
}

// Login stores the demo iBank token for profile through the real login path.
func (e *Env) Login(profile string) {
	e.T.Helper()
	e.MustRun(sandbox.DemoToken+"\n", "-p", profile, "login", "--url", e.APIURL(), "--with-token")
}

// StoredToken is the iBank token in the (mock) keyring.
func (e *Env) StoredToken(profile string) (string, error) {
	return keyring.Get(keystore.Service, profile+"/"+keystore.KindIBank)
}

// ClearKeyring forgets what tests stored in the mock keyring.
func (e *Env) ClearKeyring() {
	for _, p := range []string{"default", "acme", "work"} {
		for _, k := range keystore.Kinds {
			keyring.Delete(keystore.Service, p+"/"+k)
		}
	}
}

// FreeRedirectURI is a loopback redirect URI on a port nobody listens on.
func FreeRedirectURI(t *testing.T, host string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return fmt.Sprintf("http://%s:%d/auth/complete", host, port)
}

// TIDEnv points bankctl at the sandbox's T-ID with the demo client.
func (e *Env) TIDEnv(t *testing.T, redirectURI string) {
	t.Setenv("BANKCTL_TID_URL", e.Srv.URL)
	t.Setenv("BANKCTL_TID_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("BANKCTL_TID_CLIENT_SECRET", sandbox.DemoClientSecret)
	t.Setenv("BANKCTL_TID_REDIRECT_URI", redirectURI)
}

// Follow opens a landing address as a browser would (the listener takes the code there).
func Follow(landing string) error {
	resp, err := http.Get(landing)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// Approver is the test's browser: it presses Продолжить (or Отмена) on the sandbox consent page
// and goes back to the redirect URI.
func Approver(t *testing.T, allow bool, opened chan<- string) func(string) error {
	return func(u string) error {
		if opened != nil {
			opened <- u
		}
		go func() {
			landing, err := sandbox.Approve(context.Background(), u, allow)
			if err == nil {
				err = Follow(landing)
			}
			if err != nil {
				t.Errorf("browser: %v", err)
			}
		}()
		return nil
	}
}

// TIDLogin signs in through the sandbox's consent page.
func (e *Env) TIDLogin(t *testing.T, args ...string) Result {
	t.Helper()
	r := e.RunWith(nil, Approver(t, true, nil), append([]string{"tid", "login"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("tid login: exit %d\n%s", r.Code, r.Err)
	}
	return r
}

// StoredTID is the profile's stored T-ID token pair.
func StoredTID(t *testing.T, profile string) tid.Token {
	t.Helper()
	raw, err := keyring.Get(keystore.Service, profile+"/tid")
	if err != nil {
		t.Fatalf("no stored T-ID tokens: %v", err)
	}
	var tok tid.Token
	json.Unmarshal([]byte(raw), &tok)
	return tok
}

// Bank serves one handler as the iBank API and points bankctl at it with the demo token.
func (e *Env) Bank(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Setenv("BANKCTL_IBANK_URL", srv.URL+"/api")
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.DemoToken)
	return srv
}

// TBusinessEnv points bankctl at the sandbox's T-Business with its self-service token in the
// environment and the demo company's main account.
func (e *Env) TBusinessEnv(t *testing.T) {
	t.Setenv("BANKCTL_TBUSINESS_TOKEN", sandbox.TBusinessToken)
	t.Setenv("BANKCTL_TBUSINESS_ACCOUNT", sandbox.MainAccount)
}

// Lines splits output into its lines, without the last empty one.
func Lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
