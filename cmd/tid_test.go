package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/tid"
)

func freeRedirectURI(t *testing.T, host string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return fmt.Sprintf("http://%s:%d/auth/complete", host, port)
}

// tidEnv points bankctl at the sandbox's T-ID with the demo client.
func (e *testEnv) tidEnv(t *testing.T, redirectURI string) {
	t.Setenv("BANKCTL_TID_URL", e.srv.URL)
	t.Setenv("BANKCTL_TID_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("BANKCTL_TID_CLIENT_SECRET", sandbox.DemoClientSecret)
	t.Setenv("BANKCTL_TID_REDIRECT_URI", redirectURI)
}

// runWith runs bankctl with a browser function and a stdin reader of the test's choosing.
func (e *testEnv) runWith(stdin io.Reader, browse func(string) error, args ...string) result {
	e.t.Helper()
	ios, _, out, errOut := iostreams.Test()
	if stdin != nil {
		ios.In = stdin
	}
	ios.SetStdinTTY(e.stdinTTY)
	ios.SetStderrTTY(e.stdinTTY)
	f := NewFactory(ios)
	f.Browser = browse
	code := Run(context.Background(), f, args)
	return result{out: out.String(), err: errOut.String(), code: code}
}

// approver is the test's browser: it presses Продолжить (or Отмена) on the sandbox consent page.
func approver(t *testing.T, allow bool, opened chan<- string) func(string) error {
	return func(u string) error {
		if opened != nil {
			opened <- u
		}
		go func() {
			if _, err := sandbox.Approve(context.Background(), u, allow); err != nil {
				t.Errorf("browser: %v", err)
			}
		}()
		return nil
	}
}

func (e *testEnv) tidLogin(t *testing.T, args ...string) result {
	t.Helper()
	r := e.runWith(nil, approver(t, true, nil), append([]string{"tid", "login"}, args...)...)
	if r.code != 0 {
		t.Fatalf("tid login: exit %d\n%s", r.code, r.err)
	}
	return r
}

func storedTID(t *testing.T, profile string) tid.Token {
	t.Helper()
	raw, err := keyring.Get(keystore.Service, profile+"/tid")
	if err != nil {
		t.Fatalf("no stored T-ID tokens: %v", err)
	}
	var tok tid.Token
	json.Unmarshal([]byte(raw), &tok)
	return tok
}

func TestTIDLoginListener(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	opened := make(chan string, 1)
	r := e.runWith(nil, approver(t, true, opened), "tid", "login", "--inn", "9999980892", "--kpp", "999991001")
	wantCode(t, r, 0)
	authURL := <-opened
	wantContains(t, "stderr", r.err, "Open this URL in a browser", authURL, "Signed in to T-ID as "+sandbox.DemoSubject,
		"opensme/inn/[9999980892]/kpp/[999991001]/payments/draft/create", "valid until")
	if r.out != "" {
		t.Errorf("login wrote to stdout: %q", r.out)
	}
	u, _ := url.Parse(authURL)
	if sp := u.Query().Get("scope_parameters"); sp != `{"inn":"9999980892","kpp":"999991001"}` {
		t.Errorf("scope_parameters %q", sp)
	}
	tok := storedTID(t, "default")
	if !strings.HasPrefix(tok.AccessToken, "t.") || !strings.HasPrefix(tok.RefreshToken, "r.") || tok.Expiry.Before(time.Now().Add(29*time.Minute)) {
		t.Fatalf("stored %+v", tok)
	}
	raw, _ := keyring.Get(keystore.Service, "default/tid")
	wantNotContains(t, "stored item", raw, "id_token", "eyJ")
	// PKCE: the verifier reached the token call and matched the challenge (the sandbox checks).
	reqs := e.sb.RequestsTo("/auth/token")
	if len(reqs) != 1 || reqs[0].Form["code_verifier"] == nil || reqs[0].Form["redirect_uri"][0] != os.Getenv("BANKCTL_TID_REDIRECT_URI") {
		t.Fatalf("token request %+v", reqs)
	}
	if !strings.HasPrefix(reqs[0].Header["Authorization"][0], "Basic ") {
		t.Fatal("no Basic client authentication")
	}
	// --inn/--kpp given on the command line are saved for the profile.
	cfg, _ := os.ReadFile(e.cfgPath)
	wantContains(t, "config", string(cfg), `inn: "9999980892"`)
	wantNotContains(t, "config", string(cfg), sandbox.DemoClientSecret, tok.AccessToken)

	r = e.mustRun("", "tid", "token")
	if r.out != tok.AccessToken+"\n" {
		t.Fatalf("tid token %q", r.out)
	}
	if e.sb.Refreshes() != 0 {
		t.Fatal("a fresh token was refreshed")
	}
}

func TestTIDLoginDenied(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "localhost"))
	start := time.Now()
	r := e.runWith(nil, approver(t, false, nil), "tid", "login")
	wantCode(t, r, ExitUsage)
	wantContains(t, "error", oneErrorLine(t, r), "cancelled in the browser", "access_denied", "Пользователь отменил вход")
	wantNotContains(t, "stderr", r.err, "--help")
	if time.Since(start) > 5*time.Second {
		t.Fatal("access_denied did not end the login at once")
	}
	if _, err := keyring.Get(keystore.Service, "default/tid"); err == nil {
		t.Fatal("tokens stored after a denied login")
	}
}

func TestTIDLoginForgedCallbackIgnored(t *testing.T) {
	e := newTestEnv(t)
	redirect := freeRedirectURI(t, "127.0.0.1")
	e.tidEnv(t, redirect)
	browse := func(u string) error {
		go func() {
			// An attacker's page sends the browser to the listener with its own code first.
			resp, err := http.Get(redirect + "?state=forged&code=c.attacker")
			if err != nil {
				t.Errorf("forged callback: %v", err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || !strings.Contains(string(body), "keeps waiting") {
				t.Errorf("forged callback answered %d %s", resp.StatusCode, body)
			}
			sandbox.Approve(context.Background(), u, true)
		}()
		return nil
	}
	r := e.runWith(nil, browse, "tid", "login")
	wantCode(t, r, 0)
	for _, req := range e.sb.RequestsTo("/auth/token") {
		if req.Form["code"][0] == "c.attacker" {
			t.Fatal("the forged code was exchanged")
		}
	}
}

func TestTIDLoginManualPaste(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, "https://partner.example/auth/complete")
	pr, pw := io.Pipe()
	browse := func(u string) error {
		go func() {
			landing, err := sandbox.Approve(context.Background(), u, true)
			if err != nil {
				t.Errorf("approve: %v", err)
			}
			fmt.Fprintln(pw, "not a url at all")
			other, _ := url.Parse(landing)
			q := other.Query()
			q.Set("state", "x"+q.Get("state")) // from another login
			other.RawQuery = q.Encode()
			fmt.Fprintln(pw, other.String())
			fmt.Fprintln(pw, landing)
		}()
		return nil
	}
	e.stdinTTY = true
	r := e.runWith(pr, browse, "tid", "login")
	wantCode(t, r, 0)
	wantContains(t, "stderr", r.err, "paste the address the browser landed on", "neither the address", "from another login", "Signed in to T-ID")
	reqs := e.sb.RequestsTo("/auth/token")
	if len(reqs) != 1 || reqs[0].Form["redirect_uri"][0] != "https://partner.example/auth/complete" {
		t.Fatalf("token request %+v", reqs)
	}
	if reqs[0].Form["code_verifier"] != nil {
		t.Fatal("--pkce auto used PKCE with an https partner redirect URI")
	}
}

func TestTIDLoginManualFromPipeFailsOnBadPaste(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, "https://partner.example/cb")
	r := e.runWith(strings.NewReader("https://partner.example/cb?state=nope&code=c.x\n"), func(string) error { return nil }, "tid", "login", "--no-browser")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "another login")
}

func TestTIDLoginPKCEModes(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.tidLogin(t, "--pkce", "off")
	if reqs := e.sb.RequestsTo("/auth/token"); reqs[0].Form["code_verifier"] != nil {
		t.Fatal("--pkce off sent a verifier with a loopback redirect URI")
	}
	// --pkce on with an https partner URI (manual mode), where auto would leave it out.
	e.sb.Reset()
	t.Setenv("BANKCTL_TID_REDIRECT_URI", "https://partner.example/cb")
	pr, pw := io.Pipe()
	opened := make(chan string, 1)
	browse := func(u string) error {
		opened <- u
		go func() {
			landing, err := sandbox.Approve(context.Background(), u, true)
			if err != nil {
				t.Errorf("approve: %v", err)
			}
			fmt.Fprintln(pw, landing)
		}()
		return nil
	}
	r := e.runWith(pr, browse, "tid", "login", "--pkce", "on")
	wantCode(t, r, 0)
	if u, _ := url.Parse(<-opened); u.Query().Get("code_challenge_method") != "S256" {
		t.Fatalf("no S256 challenge in %s", u)
	}
	if reqs := e.sb.RequestsTo("/auth/token"); len(reqs) != 1 || reqs[0].Form["code_verifier"] == nil {
		t.Fatalf("--pkce on sent no verifier: %+v", reqs)
	}
	r = e.run("", "tid", "login", "--pkce", "maybe")
	wantCode(t, r, ExitUsage)
}

func TestTIDLoginBusyPortAndTimeout(t *testing.T) {
	e := newTestEnv(t)
	redirect := freeRedirectURI(t, "127.0.0.1")
	e.tidEnv(t, redirect)
	u, _ := url.Parse(redirect)
	busy, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	r := e.runWith(nil, func(string) error { return nil }, "tid", "login")
	busy.Close()
	wantCode(t, r, ExitError)
	line := oneErrorLine(t, r)
	wantContains(t, "error", line, "already in use", "another `bankctl tid login`")
	if strings.Count(line, "in use") != 1 {
		t.Errorf("repeated error: %s", line)
	}
	r = e.runWith(nil, func(string) error { return nil }, "tid", "login", "--timeout", "300ms")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "no sign-in within 300ms")
	// The port is free again after the timeout.
	if l, err := net.Listen("tcp", u.Host); err != nil {
		t.Fatalf("port not released: %v", err)
	} else {
		l.Close()
	}
}

func TestTIDLoginBadInput(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--kpp", "999991001"}, "--kpp needs --inn"},
		{[]string{"--inn", "12"}, "invalid INN"},
		{[]string{"--inn", "9999980892", "--kpp", "1"}, "invalid KPP"},
		{[]string{"--redirect-uri", "http://partner.example/cb"}, "invalid redirect URI"},
	} {
		r := e.run("", append([]string{"tid", "login"}, c.args...)...)
		wantCode(t, r, ExitUsage)
		wantContains(t, "error", oneErrorLine(t, r), c.want)
	}
	t.Setenv("BANKCTL_TID_CLIENT_SECRET", "")
	r := e.run("", "tid", "login")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "no T-ID client secret", "BANKCTL_TID_CLIENT_SECRET")
}

func TestTIDClientSecretPromptedAndStored(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, "https://partner.example/cb")
	t.Setenv("BANKCTL_TID_CLIENT_SECRET", "")
	pr, pw := io.Pipe()
	browse := func(u string) error {
		go func() {
			landing, _ := sandbox.Approve(context.Background(), u, true)
			fmt.Fprintln(pw, landing)
		}()
		return nil
	}
	go fmt.Fprintln(pw, sandbox.DemoClientSecret)
	e.stdinTTY = true
	r := e.runWith(pr, browse, "tid", "login")
	wantCode(t, r, 0)
	wantContains(t, "stderr", r.err, "T-ID client secret (input is hidden)")
	wantNotContains(t, "stderr", r.err, sandbox.DemoClientSecret)
	if v, _ := keyring.Get(keystore.Service, "default/tid-client-secret"); v != sandbox.DemoClientSecret {
		t.Fatalf("client secret not stored: %q", v)
	}
}

func TestTIDTokenRefreshesAndRotates(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.sb.SetAccessTTL(30 * time.Second) // inside the one-minute margin: the next use refreshes
	e.tidLogin(t)
	old := storedTID(t, "default")
	e.sb.SetAccessTTL(30 * time.Minute)
	r := e.mustRun("", "tid", "token")
	now := storedTID(t, "default")
	if e.sb.Refreshes() != 1 || now.AccessToken == old.AccessToken || now.RefreshToken == old.RefreshToken || r.out != now.AccessToken+"\n" {
		t.Fatalf("refresh: %d refreshes, printed %q, stored %+v", e.sb.Refreshes(), r.out, now)
	}
	e.mustRun("", "tid", "token")
	if e.sb.Refreshes() != 1 {
		t.Fatal("a valid token was refreshed again")
	}
	r = e.mustRun("", "tid", "refresh")
	wantContains(t, "stderr", r.err, "Refreshed")
	if e.sb.Refreshes() != 2 {
		t.Fatal("tid refresh did not refresh")
	}
}

func TestTIDInvalidGrantExits4(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.tidLogin(t)
	tok := storedTID(t, "default")
	// Someone else spends the refresh token (or T-ID killed it): ours is now invalid.
	c := &tid.Client{Base: mustURL(e.srv.URL), ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, HTTP: http.DefaultClient}
	if _, err := c.Refresh(context.Background(), tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	e.sb.ExpireAccessTokens()
	opened := false
	r := e.runWith(nil, func(string) error { opened = true; return nil }, "tid", "refresh")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "invalid_grant", "run `bankctl tid login`")
	if opened {
		t.Fatal("a browser was opened")
	}
	if e.sb.Refreshes() != 1 {
		t.Fatalf("refresh retried: %d", e.sb.Refreshes())
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestTIDIntrospect(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.tidLogin(t, "--inn", "9999980892")
	r := e.mustRun("", "tid", "introspect")
	wantContains(t, "introspect", r.out, "Active\tyes", "Client\tbankctl-sandbox", "Audience\tibsme, companyInfo",
		"Scope\tprofile\n", "Scope\topensme/inn/[9999980892]/kpp/[0]/accounts/read\n", "Expires\t", "(in 29m", "ago)")
	r = e.mustRun("", "tid", "introspect", "-o", "json")
	var raw map[string]any
	if json.Unmarshal([]byte(r.out), &raw) != nil || raw["active"] != true {
		t.Fatalf("json %s", r.out)
	}
	e.mustRun("", "tid", "introspect", "--require-scope", "email", "--require-scope", "opensme/inn/[9999980892]/kpp/[0]/company/read")
	r = e.run("", "tid", "introspect", "--require-scope", "opensme/inn/[1111111111]/kpp/[0]/company/read")
	wantCode(t, r, ExitForbidden)
	wantContains(t, "error", oneErrorLine(t, r), "lacks the required scope opensme/inn/[1111111111]")
	r = e.run("t.not-a-real-token\n", "tid", "introspect", "--token", "-")
	wantCode(t, r, ExitAuth)
	wantContains(t, "introspect", r.out, "Active\tno")
	r = e.run("", "tid", "introspect", "--token", "t.in-argv")
	wantCode(t, r, ExitUsage)
}

func TestTIDUserinfoAndLogout(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.tidLogin(t)
	tok := storedTID(t, "default")
	r := e.mustRun("", "tid", "userinfo", "--jq", ".name")
	if r.out != "Иванова Мария Сергеевна\n" {
		t.Fatalf("userinfo %q", r.out)
	}
	r = e.mustRun("", "tid", "userinfo")
	wantContains(t, "userinfo", r.out, "email\tm.ivanova@severnyveter.ru")
	ui := e.sb.RequestsTo("/userinfo/userinfo")
	if ui[0].Form["client_id"][0] != sandbox.DemoClientID || ui[0].Header["Authorization"][0] != "Bearer "+tok.AccessToken {
		t.Fatalf("userinfo request %+v", ui[0])
	}

	r = e.mustRun("", "status")
	wantContains(t, "status", r.out, "T-ID client\tbankctl-sandbox", "T-ID refresh\tyes", "T-ID check\tok: active")

	r = e.mustRun("", "tid", "logout")
	wantContains(t, "stderr", r.err, "Revoked")
	rev := e.sb.RequestsTo("/auth/revoke")
	if len(rev) != 1 || rev[0].Form["token"][0] != tok.RefreshToken || rev[0].Form["token_type_hint"][0] != "refresh_token" {
		t.Fatalf("revoke %+v", rev)
	}
	r = e.run(tok.AccessToken, "tid", "introspect", "--token", "-")
	wantCode(t, r, ExitAuth) // revoking the refresh token ended the access token too
	r = e.run("", "tid", "token")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "not logged in to T-ID")
	e.mustRun("", "tid", "logout")
}

func TestTIDLogoutKeepsTokensWhenRevokeFails(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.tidLogin(t)
	e.sb.AddFault(sandbox.Fault{Path: "/auth/revoke", Status: 503})
	r := e.run("", "tid", "logout")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "kept", "--no-revoke")
	storedTID(t, "default")
	e.mustRun("", "tid", "logout", "--no-revoke")
	if _, err := keyring.Get(keystore.Service, "default/tid"); err == nil {
		t.Fatal("--no-revoke did not forget")
	}
}

func TestTIDDebugHasNoSecrets(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	e.sb.SetAccessTTL(20 * time.Second)
	r := e.runWith(nil, approver(t, true, nil), "--debug", "tid", "login")
	wantCode(t, r, 0)
	all := r.out + r.err
	first := storedTID(t, "default")
	for _, args := range [][]string{{"tid", "token"}, {"tid", "introspect"}, {"tid", "userinfo"}, {"tid", "refresh"}, {"status"}, {"tid", "logout"}} {
		r := e.run("", append([]string{"--debug"}, args...)...)
		all += r.err
	}
	wantContains(t, "debug", all, "* POST "+e.srv.URL+"/auth/token", "grant_type=refresh_token", "Authorization: Basic [REDACTED]")
	tokenReq := e.sb.RequestsTo("/auth/token")[0]
	secrets := []string{sandbox.DemoClientSecret, tokenReq.Form["code"][0], tokenReq.Form["code_verifier"][0], first.AccessToken, first.RefreshToken}
	for _, req := range e.sb.RequestsTo("/auth/token")[1:] {
		secrets = append(secrets, req.Form["refresh_token"][0])
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatal("a secret to look for is empty")
		}
	}
	wantNotContains(t, "debug output", all, secrets...)
}

// Over SSH the browser runs elsewhere and cannot reach the listener: the user pastes the address
// it landed on into the terminal, and that completes the login while the listener waits.
func TestTIDLoginListenerAcceptsPasteOnTerminal(t *testing.T) {
	e := newTestEnv(t)
	e.tidEnv(t, freeRedirectURI(t, "127.0.0.1"))
	pr, pw := io.Pipe()
	browse := func(u string) error {
		go func() {
			landing, err := sandbox.Consent(context.Background(), u, true)
			if err != nil {
				t.Errorf("consent: %v", err)
			}
			fmt.Fprintln(pw, landing)
		}()
		return nil
	}
	e.stdinTTY = true
	r := e.runWith(pr, browse, "tid", "login")
	wantCode(t, r, 0)
	wantContains(t, "stderr", r.err, "or paste the address it landed on here", "Signed in to T-ID")
	storedTID(t, "default")
}
