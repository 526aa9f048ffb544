package cmd

import (
	"bufio"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// bank serves one handler as the iBank API and points bankctl at it with the demo token.
func (e *testEnv) bank(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Setenv("BANKCTL_IBANK_URL", srv.URL+"/api")
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.DemoToken)
	return srv
}

func TestFaultResetMidBody(t *testing.T) {
	e := newTestEnv(t)
	e.bank(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(200)
		w.Write([]byte(`{"clientInfo":{"name":"ООО`))
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.Flush()
		conn.Close() // the connection dies mid-body
	})
	r := e.run("", "ibank", "client-info", "-o", "json")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "broke off")
	if r.out != "" {
		t.Fatalf("half an answer reached stdout: %q", r.out)
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
			e := newTestEnv(t)
			e.bank(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.ct)
				fmt.Fprint(w, c.body)
			})
			for _, format := range []string{"table", "json", "yaml"} {
				r := e.run("", "ibank", "client-info", "-o", format)
				wantCode(t, r, ExitError)
				line := oneErrorLine(t, r)
				wantContains(t, "error", line, c.want)
				wantNotContains(t, "error", line, "<p>")
				if r.out != "" {
					t.Fatalf("%s: stdout %q", format, r.out)
				}
			}
		})
	}
}

func TestFaultTenMegabyteBody(t *testing.T) {
	e := newTestEnv(t)
	var b strings.Builder
	b.WriteString(`{"clientInfo":{"name":"ООО «Большой»","inn":"9999980892"},"banks":[{"bic":"044525999","name":"Банк","accounts":[`)
	for i := 0; b.Len() < 10<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"accountNumber":"407028109%011d","currency":"RUB","status":"OPEN","remainder":"%d.00"}`, i, i)
	}
	b.WriteString(`]}]}`)
	e.sb.ClientInfo = []byte(b.String())
	e.login("default")
	r := e.mustRun("", "ibank", "client-info", "-o", "json")
	if len(r.out) < 10<<20 {
		t.Fatalf("only %d bytes out", len(r.out))
	}
	r = e.mustRun("", "ibank", "client-info")
	lines := strings.Count(r.out, "\n")
	if lines < 80000 {
		t.Fatalf("TSV has %d lines", lines)
	}
	r = e.mustRun("", "ibank", "client-info", "--jq", ".banks[0].accounts | length")
	if r.out == "0\n" {
		t.Fatal("no accounts")
	}
}

func TestFaultTLSUnknownCAThenCAFile(t *testing.T) {
	e := newTestEnv(t)
	srv := httptest.NewTLSServer(e.sb)
	defer srv.Close()
	caPath := e.dir + "/bank-ca.pem"
	os.WriteFile(caPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.DemoToken)
	t.Setenv("BANKCTL_IBANK_URL", srv.URL+"/api")
	r := e.run("", "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "TLS failed", "x509:", "--ca-file")
	r = e.mustRun("", "--ca-file", caPath, "ibank", "client-info")
	wantContains(t, "stdout", r.out, "Organisation\tООО «Северный ветер»")
	t.Setenv("BANKCTL_CA_FILE", caPath)
	e.mustRun("", "ibank", "client-info")
}

func TestFaultSlowHeadersBeyondTimeoutThenRetryable(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Delay: 2e9, Times: 1})
	r := e.run("", "--timeout", "400ms", "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), "no answer from")
	e.mustRun("", "ibank", "client-info") // the next run is not affected
}

// A bank that echoes the token back in an error must not get it printed.
func TestFaultServerEchoesTokenInError(t *testing.T) {
	e := newTestEnv(t)
	e.bank(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		fmt.Fprintf(w, `{"message":"bad header %s"}`, r.Header.Get("Authorization"))
	})
	r := e.run("", "--debug", "ibank", "client-info")
	wantCode(t, r, ExitError)
	wantNotContains(t, "output", r.out+r.err, sandbox.DemoToken)
	sc := bufio.NewScanner(strings.NewReader(r.err))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "bankctl:") && !strings.Contains(sc.Text(), "[REDACTED]") {
			t.Fatalf("error line lost the message: %s", sc.Text())
		}
	}
}
