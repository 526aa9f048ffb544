package ibank_test

import (
	"bufio"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestFaultResetMidBody(t *testing.T) {
	e := cmdtest.New(t)
	e.Bank(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(200)
		w.Write([]byte(`{"clientInfo":{"name":"ООО`))
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.Flush()
		conn.Close() // the connection dies mid-body
	})
	r := e.Run("", "ibank", "client-info", "-o", "json")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "broke off")
	if r.Out != "" {
		t.Fatalf("half an answer reached stdout: %q", r.Out)
	}
}

func TestFaultTruncatedAndNonJSON(t *testing.T) {
	for _, c := range []struct {
		name, ct, body, want string
	}{
		{"truncated", "application/json", `{"clientInfo":{"name":"ООО «Тест»"`, "not valid JSON (cut short or damaged)"},
		{"html with 200", "text/html", "<html><head><title>Вход в систему</title></head><body>" + strings.Repeat("<p>x</p>", 500) + "</body></html>", "an HTML page: Вход в систему instead of JSON: check the API URL"},
		{"plain text", "text/plain", "OK", "not JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := cmdtest.New(t)
			e.Bank(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.ct)
				fmt.Fprint(w, c.body)
			})
			for _, format := range []string{"table", "json", "yaml"} {
				r := e.Run("", "ibank", "client-info", "-o", format)
				cmdtest.WantCode(t, r, cmdtest.ExitError)
				line := cmdtest.OneErrorLine(t, r)
				cmdtest.WantContains(t, "error", line, c.want)
				cmdtest.WantNotContains(t, "error", line, "<p>")
				if r.Out != "" {
					t.Fatalf("%s: stdout %q", format, r.Out)
				}
			}
		})
	}
}

func TestFaultTenMegabyteBody(t *testing.T) {
	e := cmdtest.New(t)
	var b strings.Builder
	b.WriteString(`{"clientInfo":{"name":"ООО «Большой»","inn":"7704521838"},"banks":[{"bic":"044525999","name":"Банк","accounts":[`)
	for i := 0; b.Len() < 10<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"accountNumber":"407028109%011d","currency":"RUB","status":"OPEN","remainder":"%d.00"}`, i, i)
	}
	b.WriteString(`]}]}`)
	e.SB.SetClientInfo([]byte(b.String()))
	e.Login("default")
	r := e.MustRun("", "ibank", "client-info", "-o", "json")
	if len(r.Out) < 10<<20 {
		t.Fatalf("only %d bytes out", len(r.Out))
	}
	r = e.MustRun("", "ibank", "client-info")
	lines := strings.Count(r.Out, "\n")
	if lines < 80000 {
		t.Fatalf("TSV has %d lines", lines)
	}
	r = e.MustRun("", "ibank", "client-info", "--jq", ".banks[0].accounts | length")
	if r.Out == "0\n" {
		t.Fatal("no accounts")
	}
}

func TestFaultTLSUnknownCAThenCAFile(t *testing.T) {
	e := cmdtest.New(t)
	srv := httptest.NewTLSServer(e.SB)
	defer srv.Close()
	caPath := e.Dir + "/bank-ca.pem"
	os.WriteFile(caPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.DemoToken)
	t.Setenv("BANKCTL_IBANK_URL", srv.URL+"/api")
	r := e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "TLS failed", "x509:", "--ca-file")
	r = e.MustRun("", "--ca-file", caPath, "ibank", "client-info")
	cmdtest.WantContains(t, "stdout", r.Out, "Organisation\tООО «Северный ветер»")
	t.Setenv("BANKCTL_CA_FILE", caPath)
	e.MustRun("", "ibank", "client-info")
}

func TestFaultSlowHeadersBeyondTimeoutThenRetryable(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Delay: 2e9, Times: 1})
	r := e.Run("", "--timeout", "400ms", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "no answer from")
	e.MustRun("", "ibank", "client-info") // the next run is not affected
}

// A bank that echoes the token back in an error must not get it printed.
func TestFaultServerEchoesTokenInError(t *testing.T) {
	e := cmdtest.New(t)
	e.Bank(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		fmt.Fprintf(w, `{"message":"bad header %s"}`, r.Header.Get("Authorization"))
	})
	r := e.Run("", "--debug", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantNotContains(t, "output", r.Out+r.Err, sandbox.DemoToken)
	sc := bufio.NewScanner(strings.NewReader(r.Err))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "bankctl:") && !strings.Contains(sc.Text(), "[REDACTED]") {
			t.Fatalf("error line lost the message: %s", sc.Text())
		}
	}
}

func TestRetriesGETOn503And429(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 503, Times: 2, RetryAfter: "0"})
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 429, Times: 1, RetryAfter: "1"})
	start := time.Now()
	r := e.MustRun("", "ibank", "client-info", "-o", "json")
	if n := len(e.SB.RequestsTo("/api/client/info")); n != 4 {
		t.Fatalf("%d requests, want 4 (two 503, one 429, then success)", n)
	}
	if time.Since(start) < time.Second {
		t.Fatal("Retry-After: 1 was not honoured")
	}
	cmdtest.WantContains(t, "stdout", r.Out, "7704521838")
}

func TestRetriesAreBoundedThenExit1(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 503, RetryAfter: "0", HTML: true})
	r := e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	line := cmdtest.OneErrorLine(t, r)
	cmdtest.WantContains(t, "error", line, "503", "an HTML page: 503 Service Unavailable")
	cmdtest.WantNotContains(t, "error", line, "<html", "padding")
	if n := len(e.SB.RequestsTo("/api/client/info")); n != 4 {
		t.Fatalf("%d requests, want 1 + 3 retries", n)
	}
}

func TestRetryAfterTooLongIsReportedAtOnce(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 429, RetryAfter: "3600"})
	r := e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "429")
	if n := len(e.SB.RequestsTo("/api/client/info")); n != 1 {
		t.Fatalf("%d requests; a Retry-After of an hour must not be waited for", n)
	}
}

func TestPOSTIsNeverRetried(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/payment-orders", Status: 503, RetryAfter: "0"})
	r := e.Run("", "ibank", "api", "payment-orders", "-F", "amount=10")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	if n := len(e.SB.RequestsTo("/api/payment-orders")); n != 1 {
		t.Fatalf("a POST was sent %d times", n)
	}
}

// A redirect to another origin is an error naming where it led, and nothing is sent there; one
// within the same origin keeps the token (GET only).
func TestCrossOriginRedirectIsRefused(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
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
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Redirect: other.URL + "/api/client/info", Times: 1})
	r := e.Run("", "ibank", "client-info", "-o", "json")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "refusing a redirect", other.URL+"/api/client/info")
	mu.Lock()
	if len(gotAuth) != 0 {
		t.Fatalf("the other host was sent %d requests (Authorization %q)", len(gotAuth), gotAuth)
	}
	mu.Unlock()
	// A redirect within the same host keeps it.
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/old-info", Redirect: "/api/client/info", Times: 1})
	e.MustRun("", "ibank", "api", "old-info")
	reqs := e.SB.RequestsTo("/api/client/info")
	if len(reqs) != 1 || !strings.HasPrefix(reqs[0].Header["Authorization"][0], "Bearer ") {
		t.Fatalf("same-host redirect lost the token: %+v", reqs)
	}
	// A POST never follows a redirect, not even within the origin: its body is not sent twice.
	e.SB.Reset()
	e.SB.AddFault(sandbox.Fault{Path: "/api/payment-orders", Redirect: "/api/echo", Times: 1})
	r = e.Run("", "ibank", "api", "payment-orders", "-F", "amount=10")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "only GET requests follow redirects")
	if n := len(e.SB.RequestsTo("/api/echo")); n != 0 {
		t.Fatalf("the POST followed the redirect: %d", n)
	}
}

func TestTimeout(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Delay: 3 * time.Second})
	r := e.Run("", "ibank", "client-info", "--timeout", "300ms")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "no answer from", "--timeout")
}

func TestConnectionRefused(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.Srv.Close()
	r := e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "connection refused")
}

func TestCAFileMustHoldCertificates(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	bad := e.Dir + "/bad.pem"
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	r := e.Run("", "--ca-file", bad, "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "holds no PEM certificate")
}
