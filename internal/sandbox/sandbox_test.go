package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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
