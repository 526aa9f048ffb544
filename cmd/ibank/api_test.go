package ibank_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
)

func echo(t *testing.T, r cmdtest.Result) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Out), &m); err != nil {
		t.Fatalf("not JSON: %s", r.Out)
	}
	return m
}

func TestAPIRequests(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	t.Run("GET fields become the query", func(t *testing.T) {
		m := echo(t, e.MustRun("", "ibank", "api", "echo", "-X", "GET", "-f", "from=2026-01-01", "-F", "limit=10"))
		q := m["query"].(map[string]any)
		if m["method"] != "GET" || q["from"].([]any)[0] != "2026-01-01" || q["limit"].([]any)[0] != "10" {
			t.Fatalf("echo %v", m)
		}
	})
	t.Run("fields make a typed JSON POST", func(t *testing.T) {
		m := echo(t, e.MustRun("", "ibank", "api", "echo", "-F", "amount=1500.50", "-F", "urgent=true", "-f", "purpose=Оплата", "-f", "n=7"))
		if m["method"] != "POST" {
			t.Fatalf("method %v", m["method"])
		}
		var body map[string]any
		json.Unmarshal([]byte(m["body"].(string)), &body)
		if body["amount"] != 1500.5 || body["urgent"] != true || body["purpose"] != "Оплата" || body["n"] != "7" {
			t.Fatalf("body %v", body)
		}
	})
	t.Run("input from stdin and headers", func(t *testing.T) {
		m := echo(t, e.MustRun(`{"raw":1}`, "ibank", "api", "echo", "--input", "-", "-X", "PUT", "-H", "X-Trace: abc"))
		h := m["header"].(map[string]any)
		if ua := h["User-Agent"].([]any)[0].(string); !strings.HasPrefix(ua, "bankctl/dev (") {
			t.Errorf("User-Agent %q does not name bankctl and its version", ua)
		}
		if m["method"] != "PUT" || m["body"] != `{"raw":1}` || h["X-Trace"].([]any)[0] != "abc" {
			t.Fatalf("echo %v", m)
		}
	})
	t.Run("field from a file", func(t *testing.T) {
		p := e.Dir + "/purpose.txt"
		os.WriteFile(p, []byte("из файла"), 0o600)
		m := echo(t, e.MustRun("", "ibank", "api", "echo", "-F", "purpose=@"+p))
		cmdtest.WantContains(t, "body", m["body"].(string), "из файла")
	})
	t.Run("create a draft", func(t *testing.T) {
		r := e.MustRun("", "ibank", "api", "payment-orders", "-F", "amount=100", "--jq", ".status")
		if r.Out != "DRAFT\n" {
			t.Fatalf("out %q", r.Out)
		}
	})
	t.Run("output formats", func(t *testing.T) {
		r := e.MustRun("", "ibank", "api", "client/info", "-o", "yaml")
		cmdtest.WantContains(t, "yaml", r.Out, "clientInfo:\n  name: ООО «Северный ветер»\n")
		r = e.MustRun("", "ibank", "api", "client/info")
		if strings.TrimSpace(r.Out) != strings.TrimSpace(string(e.SB.ClientInfo)) {
			t.Fatal("piped api output is not the body as sent")
		}
	})
	t.Run("include headers", func(t *testing.T) {
		r := e.MustRun("", "ibank", "api", "client/info", "-i")
		if !strings.HasPrefix(r.Out, "HTTP/1.1 200 OK\n") || !strings.Contains(r.Out, "Content-Type: application/json") {
			t.Fatalf("out %q", r.Out[:80])
		}
	})
	t.Run("absolute URL on another host is refused", func(t *testing.T) {
		r := e.Run("", "ibank", "api", "https://evil.example/api/client/info")
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "refusing to send the token")
	})
	t.Run("bad header and field", func(t *testing.T) {
		for _, args := range [][]string{{"-H", "nocolon"}, {"-f", "novalue"}, {"-H", "Authorization: Bearer x"}, {"-F", "x=@/no/such/file"}} {
			r := e.Run("", append([]string{"ibank", "api", "echo"}, args...)...)
			cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		}
		r := e.Run("", "ibank", "api")
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	})
}

func TestNotFoundEndpoint(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	r := e.Run("", "ibank", "api", "no/such/thing")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "no such endpoint: check the API URL", "метод не найден")
	cmdtest.WantContains(t, "stdout", r.Out, "NOT_FOUND") // the body is printed, like gh api
}
