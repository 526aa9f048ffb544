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
	r := e.RunWith(nil, cmdtest.Approver(t, true, opened), "tid", "login", "--inn", "9999980892", "--kpp", "999991001")
	cmdtest.WantCode(t, r, 0)
	authURL := <-opened
	cmdtest.WantContains(t, "stderr", r.Err, "Open this URL in a browser", authURL, "Signed in to T-ID as "+sandbox.DemoSubject,
		"opensme/inn/[9999980892]/kpp/[999991001]/payments/draft/create", "valid until")
	if r.Out != "" {
		t.Errorf("login wrote to stdout: %q", r.Out)
	}
	u, _ := url.Parse(authURL)
	if sp := u.Query().Get("scope_parameters"); sp != `{"inn":"9999980892","kpp":"999991001"}` {
		t.Errorf("scope_parameters %q", sp)
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
	cmdtest.WantContains(t, "config", string(cfg), `inn: "9999980892"`)
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
		if req.Form["code"][0] == "c.attacker" {
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
	if reqs[0].Form["code_verifier"] != nil {
		t.Fatal("--pkce auto used PKCE with an https partner redirect URI")
	}
}

func TestTIDLoginManualFromPipeFailsOnBadPaste(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, "https://partner.example/cb")
	r := e.RunWith(strings.NewReader("https://partner.example/cb?state=nope&code=c.x\n"), func(string) error { return nil }, "tid", "login", "--no-browser")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "another login")
}

func TestTIDLoginPKCEModes(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t, "--pkce", "off")
	if reqs := e.SB.RequestsTo("/auth/token"); reqs[0].Form["code_verifier"] != nil {
		t.Fatal("--pkce off sent a verifier with a loopback redirect URI")
	}
	// --pkce on with an https partner URI (manual mode), where auto would leave it out.
	e.SB.Reset()
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
	r := e.RunWith(pr, browse, "tid", "login", "--pkce", "on")
	cmdtest.WantCode(t, r, 0)
	if u, _ := url.Parse(<-opened); u.Query().Get("code_challenge_method") != "S256" {
		t.Fatalf("no S256 challenge in %s", u)
	}
	if reqs := e.SB.RequestsTo("/auth/token"); len(reqs) != 1 || reqs[0].Form["code_verifier"] == nil {
		t.Fatalf("--pkce on sent no verifier: %+v", reqs)
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
		{[]string{"--kpp", "999991001"}, "--kpp needs --inn"},
		{[]string{"--inn", "12"}, "invalid INN"},
		{[]string{"--inn", "9999980892", "--kpp", "1"}, "invalid KPP"},
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
