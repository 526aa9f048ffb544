package cmd

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestAPIFlagsToOptions(t *testing.T) {
	ios, _, _, _ := testStreams()
	f := NewFactory(ios)
	var got *APIOptions
	c := NewCmdAPI(f, func(o *APIOptions) error { got = o; return nil })
	c.SetArgs([]string{"payment-orders", "-X", "put", "-H", "A: b", "-f", "k=v", "-F", "n=1", "--input", "-", "-i"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Path != "payment-orders" || got.Method != "put" || !got.methodSet || got.Headers[0] != "A: b" ||
		got.RawFields[0] != "k=v" || got.Fields[0] != "n=1" || got.Input != "-" || !got.Include {
		t.Fatalf("options %+v", *got)
	}
}

func echo(t *testing.T, r result) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.out), &m); err != nil {
		t.Fatalf("not JSON: %s", r.out)
	}
	return m
}

func TestAPIRequests(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	t.Run("GET fields become the query", func(t *testing.T) {
		m := echo(t, e.mustRun("", "ibank", "api", "echo", "-X", "GET", "-f", "from=2026-01-01", "-F", "limit=10"))
		q := m["query"].(map[string]any)
		if m["method"] != "GET" || q["from"].([]any)[0] != "2026-01-01" || q["limit"].([]any)[0] != "10" {
			t.Fatalf("echo %v", m)
		}
	})
	t.Run("fields make a typed JSON POST", func(t *testing.T) {
		m := echo(t, e.mustRun("", "ibank", "api", "echo", "-F", "amount=1500.50", "-F", "urgent=true", "-f", "purpose=Оплата", "-f", "n=7"))
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
		m := echo(t, e.mustRun(`{"raw":1}`, "ibank", "api", "echo", "--input", "-", "-X", "PUT", "-H", "X-Trace: abc"))
		h := m["header"].(map[string]any)
		if ua := h["User-Agent"].([]any)[0].(string); !strings.HasPrefix(ua, "bankctl/dev (") {
			t.Errorf("User-Agent %q does not name bankctl and its version", ua)
		}
		if m["method"] != "PUT" || m["body"] != `{"raw":1}` || h["X-Trace"].([]any)[0] != "abc" {
			t.Fatalf("echo %v", m)
		}
	})
	t.Run("field from a file", func(t *testing.T) {
		p := e.dir + "/purpose.txt"
		os.WriteFile(p, []byte("из файла"), 0o600)
		m := echo(t, e.mustRun("", "ibank", "api", "echo", "-F", "purpose=@"+p))
		wantContains(t, "body", m["body"].(string), "из файла")
	})
	t.Run("create a draft", func(t *testing.T) {
		r := e.mustRun("", "ibank", "api", "payment-orders", "-F", "amount=100", "--jq", ".status")
		if r.out != "DRAFT\n" {
			t.Fatalf("out %q", r.out)
		}
	})
	t.Run("output formats", func(t *testing.T) {
		r := e.mustRun("", "ibank", "api", "client/info", "-o", "yaml")
		wantContains(t, "yaml", r.out, "clientInfo:\n  name: ООО «Северный ветер»\n")
		r = e.mustRun("", "ibank", "api", "client/info")
		if strings.TrimSpace(r.out) != strings.TrimSpace(string(e.sb.ClientInfo)) {
			t.Fatal("piped api output is not the body as sent")
		}
	})
	t.Run("include headers", func(t *testing.T) {
		r := e.mustRun("", "ibank", "api", "client/info", "-i")
		if !strings.HasPrefix(r.out, "HTTP/1.1 200 OK\n") || !strings.Contains(r.out, "Content-Type: application/json") {
			t.Fatalf("out %q", r.out[:80])
		}
	})
	t.Run("absolute URL on another host is refused", func(t *testing.T) {
		r := e.run("", "ibank", "api", "https://evil.example/api/client/info")
		wantCode(t, r, ExitError)
		wantContains(t, "error", oneErrorLine(t, r), "refusing to send the token")
	})
	t.Run("bad header and field", func(t *testing.T) {
		for _, args := range [][]string{{"-H", "nocolon"}, {"-f", "novalue"}, {"-H", "Authorization: Bearer x"}, {"-F", "x=@/no/such/file"}} {
			r := e.run("", append([]string{"ibank", "api", "echo"}, args...)...)
			wantCode(t, r, ExitUsage)
		}
		r := e.run("", "ibank", "api")
		wantCode(t, r, ExitUsage)
	})
}

func TestStatus(t *testing.T) {
	e := newTestEnv(t)
	r := e.run("", "status")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "nothing is stored")

	e.login("default")
	r = e.mustRun("", "status")
	wantContains(t, "status", r.out, "Profile\tdefault", "iBank URL\t"+e.apiURL(), "iBank token\t…5d2e5ef0c4ee (keyring)", "iBank check\tok: ООО «Северный ветер» (INN 9999980892)")
	r = e.mustRun("", "status", "--json")
	var st map[string]any
	if err := json.Unmarshal([]byte(r.out), &st); err != nil {
		t.Fatalf("--json: %s", r.out)
	}
	ib := st["ibank"].(map[string]any)
	if ib["ok"] != true || ib["token_source"] != "keyring" || ib["token_tail"] != "…5d2e5ef0c4ee" {
		t.Fatalf("status %v", st)
	}
	wantNotContains(t, "status", r.out+r.err, "8e2ea61a-4091")

	t.Setenv("BANKCTL_IBANK_TOKEN", "0b7c1f52-6a5e-4d61-9a3f-1e0e4c3d2b10")
	r = e.run("", "status")
	wantCode(t, r, ExitError) // something stored is broken
	wantContains(t, "status", r.out, "(env)", "failed: the token is invalid")
	wantNotContains(t, "status", r.out+r.err, "0b7c1f52-6a5e")
}

func TestConfigCommands(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun("", "config", "path")
	if strings.TrimSpace(r.out) != e.cfgPath {
		t.Fatalf("config path %q, want %q", r.out, e.cfgPath)
	}
	e.mustRun("", "config", "set", "ibank.url", e.apiURL())
	e.mustRun("", "-p", "acme", "config", "set", "tid.inn", "9999980892")
	e.mustRun("", "config", "set", "timeout", "45s")
	r = e.mustRun("", "config", "get", "ibank.url")
	if r.out != e.apiURL()+"\n" {
		t.Fatalf("get %q", r.out)
	}
	r = e.run("", "config", "get", "tid.inn")
	wantCode(t, r, ExitError)
	wantContains(t, "error", oneErrorLine(t, r), `tid.inn is not set for profile "default"`)
	r = e.mustRun("", "-p", "acme", "config", "list", "-o", "json")
	var m map[string]string
	json.Unmarshal([]byte(r.out), &m)
	if m["tid.inn"] != "9999980892" || m["timeout"] != "45s" {
		t.Fatalf("list %v", m)
	}
	for _, args := range [][]string{{"set", "nosuch", "x"}, {"set", "output", "xml"}, {"set", "tid.inn", "12"}, {"set", "ibank.url", "ftp://x"}, {"set", "current_profile", "Bad"}} {
		r := e.run("", append([]string{"config"}, args...)...)
		wantCode(t, r, ExitUsage)
	}
	e.mustRun("", "config", "unset", "timeout")
	st, err := os.Stat(e.cfgPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("config mode: %v %v", st.Mode(), err)
	}
	dst, _ := os.Stat(e.dir + "/config/bankctl")
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("config folder mode %v", dst.Mode().Perm())
	}
	data, _ := os.ReadFile(e.cfgPath)
	wantNotContains(t, "config", string(data), "timeout")
	wantContains(t, "config", string(data), "acme:", "inn: \"9999980892\"")
}

func TestConfigFileIsALayer(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.mustRun("", "config", "set", "output", "yaml")
	r := e.mustRun("", "ibank", "client-info")
	wantContains(t, "stdout", r.out, "clientInfo:\n")
	t.Setenv("BANKCTL_OUTPUT", "json")
	r = e.mustRun("", "ibank", "client-info")
	if !json.Valid([]byte(r.out)) {
		t.Fatal("the environment did not beat the config file")
	}
	r = e.mustRun("", "--jq", ".clientInfo.kpp", "ibank", "client-info")
	if r.out != "999991001\n" {
		t.Fatalf("--jq %q", r.out)
	}
}

func TestProfileErrors(t *testing.T) {
	e := newTestEnv(t)
	r := e.run("", "profile", "use", "nosuch")
	wantCode(t, r, ExitUsage)
	wantContains(t, "error", oneErrorLine(t, r), `no profile "nosuch"`)
	r = e.run("", "profile", "use", "-bad")
	wantCode(t, r, ExitUsage)
	r = e.run("", "profile", "delete", "default")
	wantCode(t, r, ExitUsage)
	wantContains(t, "error", oneErrorLine(t, r), "--yes")
}

func TestHelpTopicsAndVersion(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun("", "help", "exit-codes")
	wantContains(t, "help", r.out, "130", "invalid_grant", "--require-scope")
	r = e.mustRun("", "help", "environment")
	wantContains(t, "help", r.out, "BANKCTL_IBANK_TOKEN", "BANKCTL_KEYRING", "BANKCTL_TID_REDIRECT_URI")
	r = e.mustRun("", "version")
	wantContains(t, "version", r.out, "bankctl version dev")
	r = e.mustRun("", "--version")
	wantContains(t, "version", r.out, "bankctl version dev")
	r = e.mustRun("", "version", "-o", "json")
	var v map[string]string
	if json.Unmarshal([]byte(r.out), &v) != nil || v["version"] != "dev" || v["commit"] == "" {
		t.Fatalf("version json %q", r.out)
	}
}

func TestHelpTouchesNothing(t *testing.T) {
	e := newTestEnv(t)
	os.MkdirAll(e.dir+"/config/bankctl", 0o700)
	os.WriteFile(e.cfgPath, []byte("{{{broken"), 0o600)
	for _, args := range [][]string{{"--help"}, {"ibank", "client-info", "--help"}, {"version"}, {"completion", "bash"}} {
		e.mustRun("", args...)
	}
}
