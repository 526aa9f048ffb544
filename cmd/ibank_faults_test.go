package cmd

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestRetriesGETOn503And429(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.Reset()
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 503, Times: 2, RetryAfter: "0"})
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 429, Times: 1, RetryAfter: "1"})
	start := time.Now()
	r := e.mustRun("", "ibank", "client-info", "-o", "json")
	if n := len(e.sb.RequestsTo("/api/client/info")); n != 4 {
		t.Fatalf("%d requests, want 4 (two 503, one 429, then success)", n)
	}
	if time.Since(start) < time.Second {
		t.Fatal("Retry-After: 1 was not honoured")
	}
	wantContains(t, "stdout", r.out, "9999980892")
}

func TestRetriesAreBoundedThenExit1(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.Reset()
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 503, RetryAfter: "0", HTML: true})
	r := e.run("", "ibank", "client-info")
	wantCode(t, r, ExitError)
	line := oneErrorLine(t, r)
	wantContains(t, "error", line, "503", "an HTML page: 503 Service Unavailable")
	wantNotContains(t, "error", line, "<html", "padding")
	if n := len(e.sb.RequestsTo("/api/client/info")); n != 4 {
		t.Fatalf("%d requests, want 1 + 3 retries", n)
	}
}

func TestRetryAfterTooLongIsReportedAtOnce(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.Reset()
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 429, RetryAfter: "3600"})
	r := e.run("", "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "429")
	if n := len(e.sb.RequestsTo("/api/client/info")); n != 1 {
		t.Fatalf("%d requests; a Retry-After of an hour must not be waited for", n)
	}
}

func TestPOSTIsNeverRetried(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.Reset()
	e.sb.AddFault(sandbox.Fault{Path: "/api/payment-orders", Status: 503, RetryAfter: "0"})
	r := e.run("", "ibank", "api", "payment-orders", "-F", "amount=10")
	wantCode(t, r, ExitError)
	if n := len(e.sb.RequestsTo("/api/payment-orders")); n != 1 {
		t.Fatalf("a POST was sent %d times", n)
	}
}

func TestCrossHostRedirectDropsAuthorization(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	var mu sync.Mutex
	var gotAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"moved":true}`))
	}))
	defer other.Close()
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Redirect: other.URL + "/api/client/info", Times: 1})
	r := e.mustRun("", "ibank", "client-info", "-o", "json")
	wantContains(t, "stdout", r.out, "moved")
	mu.Lock()
	defer mu.Unlock()
	if len(gotAuth) != 1 || gotAuth[0] != "" {
		t.Fatalf("the other host received Authorization %q", gotAuth)
	}
	// A redirect within the same host keeps it.
	e.sb.Reset()
	e.sb.AddFault(sandbox.Fault{Path: "/api/old-info", Redirect: "/api/client/info", Times: 1})
	e.mustRun("", "ibank", "api", "old-info")
	reqs := e.sb.RequestsTo("/api/client/info")
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0].Header["Authorization"][0], "Bearer ") {
		t.Fatalf("same-host redirect lost the token: %+v", reqs)
	}
}

func TestTimeout(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Delay: 3 * time.Second})
	r := e.run("", "ibank", "client-info", "--timeout", "300ms")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "no answer from", "--timeout")
}

func TestConnectionRefused(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.srv.Close()
	r := e.run("", "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "connection refused")
}

func TestNotFoundEndpoint(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	r := e.run("", "ibank", "api", "no/such/thing")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "no such endpoint: check the API URL", "метод не найден")
	wantContains(t, "stdout", r.out, "NOT_FOUND") // the body is printed, like gh api
}

func TestBrokenConfigIsNamedAndKept(t *testing.T) {
	e := newTestEnv(t)
	broken := "current_profile: default\nprofiles:\n  default:\n    ibank:\n      url: [unclosed\n"
	os.MkdirAll(e.dir+"/config/bankctl", 0o700)
	os.WriteFile(e.cfgPath, []byte(broken), 0o600)
	for _, args := range [][]string{{"status"}, {"ibank", "client-info"}, {"config", "set", "output", "json"}, {"profile", "use", "default"}} {
		r := e.run(sandbox.DemoToken, args...)
		wantCode(t, r, ExitError)
		wantContains(t, "error", oneErrorLine(t, r), e.cfgPath, "line ")
	}
	r := e.run(sandbox.DemoToken, "login", "--url", e.apiURL(), "--with-token")
	wantCode(t, r, ExitError)
	data, _ := os.ReadFile(e.cfgPath)
	if string(data) != broken {
		t.Fatalf("the broken config was changed:\n%s", data)
	}
	// Commands that need no config still work.
	e.mustRun("", "version")
	e.mustRun("", "config", "path")
}

func TestUnknownConfigKeyInFileNamesLine(t *testing.T) {
	e := newTestEnv(t)
	os.MkdirAll(e.dir+"/config/bankctl", 0o700)
	os.WriteFile(e.cfgPath, []byte("output: json\ncolour: red\n"), 0o600)
	r := e.run("", "config", "list")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), e.cfgPath, "line 2", "colour")
}

func TestBadGlobalValues(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		args []string
		env  [2]string
		want string
	}{
		{[]string{"-o", "xml", "status"}, [2]string{}, "invalid output format"},
		{[]string{"--jq", ".[", "status"}, [2]string{}, "invalid --jq"},
		{[]string{"status"}, [2]string{"BANKCTL_TIMEOUT", "soon"}, "invalid timeout"},
		{[]string{"status"}, [2]string{"BANKCTL_PROFILE", "../etc"}, "invalid profile name"},
		{[]string{"-p", "UPPER", "status"}, [2]string{}, "invalid profile name"},
		{[]string{"--timeout", "x", "status"}, [2]string{}, "invalid argument"},
		{[]string{"nosuch"}, [2]string{}, "unknown command"},
	}
	for _, tt := range tests {
		if tt.env[0] != "" {
			t.Setenv(tt.env[0], tt.env[1])
		}
		r := e.run("", tt.args...)
		if tt.env[0] != "" {
			t.Setenv(tt.env[0], "")
		}
		wantCode(t, r, ExitUsage)
		wantContains(t, "error", oneErrorLine(t, r), tt.want)
	}
}

func TestCAFileMustHoldCertificates(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	bad := e.dir + "/bad.pem"
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	r := e.run("", "--ca-file", bad, "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "holds no PEM certificate")
}
