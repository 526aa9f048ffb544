package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func freeRedirect(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprintf("http://127.0.0.1:%d/auth/complete", l.Addr().(*net.TCPAddr).Port)
}

// tidEnv points bankctl at the sandbox's T-ID, and keeps secrets in this world's 0600 file
// (the keyring is covered by the iBank tests; here processes must share one store).
func (w *world) tidEnv(t *testing.T, redirect string) []string {
	return []string{
		"BANKCTL_TID_URL=" + w.srv.URL, "BANKCTL_TID_CLIENT_ID=" + sandbox.DemoClientID,
		"BANKCTL_TID_CLIENT_SECRET=" + sandbox.DemoClientSecret, "BANKCTL_TID_REDIRECT_URI=" + redirect,
		"BANKCTL_KEYRING=file",
	}
}

// browserRecorder is a BANKCTL_BROWSER command that writes the URL it is given to a file.
func (w *world) browserRecorder(t *testing.T) (cmd, file string) {
	file = filepath.Join(w.dir, "opened-url")
	script := filepath.Join(w.dir, "browser.sh")
	os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s' \"$1\" > "+file+".tmp && mv "+file+".tmp "+file+"\n"), 0o700)
	return script, file
}

// authorizeOf follows bankctl's one-time start page (what the browser is opened at) to the
// authorize URL it leads to, as a browser would, without going further.
func authorizeOf(t *testing.T, start string) *url.URL {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.Contains(u.Path, "/auth/authorize") {
		t.Fatalf("the start page %s answered %s, Location %q", start, resp.Status, resp.Header.Get("Location"))
	}
	return u
}

func waitFile(t *testing.T, path string) string {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return string(data)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the browser command was not run (no %s)", path)
	return ""
}

func chromiumPath(t *testing.T) string {
	if testing.Short() {
		t.Skip("-short: the real-browser tests run in the full pass (.ci/run runs them once)")
	}
	for _, name := range []string{os.Getenv("BANKCTL_TEST_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium here (apt-get install chromium, as .ci/run does): the real-browser login tests need it"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// pressInChromium opens url in headless Chromium, presses the button, and returns the text and
// address of the page the browser ends on (bankctl's listener page).
func pressInChromium(t *testing.T, url, button string) (text, location string) {
	exe := chromiumPath(t)
	// Not t.TempDir: Chromium's helpers may still write to the profile for a moment after the
	// browser is stopped, and a failed cleanup must not fail the test.
	profile, err := os.MkdirTemp("", "bankctl-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var consent string
	err = chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible("#allow", chromedp.ByQuery),
		chromedp.Text("body", &consent, chromedp.ByQuery),
		chromedp.Click(button, chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Location(&location),
		chromedp.Text("body", &text, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if !strings.Contains(consent, "Продолжить") || !strings.Contains(consent, sandbox.DemoClientID) {
		t.Fatalf("consent page: %q", consent)
	}
	return text, location
}

// lockedBuffer is written by exec's copying goroutine while the test polls it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startLogin(t *testing.T, w *world, env []string, args ...string) (*exec.Cmd, *lockedBuffer, *lockedBuffer) {
	c := exec.Command(binary, append([]string{"tid", "login"}, args...)...)
	c.Env = append(append([]string(nil), w.env...), env...)
	var out, errb lockedBuffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c, &out, &errb
}

func exitCode(t *testing.T, c *exec.Cmd) int {
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(60 * time.Second):
		c.Process.Kill()
		t.Fatal("bankctl tid login did not finish")
	}
	return -1
}

func TestTIDLoginInChromium(t *testing.T) {
	chromiumPath(t)
	w := newWorld(t)
	redirect := freeRedirect(t)
	browser, opened := w.browserRecorder(t)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER="+browser)
	c, out, errb := startLogin(t, w, env, "--inn", "7704521838", "--kpp", "770401001")
	url := waitFile(t, opened)
	text, location := pressInChromium(t, url, "#allow")
	if code := exitCode(t, c); code != 0 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	if !strings.HasPrefix(location, redirect) || !strings.Contains(text, "Вход выполнен") || !strings.Contains(text, "Signed in") {
		t.Fatalf("landing page %s: %q", location, text)
	}
	tokenReq := w.sb.RequestsTo("/auth/token")
	if len(tokenReq) != 1 {
		t.Fatalf("%d token requests", len(tokenReq))
	}
	code := tokenReq[0].Form["code"][0]
	if strings.Contains(text, code) {
		t.Fatal("the landing page shows the code")
	}
	contains(t, "stderr", errb.String(), url, "Signed in to T-ID as "+sandbox.DemoSubject, "opensme/inn/[7704521838]/kpp/[770401001]")
	if out.String() != "" {
		t.Fatalf("stdout is not clean: %q", out.String())
	}
	r := w.mustRun(env, "", "tid", "introspect", "--require-scope", "opensme/inn/[7704521838]/kpp/[770401001]/payments/draft/create")
	contains(t, "introspect", r.out, "Active\tyes")
}

func TestTIDLoginCancelledInChromium(t *testing.T) {
	chromiumPath(t)
	w := newWorld(t)
	redirect := freeRedirect(t)
	browser, opened := w.browserRecorder(t)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER="+browser)
	c, _, errb := startLogin(t, w, env)
	text, _ := pressInChromium(t, waitFile(t, opened), "#deny")
	if code := exitCode(t, c); code != 2 {
		t.Fatalf("exit %d, want 2\n%s", code, errb.String())
	}
	contains(t, "stderr", errb.String(), "cancelled in the browser")
	contains(t, "page", text, "Вход не выполнен")
	if _, err := os.Stat(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); err == nil {
		data, _ := os.ReadFile(filepath.Join(w.dir, "data", "bankctl", "secrets.json"))
		if strings.Contains(string(data), "default/tid\"") {
			t.Fatal("tokens stored after Отмена")
		}
	}
}

// login signs in through the sandbox's scripted consent (bankctl sandbox approve as the browser).
func (w *world) login(t *testing.T, env []string) {
	w.mustRun(append(env, "BANKCTL_BROWSER="+binary+" sandbox approve"), "", "tid", "login")
}

func TestTIDTokenStampedeRefreshesOnce(t *testing.T) {
	for _, n := range []int{10, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) { stampede(t, n) })
	}
}

// The same against the real Secret Service: the keyring item is never torn or stale.
func TestTIDTokenStampedeWithSecretService(t *testing.T) {
	requireKeyring(t)
	w := newWorld(t)
	profile := "stampede-keyring"
	env := []string{"BANKCTL_TID_URL=" + w.srv.URL, "BANKCTL_TID_CLIENT_ID=" + sandbox.DemoClientID,
		"BANKCTL_TID_CLIENT_SECRET=" + sandbox.DemoClientSecret, "BANKCTL_TID_REDIRECT_URI=" + freeRedirect(t),
		"BANKCTL_PROFILE=" + profile}
	t.Cleanup(func() { keyring.Delete("bankctl", profile+"/tid") })
	w.sb.SetAccessTTL(30 * time.Second)
	w.login(t, env)
	w.sb.SetAccessTTL(30 * time.Minute)
	results := w.runConcurrently(20, env, "tid", "token")
	for i, r := range results {
		if r.code != 0 || r.out != results[0].out {
			t.Errorf("process %d: exit %d out %q\n%s", i, r.code, r.out, r.err)
		}
	}
	if got := w.sb.Refreshes(); got != 1 {
		t.Fatalf("%d refreshes, want 1", got)
	}
	raw, err := keyring.Get("bankctl", profile+"/tid")
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err != nil || json.Unmarshal([]byte(raw), &tok) != nil || tok.AccessToken+"\n" != results[0].out || tok.RefreshToken == "" {
		t.Fatalf("keyring item %q, %v", raw, err)
	}
}

// A second `tid login` while one is waiting: one clear line, and the first is unharmed.
func TestSecondConcurrentTIDLogin(t *testing.T) {
	w := newWorld(t)
	redirect := freeRedirect(t)
	browser, opened := w.browserRecorder(t)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER="+browser)
	first, _, firstErr := startLogin(t, w, env)
	url := waitFile(t, opened)
	r := w.run(env, "", "tid", "login")
	if r.code != 1 || strings.Count(r.err, "bankctl:") != 1 || !strings.Contains(r.err, "another `bankctl tid login` running?") {
		t.Fatalf("second login: exit %d\n%s", r.code, r.err)
	}
	landing, err := sandbox.Approve(context.Background(), url, true)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(landing); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if code := exitCode(t, first); code != 0 {
		t.Fatalf("first login: exit %d\n%s", code, firstErr.String())
	}
}

// stampede starts n `tid token` processes at once on an expiring token: exactly one refresh,
// all succeed with the same new token, and the stored file is whole.
func stampede(t *testing.T, n int) {
	w := newWorld(t)
	env := w.tidEnv(t, freeRedirect(t))
	w.sb.SetAccessTTL(30 * time.Second) // expiring within the minute: every use must refresh
	w.login(t, env)
	w.sb.SetAccessTTL(30 * time.Minute)
	results := w.runConcurrently(n, env, "tid", "token")
	first := results[0].out
	for i, r := range results {
		if r.code != 0 || r.out != first || !strings.HasPrefix(r.out, "t.") {
			t.Errorf("process %d: exit %d out %q err %s", i, r.code, r.out, r.err)
		}
	}
	if got := w.sb.Refreshes(); got != 1 {
		t.Fatalf("%d refreshes for %d concurrent processes, want exactly 1", got, n)
	}
	// The stored pair is the new one, and it is whole.
	data, _ := os.ReadFile(filepath.Join(w.dir, "data", "bankctl", "secrets.json"))
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("secrets file torn: %v", err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal([]byte(m["default/tid"]), &tok)
	if tok.AccessToken+"\n" != first {
		t.Fatal("the printed token is not the stored one")
	}
}

func TestTIDInvalidGrantNeverOpensBrowser(t *testing.T) {
	w := newWorld(t)
	env := w.tidEnv(t, freeRedirect(t))
	w.sb.SetAccessTTL(30 * time.Second)
	w.login(t, env)
	w.mustRun(env, "", "tid", "logout") // revokes the refresh token at T-ID…
	w.login(t, env)
	w.sb.Reset()
	// …and now make this refresh token unusable behind bankctl's back.
	w.sb.AddFault(sandbox.Fault{Path: "/auth/token", Status: 400, Body: `{"error":"invalid_grant","error_message":"refresh token revoked"}`})
	browser, opened := w.browserRecorder(t)
	r := w.run(append(env, "BANKCTL_BROWSER="+browser), "", "tid", "token")
	if r.code != 4 {
		t.Fatalf("exit %d, want 4\n%s", r.code, r.err)
	}
	contains(t, "stderr", r.err, "invalid_grant", "refresh token revoked", "bankctl tid login")
	if _, err := os.Stat(opened); err == nil {
		t.Fatal("tid token opened a browser")
	}
	if n := len(w.sb.RequestsTo("/auth/token")); n != 1 {
		t.Fatalf("%d token requests: invalid_grant must not be retried", n)
	}
}

func TestTIDLoginInterrupted(t *testing.T) {
	w := newWorld(t)
	redirect := freeRedirect(t)
	env := append(w.tidEnv(t, redirect), "BANKCTL_BROWSER=true")
	c, _, errb := startLogin(t, w, env)
	// Wait until it listens, then press Ctrl-C.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errb.String(), "Waiting for the browser") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, c); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, errb.String())
	}
	addr := strings.TrimPrefix(strings.TrimSuffix(redirect, "/auth/complete"), "http://")
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("port not released after Ctrl-C: %v", err)
	}
	l.Close()
	if _, err := os.Stat(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); err == nil {
		t.Fatal("something was stored by an interrupted login")
	}
}
