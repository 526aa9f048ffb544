package tid

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAuthorizationURL(t *testing.T) {
	c := NewClient(&url.URL{Scheme: "https", Host: "id.tbank.ru"}, "partner", "", "https://partner.ru/cb?x=1", http.DefaultClient)
	a, err := c.NewAuthorization(&ScopeParameters{INN: "7704521838"}, true)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(a.URL)
	q := u.Query()
	if u.Host != "id.tbank.ru" || u.Path != "/auth/authorize" {
		t.Fatalf("url %s", a.URL)
	}
	for k, want := range map[string]string{"client_id": "partner", "redirect_uri": "https://partner.ru/cb?x=1",
		"response_type": "code", "scope_parameters": `{"inn":"7704521838","kpp":"0"}`, "code_challenge_method": "S256", "state": a.State} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if raw, _ := base64.RawURLEncoding.DecodeString(a.State); len(raw) != 32 {
		t.Errorf("state is %d bytes, want 32", len(raw))
	}
	sum := sha256.Sum256([]byte(a.Verifier))
	if q.Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Error("code_challenge is not S256 of the verifier")
	}
	if q.Has("scope") || q.Has("nonce") {
		t.Error("undocumented parameters sent")
	}
	b, _ := c.NewAuthorization(nil, false)
	bq, _ := url.Parse(b.URL)
	if bq.Query().Has("scope_parameters") || bq.Query().Has("code_challenge") || b.State == a.State {
		t.Errorf("without INN and PKCE: %s", b.URL)
	}
}

func TestCheckCallback(t *testing.T) {
	state := "s-123"
	tests := []struct {
		q      string
		ok     bool
		code   string
		errHas string
	}{
		{"state=s-123&code=c.1&session_state=x", true, "c.1", ""},
		{"state=wrong&code=c.1", false, "", ""},
		{"code=c.1", false, "", ""},
		{"state=s-123&error=access_denied&error_description=no", true, "", "cancelled"},
		{"state=s-123&error=server_error&error_message=boom", true, "", "boom"},
		{"state=s-123", true, "", "neither"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.q)
		r, ok := CheckCallback(q, state)
		if ok != tt.ok || r.Code != tt.code || (tt.errHas != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tt.errHas))) {
			t.Errorf("%s: %+v %v", tt.q, r, ok)
		}
	}
}

func TestParsePasted(t *testing.T) {
	state := "st"
	for in, want := range map[string]string{
		"http://127.0.0.1:8765/cb?state=st&code=c.abc": "c.abc",
		"https://partner.ru/cb?code=c.x&state=st":      "c.x",
		"?state=st&code=c.q":                           "c.q",
		"  c.bare-code  ":                              "c.bare-code",
	} {
		r, _, err := ParsePasted(in, state)
		if err != nil || r.Code != want {
			t.Errorf("%q: %+v %v", in, r, err)
		}
	}
	for _, bad := range []string{"", "https://partner.ru/cb?state=other&code=c", "https://partner.ru/", "two words", "<script>"} {
		if r, _, err := ParsePasted(bad, state); err == nil && r.Err == nil {
			t.Errorf("%q accepted: %+v", bad, r)
		}
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func get(t *testing.T, u string) (int, string) {
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestListenerIgnoresForgedThenTakesFirstValid(t *testing.T) {
	uri := "http://127.0.0.1:" + freePort(t) + "/auth/complete"
	l, err := Listen(uri, "good-state")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	base := "http://" + l.Addr()
	if code, _ := get(t, base+"/other?state=good-state&code=x"); code != 404 {
		t.Errorf("other path: %d", code)
	}
	if resp, _ := http.Post(base+"/auth/complete?state=good-state&code=x", "text/plain", nil); resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	code, body := get(t, base+"/auth/complete?state=forged&code=c.evil")
	if code != 400 || !strings.Contains(body, "keeps waiting") || strings.Contains(body, "c.evil") {
		t.Errorf("forged: %d %s", code, body)
	}
	select {
	case r := <-l.Result():
		t.Fatalf("a forged callback was taken: %+v", r)
	default:
	}
	code, body = get(t, base+"/auth/complete?state=good-state&code=c.real%3Cb%3E")
	if code != 200 || !strings.Contains(body, "Вход выполнен") || strings.Contains(body, "c.real") {
		t.Errorf("valid: %d %s", code, body)
	}
	if r := <-l.Result(); r.Code != "c.real<b>" {
		t.Fatalf("result %+v", r)
	}
	_, body = get(t, base+"/auth/complete?state=good-state&code=c.second")
	if !strings.Contains(body, "already complete") {
		t.Errorf("second callback: %s", body)
	}
}

func TestListenerErrorPageIsEscaped(t *testing.T) {
	uri := "http://127.0.0.1:" + freePort(t) + "/cb"
	l, err := Listen(uri, "st")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, body := get(t, "http://"+l.Addr()+"/cb?state=st&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C/script%3E")
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatalf("page not escaped: %s", body)
	}
	r := <-l.Result()
	var ae *AuthError
	if !errors.As(r.Err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("result %+v", r)
	}
}

func TestListenBusyPortAndLocalhost(t *testing.T) {
	port := freePort(t)
	l, err := Listen("http://localhost:"+port+"/cb", "st")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = Listen("http://127.0.0.1:"+port+"/cb", "st")
	if err == nil || !strings.Contains(err.Error(), "already in use") || strings.Count(err.Error(), "in use") != 1 {
		t.Fatalf("busy port: %v", err)
	}
	if _, err := Listen("https://partner.ru/cb", "st"); err == nil {
		t.Fatal("listened for a non-loopback URI")
	}
	// localhost answers on 127.0.0.1 (and ::1 where the machine has it).
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://127.0.0.1:"+port+"/cb?state=st&code=c", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("localhost listener on 127.0.0.1: %v", err)
	}
}

func TestParseIntrospection(t *testing.T) {
	tid, err := ParseIntrospection([]byte(`{"active":true,"scope":["email","opensme/inn/[1]/kpp/[2]/x"],"client_id":"p","exp":1585728196,"iat":1585684996,"aud":["ibsme","companyInfo"],"iss":"https://id.tinkoff.ru/"}`))
	if err != nil || !tid.Active || len(tid.Scope) != 2 || len(tid.Aud) != 2 || tid.Expiry().Unix() != 1585728196 {
		t.Fatalf("%+v %v", tid, err)
	}
	rfc, err := ParseIntrospection([]byte(`{"active":true,"scope":"read write","aud":"api","exp":1.585728196e9}`))
	if err != nil || len(rfc.Scope) != 2 || rfc.Scope[1] != "write" || rfc.Aud[0] != "api" || rfc.Exp != 1585728196 {
		t.Fatalf("%+v %v", rfc, err)
	}
	off, _ := ParseIntrospection([]byte(`{"active":false}`))
	if off.Active || !off.Expiry().IsZero() {
		t.Fatalf("%+v", off)
	}
}
