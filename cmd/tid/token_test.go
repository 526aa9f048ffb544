package tid_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/tid"
)

func TestTIDTokenRefreshesAndRotates(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.SB.SetAccessTTL(30 * time.Second) // inside the one-minute margin: the next use refreshes
	e.TIDLogin(t)
	old := cmdtest.StoredTID(t, "default")
	e.SB.SetAccessTTL(30 * time.Minute)
	r := e.MustRun("", "tid", "token")
	now := cmdtest.StoredTID(t, "default")
	if e.SB.Refreshes() != 1 || now.AccessToken == old.AccessToken || now.RefreshToken == old.RefreshToken || r.Out != now.AccessToken+"\n" {
		t.Fatalf("refresh: %d refreshes, printed %q, stored %+v", e.SB.Refreshes(), r.Out, now)
	}
	e.MustRun("", "tid", "token")
	if e.SB.Refreshes() != 1 {
		t.Fatal("a valid token was refreshed again")
	}
	r = e.MustRun("", "tid", "refresh")
	cmdtest.WantContains(t, "stderr", r.Err, "Refreshed")
	if e.SB.Refreshes() != 2 {
		t.Fatal("tid refresh did not refresh")
	}
}

func TestTIDInvalidGrantExits4(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t)
	tok := cmdtest.StoredTID(t, "default")
	// Someone else spends the refresh token (or T-ID killed it): ours is now invalid.
	c := tid.NewClient(mustURL(e.Srv.URL), sandbox.DemoClientID, sandbox.DemoClientSecret, "", http.DefaultClient)
	if _, err := c.Refresh(context.Background(), tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	e.SB.ExpireAccessTokens()
	opened := false
	r := e.RunWith(nil, func(string) error { opened = true; return nil }, "tid", "refresh")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "invalid_grant", "run `bankctl tid login`")
	if opened {
		t.Fatal("a browser was opened")
	}
	if e.SB.Refreshes() != 1 {
		t.Fatalf("refresh retried: %d", e.SB.Refreshes())
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestTIDIntrospect(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t, "--inn", "7704521838")
	r := e.MustRun("", "tid", "introspect")
	cmdtest.WantContains(t, "introspect", r.Out, "Active\tyes", "Client\tbankctl-sandbox", "Audience\tibsme, companyInfo",
		"Scope\tprofile\n", "Scope\topensme/inn/[7704521838]/kpp/[0]/bank-accounts/get\n", "Expires\t", "(in 29m", "ago)")
	r = e.MustRun("", "tid", "introspect", "-o", "json")
	var raw map[string]any
	if json.Unmarshal([]byte(r.Out), &raw) != nil || raw["active"] != true {
		t.Fatalf("json %s", r.Out)
	}
	e.MustRun("", "tid", "introspect", "--require-scope", "email", "--require-scope", "opensme/inn/[7704521838]/kpp/[0]/bank-statements/get")
	r = e.Run("", "tid", "introspect", "--require-scope", "opensme/inn/[1111111111]/kpp/[0]/bank-statements/get")
	cmdtest.WantCode(t, r, cmdtest.ExitForbidden)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "lacks the required scope opensme/inn/[1111111111]")
	r = e.Run("t.not-a-real-token\n", "tid", "introspect", "--token", "-")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "introspect", r.Out, "Active\tno")
	r = e.Run("", "tid", "introspect", "--token", "t.in-argv")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
}

func TestTIDUserinfoAndLogout(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t)
	tok := cmdtest.StoredTID(t, "default")
	r := e.MustRun("", "tid", "userinfo", "--jq", ".name")
	if r.Out != "Иванова Мария Сергеевна\n" {
		t.Fatalf("userinfo %q", r.Out)
	}
	r = e.MustRun("", "tid", "userinfo")
	cmdtest.WantContains(t, "userinfo", r.Out, "email\tm.ivanova@severnyveter.ru")
	ui := e.SB.RequestsTo("/userinfo/userinfo")
	if ui[0].Form["client_id"][0] != sandbox.DemoClientID || ui[0].Header["Authorization"][0] != sandbox.AuthSeen("Bearer "+tok.AccessToken) {
		t.Fatalf("userinfo request %+v", ui[0])
	}

	r = e.MustRun("", "status")
	cmdtest.WantContains(t, "status", r.Out, "T-ID client\tbankctl-sandbox", "T-ID refresh\tyes", "T-ID check\tok: active")

	r = e.MustRun("", "tid", "logout")
	cmdtest.WantContains(t, "stderr", r.Err, "Revoked")
	rev := e.SB.RequestsTo("/auth/revoke")
	if len(rev) != 1 || rev[0].Form["token"][0] != sandbox.AuthSeen(tok.RefreshToken) || rev[0].Form["token_type_hint"][0] != "refresh_token" {
		t.Fatalf("revoke %+v", rev)
	}
	r = e.Run(tok.AccessToken, "tid", "introspect", "--token", "-")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth) // revoking the refresh token ended the access token too
	r = e.Run("", "tid", "token")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "not logged in to T-ID")
	e.MustRun("", "tid", "logout")
}

func TestTIDLogoutKeepsTokensWhenRevokeFails(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.TIDLogin(t)
	e.SB.AddFault(sandbox.Fault{Path: "/auth/revoke", Status: 503})
	r := e.Run("", "tid", "logout")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "kept", "--no-revoke")
	cmdtest.StoredTID(t, "default")
	e.MustRun("", "tid", "logout", "--no-revoke")
	if _, err := keyring.Get(keystore.Service, "default/tid"); err == nil {
		t.Fatal("--no-revoke did not forget")
	}
}

func TestTIDDebugHasNoSecrets(t *testing.T) {
	e := cmdtest.New(t)
	e.TIDEnv(t, cmdtest.FreeRedirectURI(t, "127.0.0.1"))
	e.SB.SetAccessTTL(20 * time.Second)
	r := e.RunWith(nil, cmdtest.Approver(t, true, nil), "--debug", "tid", "login")
	cmdtest.WantCode(t, r, 0)
	all := r.Out + r.Err
	first := cmdtest.StoredTID(t, "default")
	for _, args := range [][]string{{"tid", "token"}, {"tid", "introspect"}, {"tid", "userinfo"}, {"tid", "refresh"}, {"status"}, {"tid", "logout"}} {
		r := e.Run("", append([]string{"--debug"}, args...)...)
		all += r.Err
	}
	cmdtest.WantContains(t, "debug", all, "* POST "+e.Srv.URL+"/auth/token", "grant_type=refresh_token", "Authorization: Basic [REDACTED]")
	// Every code, verifier, token and secret the sandbox received, and the first pair minted.
	secrets := append([]string{sandbox.DemoClientSecret, first.AccessToken, first.RefreshToken},
		e.SB.CredentialsSeen("code", "code_verifier", "refresh_token", "token", "client_secret")...)
	if len(secrets) < 8 {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatal("a secret to look for is empty")
		}
	}
	cmdtest.WantNotContains(t, "debug output", all, secrets...)
}
