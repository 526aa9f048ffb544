package sandbox

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func do(t *testing.T, method, url, token, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestTokensAndControlAPI(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	info := srv.URL + "/api/client/info"
	for token, want := range map[string]int{DemoToken: 200, ExpiredToken: 401, IPLimitedToken: 403, "": 401, "other": 401} {
		if code, _, _ := do(t, "GET", info, token, ""); code != want {
			t.Errorf("token %q: %d, want %d", token, code, want)
		}
	}
	// A script asks for two 503s with Retry-After, as the README shows with curl.
	if code, _, _ := do(t, "POST", srv.URL+"/_sandbox/faults", "", `{"path":"/api/client/info","status":503,"times":2,"retry_after":"1"}`); code != 204 {
		t.Fatalf("add fault: %d", code)
	}
	for i := 0; i < 2; i++ {
		code, h, _ := do(t, "GET", info, DemoToken, "")
		if code != 503 || h.Get("Retry-After") != "1" {
			t.Fatalf("fault %d: %d %v", i, code, h)
		}
	}
	if code, _, body := do(t, "GET", info, DemoToken, ""); code != 200 || !strings.Contains(body, "Северный ветер") {
		t.Fatalf("after the faults: %d", code)
	}
	_, _, body := do(t, "GET", srv.URL+"/_sandbox/requests", "", "")
	var reqs []Request
	if err := json.Unmarshal([]byte(body), &reqs); err != nil || len(reqs) != 8 {
		t.Fatalf("requests: %d %v", len(reqs), err)
	}
	// The requests it hands out hold no credential, only enough to tell which one came.
	for _, r := range reqs {
		if r.Path == "/api/client/info" && len(r.Header["Authorization"]) > 0 {
			if got := r.Header["Authorization"][0]; strings.Contains(body, DemoToken) || got != AuthSeen("Bearer "+DemoToken) &&
				got != AuthSeen("Bearer "+ExpiredToken) && got != AuthSeen("Bearer "+IPLimitedToken) && got != AuthSeen("Bearer other") {
				t.Fatalf("recorded Authorization %q", got)
			}
		}
	}
	if code, _, _ := do(t, "POST", srv.URL+"/_sandbox/faults", "", `{"status":500}`); code != 400 {
		t.Fatal("a fault without a path was accepted")
	}
	do(t, "POST", srv.URL+"/_sandbox/reset", "", "")
	if _, _, body := do(t, "GET", srv.URL+"/_sandbox/requests", "", ""); strings.TrimSpace(body) != "[]" {
		t.Fatalf("after reset: %s", body)
	}
}

func TestListenRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", ":0"} {
		if l, err := Listen(addr); err == nil {
			l.Close()
			t.Errorf("%s accepted", addr)
		}
	}
	l, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := Listen(l.Addr().String()); err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Fatalf("busy: %v", err)
	}
}

// A web page cannot drive the sandbox: not through DNS rebinding (its Host is its own name),
// not by a cross-origin POST from the user's browser.
func TestControlEndpointsRefuseOtherOrigins(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	fault := `{"path":"/api/client/info","status":503}`
	for name, set := range map[string]func(*http.Request){
		"rebound host":        func(r *http.Request) { r.Host = "attacker.example:80" },
		"cross-origin POST":   func(r *http.Request) { r.Header.Set("Origin", "https://attacker.example") },
		"other loopback port": func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") },
		"cross-site fetch":    func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") },
	} {
		for _, path := range []string{"/_sandbox/faults", "/_sandbox/requests", "/_sandbox/reset", "/_sandbox/tid", "/_sandbox/tbusiness"} {
			method := "POST"
			if path == "/_sandbox/requests" {
				method = "GET"
			}
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(fault))
			set(req)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "sandbox control endpoints") {
				t.Errorf("%s %s: %d %s", name, path, resp.StatusCode, b)
			}
		}
	}
	if code, _, _ := do(t, "GET", srv.URL+"/api/client/info", DemoToken, ""); code != 200 {
		t.Fatalf("a refused request changed the sandbox: %d", code)
	}
	// Its own origin, and programs that send no Origin (curl, bankctl's tests), are served.
	req, _ := http.NewRequest("POST", srv.URL+"/_sandbox/faults", strings.NewReader(fault))
	req.Header.Set("Origin", srv.URL)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("same origin: %v %v", resp, err)
	}
	resp.Body.Close()
	if code, _, _ := do(t, "GET", srv.URL+"/api/client/info", DemoToken, ""); code != 503 {
		t.Fatalf("the fault from the same origin was not applied: %d", code)
	}
}

// What the sandbox records keeps no credential whole: after a whole T-ID login (code, verifier,
// refresh, introspection, revocation), GET /_sandbox/requests holds none of the values, and
// every value it holds is useless as a token.
func TestRecordedRequestsHoldNoCredential(t *testing.T) {
	sb := New()
	srv := httptest.NewServer(sb)
	defer srv.Close()
	form := func(path, body string) string {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(DemoClientID, DemoClientSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b)
	}
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	authorize := srv.URL + "/auth/authorize?" + url.Values{"client_id": {DemoClientID}, "redirect_uri": {DemoRedirectURI}, "state": {"s-123456789"},
		"response_type": {"code"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}, "scope_parameters": {`{"inn":"7704521838","kpp":"770401001"}`}}.Encode()
	landing, err := Approve(context.Background(), authorize, true)
	if err != nil {
		t.Fatal(err)
	}
	lu, _ := url.Parse(landing)
	code := lu.Query().Get("code")
	var tok struct{ AccessToken, RefreshToken string }
	raw := form("/auth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {DemoRedirectURI}, "code_verifier": {verifier}}.Encode())
	json.Unmarshal([]byte(strings.NewReplacer("access_token", "AccessToken", "refresh_token", "RefreshToken").Replace(raw)), &tok)
	form("/auth/introspect", "token="+tok.AccessToken)
	raw = form("/auth/token", "grant_type=refresh_token&refresh_token="+tok.RefreshToken)
	form("/auth/revoke", "token="+tok.RefreshToken)
	if tok.AccessToken == "" || code == "" {
		t.Fatalf("the login did not work: %s", raw)
	}
	_, _, recorded := do(t, "GET", srv.URL+"/_sandbox/requests", "", "")
	for _, secret := range []string{code, verifier, tok.AccessToken, tok.RefreshToken, DemoClientSecret, "s-123456789"} {
		if strings.Contains(recorded, secret) || strings.Contains(recorded, url.QueryEscape(secret)) {
			t.Errorf("the recorded requests hold %q", secret)
		}
	}
	// Any value in them, used as a token, is refused.
	var reqs []Request
	json.Unmarshal([]byte(recorded), &reqs)
	tried := 0
	for _, r := range reqs {
		for _, vs := range r.Form {
			for _, v := range vs {
				tried++
				if c, _, _ := do(t, "GET", srv.URL+"/openapi/api/v1/company", v, ""); c != http.StatusUnauthorized {
					t.Errorf("a recorded value %q opened the demo company (%d)", v, c)
				}
			}
		}
	}
	if tried < 8 {
		t.Fatalf("only %d recorded values tried", tried)
	}
}
