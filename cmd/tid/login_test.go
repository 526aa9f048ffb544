package tid_test

import (
	"context"
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

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestTIDLoginListener(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	opened := make(chan string, 1)
	r := e.RunWith(nil, cmdtest.Approver(t, true, opened), "tid", "login", "--inn", "7704521838", "--kpp", "770401001")
	cmdtest.WantCode(t, r, 0)
	// The browser was given the one-time start page, whose address carries no state; it led
	// to the authorize URL, which stderr shows for a person to copy.
	startURL := <-opened
	if strings.Contains(startURL, "state") || strings.Contains(startURL, "code_challenge") || !strings.HasPrefix(startURL, "http://127.0.0.1:") {
		t.Fatalf("the browser's argv would hold %s", startURL)
	}
	q, _ := url.ParseQuery(e.SB.RequestsTo("/auth/authorize")[0].Query)
	cmdtest.WantContains(t, "stderr", r.Err, "Open this URL in a browser", "/auth/authorize?", "Signed in to T-ID as "+sandbox.DemoSubject,
		"opensme/inn/[7704521838]/kpp/[770401001]/payments/draft/create", "valid until")
	if r.Out != "" {
		t.Errorf("login wrote to stdout: %q", r.Out)
	}
	if sp := q.Get("scope_parameters"); sp != `{"inn":"7704521838","kpp":"770401001"}` {
		t.Errorf("scope_parameters %q", sp)
	}
	if q.Get("code_challenge_method") != "S256" {
		t.Error("no PKCE")
	}
	tok := cmdtest.StoredTID(t, "default")
	if !strings.HasPrefix(tok.AccessToken, "t.") || !strings.HasPrefix(tok.RefreshToken, "r.") || tok.Expiry.Before(time.Now().Add(29*time.Minute)) {
		t.Fatalf("stored %+v", tok)
	}
	raw, _ := keyring.Get(keystore.Service, "default/tid")
	cmdtest.WantNotContains(t, "stored item", raw, "id_token", "eyJ")
	// PKCE: the verifier reached the token call and matched the challenge (the sandbox checks).
	reqs := e.SB.RequestsTo("/auth/token")
	if len(reqs) != 1 || reqs[0].Form["code_verifier"] == nil || reqs[0].Form["redirect_uri"][0] != os.Getenv("BANKCTL_TID_REDIRECT_URI") {
		t.Fatalf("token request %+v", reqs)
	}
	if !strings.HasPrefix(reqs[0].Header["Authorization"][0], "Basic ") {
		t.Fatal("no Basic client authentication")
	}
	// --inn/--kpp given on the command line are saved for the profile.
	cfg, _ := os.ReadFile(e.CfgPath)
	cmdtest.WantContains(t, "config", string(cfg), `inn: "7704521838"`)
	cmdtest.WantNotContains(t, "config", string(cfg), sandbox.DemoClientSecret, tok.AccessToken)

	r = e.MustRun("", "tid", "token")
	if r.Out != tok.AccessToken+"\n" {
		t.Fatalf("tid token %q", r.Out)
	}
	if e.SB.Refreshes() != 0 {
		t.Fatal("a fresh token was refreshed")
	}
}

func TestTIDLoginDenied(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "localhost"))
	start := time.Now()
	r := e.RunWith(nil, cmdtest.Approver(t, false, nil), "tid", "login")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "cancelled in the browser", "access_denied", "Пользователь отменил вход")
	cmdtest.WantNotContains(t, "stderr", r.Err, "--help")
	if time.Since(start) > 5*time.Second {
		t.Fatal("access_denied did not end the login at once")
	}
	if _, err := keyring.Get(keystore.Service, "default/tid"); err == nil {
		t.Fatal("tokens stored after a denied login")
	}
}

func TestTIDLoginForgedCallbackIgnored(t *testing.T) {
	e := cmdtest.New(t)
	redirect := cmdtest.FreeRedirectURI(t, "127.0.0.1")
	e.TIDEnv(t, redirect)
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
			if landing, err := sandbox.Approve(context.Background(), u, true); err == nil {
				cmdtest.Follow(landing)
			}
		}()
		return nil
	}
	r := e.RunWith(nil, browse, "tid", "login")
	cmdtest.WantCode(t, r, 0)
	for _, req := range e.SB.RequestsTo("/auth/token") {
		if req.Form["code"][0] == sandbox.AuthSeen("c.attacker") {
			t.Fatal("the forged code was exchanged")
		}
	}
}

func TestTIDLoginManualPaste(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, "https://partner.example/auth/complete")
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
	e.StdinTTY = true
	r := e.RunWith(pr, browse, "tid", "login")
	cmdtest.WantCode(t, r, 0)
	cmdtest.WantContains(t, "stderr", r.Err, "paste the address the browser landed on", "neither the address", "from another login", "Signed in to T-ID")
	reqs := e.SB.RequestsTo("/auth/token")
	if len(reqs) != 1 || reqs[0].Form["redirect_uri"][0] != "https://partner.example/auth/complete" {
		t.Fatalf("token request %+v", reqs)
	}
	if reqs[0].Form["code_verifier"] == nil {
		t.Fatal("no PKCE with an https partner redirect URI: it is always used")
	}
}

func TestTIDLoginManualFromPipeFailsOnBadPaste(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, "https://partner.example/cb")
	r := e.RunWith(strings.NewReader("https://partner.example/cb?state=nope&code=c.x\n"), func(string) error { return nil }, "tid", "login", "--no-browser")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "another login")
}

// PKCE (S256) is always used: --pkce on is taken as it was, --pkce off is refused.
func TestTIDLoginPKCEAlways(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	r := e.Run("", "tid", "login", "--pkce", "off")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "PKCE is always used")
	e.TIDLogin(t, "--pkce", "on")
	if reqs := e.SB.RequestsTo("/auth/token"); len(reqs) != 1 || reqs[0].Form["code_verifier"] == nil {
		t.Fatalf("no verifier: %+v", reqs)
	}
	r = e.Run("", "tid", "login", "--pkce", "maybe")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
}

func TestTIDLoginBusyPortAndTimeout(t *testing.T) {
	e := cmdtest.New(t)
	redirect := cmdtest.FreeRedirectURI(t, "127.0.0.1")
	e.TIDEnv(t, redirect)
	u, _ := url.Parse(redirect)
	busy, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	r := e.RunWith(nil, func(string) error { return nil }, "tid", "login")
	busy.Close()
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	line := cmdtest.OneErrorLine(t, r)
	cmdtest.WantContains(t, "error", line, "already in use", "another `bankctl tid login`")
	if strings.Count(line, "in use") != 1 {
		t.Errorf("repeated error: %s", line)
	}
	r = e.RunWith(nil, func(string) error { return nil }, "tid", "login", "--timeout", "300ms")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "no sign-in within 300ms")
	// The port is free again after the timeout.
	if l, err := net.Listen("tcp", u.Host); err != nil {
		t.Fatalf("port not released: %v", err)
	} else {
		l.Close()
	}
}

func TestTIDLoginBadInput(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--kpp", "770401001"}, "--kpp needs --inn"},
		{[]string{"--inn", "12"}, "invalid INN"},
		{[]string{"--inn", "7704521838", "--kpp", "1"}, "invalid KPP"},
		{[]string{"--redirect-uri", "http://partner.example/cb"}, "invalid redirect URI"},
	} {
		r := e.Run("", append([]string{"tid", "login"}, c.args...)...)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), c.want)
	}
	t.Setenv("BANKCTL_TID_CLIENT_SECRET", "")
	r := e.Run("", "tid", "login")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "no T-ID client secret", "BANKCTL_TID_CLIENT_SECRET")
}

func TestTIDClientSecretPromptedAndStored(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, "https://partner.example/cb")
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
	e.StdinTTY = true
	r := e.RunWith(pr, browse, "tid", "login")
	cmdtest.WantCode(t, r, 0)
	cmdtest.WantContains(t, "stderr", r.Err, "T-ID client secret (input is hidden)")
	cmdtest.WantNotContains(t, "stderr", r.Err, sandbox.DemoClientSecret)
	if v, _ := keyring.Get(keystore.Service, "default/tid-client-secret"); v != sandbox.DemoClientSecret {
		t.Fatalf("client secret not stored: %q", v)
	}
}

// Over SSH the browser runs elsewhere and cannot reach the listener: the user pastes the address
// it landed on into the terminal, and that completes the login while the listener waits.
func TestTIDLoginListenerAcceptsPasteOnTerminal(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	pr, pw := io.Pipe()
	browse := func(u string) error {
		go func() {
			landing, err := sandbox.Approve(context.Background(), u, true)
			if err != nil {
				t.Errorf("consent: %v", err)
			}
			fmt.Fprintln(pw, landing)
		}()
		return nil
	}
	e.StdinTTY = true
	r := e.RunWith(pr, browse, "tid", "login")
	cmdtest.WantCode(t, r, 0)
	cmdtest.WantContains(t, "stderr", r.Err, "or paste the address it landed on here", "Signed in to T-ID")
	cmdtest.StoredTID(t, "default")
}

// A login for one company whose granted scopes name another stores nothing (the earlier tokens
// stay), revokes what it got, and exits 5 naming the company the scopes name.
func TestTIDLoginForAnotherCompanyStoresNothing(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t, "--inn", sandbox.CompanyINN, "--kpp", sandbox.CompanyKPP)
	before := cmdtest.StoredTID(t, "default")
	e.SB.Reset()
	e.SB.GrantCompany("7707083893", "773601001") // a code for another company reaches the listener
	r := e.RunWith(nil, cmdtest.Approver(t, true, nil), "tid", "login", "--inn", sandbox.CompanyINN, "--kpp", sandbox.CompanyKPP)
	cmdtest.WantCode(t, r, cmdtest.ExitForbidden)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "name INN 7707083893, KPP 773601001, not INN 7704521838, KPP 770401001", "nothing was stored")
	if after := cmdtest.StoredTID(t, "default"); after.AccessToken != before.AccessToken {
		t.Fatal("the earlier tokens were replaced")
	}
	if n := len(e.SB.RequestsTo("/auth/revoke")); n != 1 {
		t.Fatalf("%d revocations of the tokens not kept", n)
	}
	cfg, _ := os.ReadFile(e.CfgPath)
	cmdtest.WantNotContains(t, "config", string(cfg), "7707083893")
	e.SB.GrantCompany("", "")
}
