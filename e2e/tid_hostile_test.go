package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// hits counts the requests a server that must never be reached received.
type hits struct {
	mu sync.Mutex
	n  []string
}

func (h *hits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.n = append(h.n, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"access_token":"t.minted-elsewhere","refresh_token":"r.minted-elsewhere","token_type":"Bearer","expires_in":1800}`)
}

func (h *hits) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.n...)
}

// A T-ID that misbehaves in front of the sandbox: its token endpoint redirects, pads its answer
// past the debug log's 4 KiB, or sends a long error full of escapes. No credential follows a
// redirect, no token reaches --debug, and the error stays one inert line.
func TestHostileTIDTokenEndpoint(t *testing.T) {
	w := newWorld(t)
	other := &hits{}
	otherSrv := httptest.NewServer(other)
	defer otherSrv.Close()
	target, _ := url.Parse(w.srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	mode := ""
	setMode := func(m string) { mu.Lock(); mode = m; mu.Unlock() }
	proxy.ModifyResponse = func(resp *http.Response) error {
		mu.Lock()
		m := mode
		mu.Unlock()
		if m != "padded" || resp.Request.URL.Path != "/auth/token" || resp.StatusCode != 200 {
			return nil
		}
		body, _ := io.ReadAll(resp.Body)
		padded := append([]byte(`{"padding":"`+strings.Repeat("x", 6000)+`",`), bytes.TrimPrefix(bytes.TrimSpace(body), []byte("{"))...)
		resp.Body = io.NopCloser(bytes.NewReader(padded))
		resp.ContentLength = int64(len(padded))
		resp.Header.Set("Content-Length", strconv.Itoa(len(padded)))
		return nil
	}
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		m := mode
		mu.Unlock()
		if r.URL.Path == "/auth/token" {
			switch m {
			case "elsewhere":
				http.Redirect(rw, r, otherSrv.URL+"/auth/token", http.StatusTemporaryRedirect)
				return
			case "same-origin":
				http.Redirect(rw, r, "/auth/token-moved", http.StatusPermanentRedirect)
				return
			case "long-error":
				rw.Header().Set("Content-Type", "application/json")
				rw.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(rw, `{"error":"invalid_grant","error_description":%s}`,
					jsonString("\x1b]0;pwned\x07\x1b[2J"+strings.Repeat("очень длинное описание ", 400)+"\n\nbankctl: forged line"))
				return
			}
		}
		proxy.ServeHTTP(rw, r)
	}))
	defer front.Close()

	env := append(w.tidEnv(t, freeRedirect(t)), "BANKCTL_TID_URL="+front.URL, "BANKCTL_BROWSER="+binary+" sandbox approve")
	w.mustRun(env, "", "tid", "login")
	secrets := filepath.Join(w.dir, "data", "bankctl", "secrets.json")
	stored, err := os.ReadFile(secrets)
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ mode, want string }{
		{"elsewhere", "refusing a redirect from " + front.URL},
		{"same-origin", "only GET requests follow redirects"},
	} {
		setMode(tc.mode)
		r := w.run(env, "", "tid", "refresh")
		if r.code == 0 {
			t.Fatalf("%s: a redirected token request succeeded", tc.mode)
		}
		contains(t, tc.mode, r.err, tc.want)
		if tc.mode == "elsewhere" {
			contains(t, tc.mode, r.err, otherSrv.URL+"/auth/token")
		}
		if got := other.got(); len(got) != 0 {
			t.Fatalf("%s: the other host was sent %q", tc.mode, got)
		}
		if n := len(w.sb.RequestsTo("/auth/token-moved")); n != 0 {
			t.Fatalf("%s: the refresh token was sent again after a redirect", tc.mode)
		}
		if now, _ := os.ReadFile(secrets); !bytes.Equal(now, stored) {
			t.Fatalf("%s: the stored tokens changed", tc.mode)
		}
		notContains(t, tc.mode, r.err, "minted-elsewhere")
	}

	// A token answer past 4 KiB, its tokens after the cut: --debug shows it cut, with no token.
	setMode("padded")
	before := len(w.sb.Minted())
	r := w.mustRun(append(env, "BANKCTL_DEBUG=1"), "", "tid", "refresh")
	minted := w.sb.Minted()[before:]
	if len(minted) == 0 {
		t.Fatal("the refresh minted nothing: the test would prove nothing")
	}
	contains(t, "debug", r.err, "POST "+front.URL+"/auth/token", "(body cut)")
	notContains(t, "debug", r.err, minted...)

	// A long error full of escapes and line breaks: one clipped, inert line.
	setMode("long-error")
	r = w.run(env, "", "tid", "refresh")
	if r.code == 0 {
		t.Fatal("invalid_grant succeeded")
	}
	first := errorLine(t, r.err)
	if len([]rune(first)) > 400 || strings.ContainsAny(r.err, "\x1b\x07") {
		t.Fatalf("error not one clipped inert line:\n%s", r.err)
	}
	contains(t, "long error", first, "^[]0;pwned^G", "…")
	for _, l := range strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")[1:] {
		if strings.HasPrefix(l, "bankctl:") {
			t.Fatalf("the server forged a line of its own:\n%s", r.err)
		}
	}
}

// The T-ID URL takes no user name, query or fragment, and does not repeat one in its error.
func TestTIDURLWithCredentialsIsRefused(t *testing.T) {
	w := newWorld(t)
	for _, u := range []string{"https://partner:s3cret-pass@id.tbank.ru", "https://id.tbank.ru/?access_token=s3cret-pass", "https://id.tbank.ru/#s3cret-pass", "ftp://partner:s3cret-pass@id.tbank.ru"} {
		env := append(w.tidEnv(t, freeRedirect(t)), "BANKCTL_TID_URL="+u)
		r := w.run(env, "", "tid", "login", "--no-browser")
		if r.code != 2 {
			t.Fatalf("%s: exit %d\n%s", u, r.code, r.err)
		}
		contains(t, u, r.err, "invalid T-ID URL")
		notContains(t, u, r.err, "s3cret-pass")
	}
}

// The browser gets none of bankctl's secrets in its environment, and an error description the
// redirect brings back is clipped and shown inert.
func TestBrowserEnvAndCallbackError(t *testing.T) {
	w := newWorld(t)
	redirect := freeRedirect(t)
	opened := filepath.Join(w.dir, "opened-url")
	envDump := filepath.Join(w.dir, "browser-env")
	script := filepath.Join(w.dir, "browser.sh")
	os.WriteFile(script, []byte("#!/bin/sh\nenv > "+envDump+"\nprintf '%s' \"$1\" > "+opened+".tmp && mv "+opened+".tmp "+opened+"\n"), 0o700)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER="+script,
		"BANKCTL_IBANK_TOKEN="+sandbox.DemoToken, "BANKCTL_TBUSINESS_TOKEN="+sandbox.TBusinessToken)
	c := exec.Command(binary, "tid", "login")
	c.Env = append(append([]string(nil), w.env...), env...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	authorize := authorizeOf(t, waitFile(t, opened))
	q := url.Values{"state": {authorize.Query().Get("state")}, "error": {"access_denied"},
		"error_description": {"\x1b]52;c;cHduZWQ=\x07\u202e" + strings.Repeat("описание ", 500) + "\r\nbankctl: forged"}}
	if err := followQuiet(redirect + "?" + q.Encode()); err != nil {
		t.Fatal(err)
	}
	code := exitCode(t, c)
	if code == 0 {
		t.Fatal("a denied login succeeded")
	}
	out := stderr.String()
	first := errorLine(t, out)
	if len([]rune(first)) > 400 || strings.ContainsAny(out, "\x1b\x07\r") || strings.Contains(out, "\u202e") {
		t.Fatalf("callback error not clipped and inert:\n%q", out)
	}
	contains(t, "callback error", first, "access_denied", "^[]52;c;")
	dump, err := os.ReadFile(envDump)
	if err != nil {
		t.Fatal(err)
	}
	notContains(t, "browser environment", string(dump), sandbox.DemoClientSecret, sandbox.DemoToken, sandbox.TBusinessToken)
	contains(t, "browser environment", string(dump), "HOME=")
}

func followQuiet(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// errorLine is the one "bankctl:" line of stderr.
func errorLine(t *testing.T, stderr string) string {
	t.Helper()
	var found []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "bankctl: ") {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(found), stderr)
	}
	return found[0]
}

// With no browser command set, the system opener (xdg-open here) and the browser it starts
// inherit bankctl's environment: the secrets are taken out of it first, and the login still
// uses them.
func TestSystemOpenerGetsNoSecrets(t *testing.T) {
	w := newWorld(t)
	bin := filepath.Join(w.dir, "bin")
	os.Mkdir(bin, 0o700)
	opened := filepath.Join(w.dir, "opened-url")
	envDump := filepath.Join(w.dir, "opener-env")
	os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nenv > "+envDump+"\nprintf '%s' \"$1\" > "+opened+".tmp && mv "+opened+".tmp "+opened+"\n"), 0o700)
	redirect := freeRedirect(t)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER=", "BROWSER=", "PATH="+bin+":"+os.Getenv("PATH"),
		"BANKCTL_IBANK_TOKEN="+sandbox.DemoToken, "BANKCTL_TBUSINESS_TOKEN="+sandbox.TBusinessToken)
	c := exec.Command(binary, "tid", "login")
	c.Env = append(append([]string(nil), w.env...), env...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	landing, err := sandbox.Approve(context.Background(), waitFile(t, opened), true)
	if err != nil {
		t.Fatal(err)
	}
	followQuiet(landing)
	if code := exitCode(t, c); code != 0 {
		t.Fatalf("exit %d: the login lost its client secret?\n%s", code, stderr.String())
	}
	dump, err := os.ReadFile(envDump)
	if err != nil {
		t.Fatal(err)
	}
	notContains(t, "opener environment", string(dump), sandbox.DemoClientSecret, sandbox.DemoToken, sandbox.TBusinessToken)
	contains(t, "opener environment", string(dump), "BANKCTL_TID_CLIENT_ID="+sandbox.DemoClientID)
}
