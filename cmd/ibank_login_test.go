package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestLoginFlagsToOptions(t *testing.T) {
	tests := []struct {
		args []string
		want LoginOptions
	}{
		{[]string{}, LoginOptions{}},
		{[]string{"--url", "https://ibank.x.ru/api", "--with-token"}, LoginOptions{URL: "https://ibank.x.ru/api", WithToken: true}},
		{[]string{"--no-verify", "--insecure-storage"}, LoginOptions{NoVerify: true, InsecureStorage: true}},
	}
	for _, tt := range tests {
		e := newTestEnv(t)
		var got *LoginOptions
		ios, _, _, _ := testStreams()
		f := NewFactory(ios)
		c := NewCmdIBankLogin(f, func(o *LoginOptions) error { got = o; return nil })
		c.SetArgs(tt.args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got.URL != tt.want.URL || got.WithToken != tt.want.WithToken || got.NoVerify != tt.want.NoVerify || got.InsecureStorage != tt.want.InsecureStorage {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
		_ = e
	}
}

func TestLoginWithTokenThenClientInfo(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun("  "+sandbox.DemoToken+"\n", "login", "--url", e.apiURL()+"/", "--with-token")
	wantContains(t, "stderr", r.err, "ООО «Северный ветер»", "INN 9999980892", strings.TrimPrefix(e.srv.URL, "http://"), "…5d2e5ef0c4ee", "OS keyring")
	if r.out != "" {
		t.Errorf("login printed to stdout: %q", r.out)
	}
	if got, err := e.storedToken("default"); err != nil || got != sandbox.DemoToken {
		t.Fatalf("stored token = %q, %v; want the trimmed demo token", got, err)
	}
	cfg, err := os.ReadFile(e.cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "config", string(cfg), "url: "+e.apiURL()+"\n")
	wantNotContains(t, "config", string(cfg), sandbox.DemoToken)

	t.Run("table piped is TSV", func(t *testing.T) {
		r := e.mustRun("", "ibank", "client-info")
		wantContains(t, "stdout", r.out, "Organisation\tООО «Северный ветер»\n", "INN\t9999980892\n", "Employee\tИванова Мария Сергеевна\n",
			"044525999\tАО «Банк Пример»\t40702810900000012345\tRUB\tOPEN\t1250000.50")
	})
	t.Run("table on a terminal", func(t *testing.T) {
		e.stdoutTTY = true
		defer func() { e.stdoutTTY = false }()
		r := e.mustRun("", "ibank", "client-info")
		wantContains(t, "stdout", r.out, "Accounts\n", "BANK", "ACCOUNT", "BALANCE", "ПАО «Уральский Пример»", "40702810516540000777")
		wantNotContains(t, "stdout", r.out, "\t")
	})
	t.Run("json is the server's body", func(t *testing.T) {
		r := e.mustRun("", "ibank", "client-info", "-o", "json")
		if strings.TrimSpace(r.out) != strings.TrimSpace(string(e.sb.ClientInfo)) {
			t.Fatalf("json output differs from the server's body:\n%s", r.out)
		}
	})
	t.Run("yaml", func(t *testing.T) {
		r := e.mustRun("", "ibank", "client-info", "-o", "yaml")
		wantContains(t, "stdout", r.out, "clientInfo:\n  name: ООО «Северный ветер»\n", "  inn: \"9999980892\"\n", "accountNumber: \"40702810900000012345\"")
	})
	t.Run("jq", func(t *testing.T) {
		r := e.mustRun("", "ibank", "client-info", "--jq", `[.banks[].accounts[] | select(.currency=="RUB") | .accountNumber] | join(",")`)
		if r.out != "40702810900000012345,40702810516540000777\n" {
			t.Fatalf("jq output %q", r.out)
		}
	})
	t.Run("env output", func(t *testing.T) {
		t.Setenv("BANKCTL_OUTPUT", "json")
		r := e.mustRun("", "ibank", "client-info")
		if !json.Valid([]byte(r.out)) {
			t.Fatalf("BANKCTL_OUTPUT=json did not give JSON: %s", r.out)
		}
		r = e.mustRun("", "ibank", "client-info", "-o", "yaml")
		wantContains(t, "stdout", r.out, "clientInfo:") // the flag beats the environment
	})
	t.Run("token prints the token alone", func(t *testing.T) {
		r := e.mustRun("", "ibank", "token")
		if r.out != sandbox.DemoToken+"\n" || r.err != "" {
			t.Fatalf("ibank token: out %q err %q", r.out, r.err)
		}
	})
}

func TestLoginUnknownFieldsNeverFail(t *testing.T) {
	e := newTestEnv(t)
	e.sb.ClientInfo = []byte(`{"orgName":"ИП Петров","newThing":{"deep":[1,2]},"list":[{"a":1},{"b":"два"}],"n":12345678901234567890}`)
	e.login("default")
	r := e.mustRun("", "ibank", "client-info")
	wantContains(t, "stdout", r.out, "orgName\tИП Петров", "newThing.deep\t1, 2", "n\t12345678901234567890", "два")
	r = e.mustRun("", "ibank", "client-info", "-o", "json")
	wantContains(t, "stdout", r.out, "12345678901234567890", `"newThing"`)
}

func TestLoginRejectedTokenKeepsStoredOne(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	r := e.run(sandbox.ExpiredToken+"\n", "login", "--url", e.apiURL(), "--with-token")
	wantCode(t, r, ExitAuth)
	line := oneErrorLine(t, r)
	wantContains(t, "error", line, "not stored", "invalid, expired or deleted", "Настройки → Интеграция", "срок действия токена истёк")
	wantNotContains(t, "error", r.err, sandbox.ExpiredToken)
	if got, _ := e.storedToken("default"); got != sandbox.DemoToken {
		t.Fatalf("the stored token was replaced by a rejected one: %q", got)
	}
	e.mustRun("", "ibank", "client-info")
}

func TestLoginIPLimitedExits5(t *testing.T) {
	e := newTestEnv(t)
	r := e.run(sandbox.IPLimitedToken, "login", "--url", e.apiURL(), "--with-token")
	wantCode(t, r, ExitForbidden)
	wantContains(t, "error", oneErrorLine(t, r), "IP addresses")
	if _, err := e.storedToken("default"); err == nil {
		t.Fatal("a refused token was stored")
	}
}

func TestLoginNoVerifyStoresAndExpiredThenExits4(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun(sandbox.ExpiredToken, "login", "--url", e.apiURL(), "--with-token", "--no-verify")
	wantContains(t, "stderr", r.err, "unchecked")
	if len(e.sb.Requests()) != 0 {
		t.Fatalf("--no-verify still called the bank: %+v", e.sb.Requests())
	}
	r = e.run("", "ibank", "client-info")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "bankctl login")
}

func TestLoginBadInput(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"empty token", "  \n", []string{"--url", "URL", "--with-token"}, ExitUsage, "token is empty"},
		{"two words", "abc def", []string{"--url", "URL", "--with-token"}, ExitUsage, "more than one word"},
		{"bad url", "x", []string{"--url", "ibank.bank.ru", "--with-token"}, ExitUsage, "invalid iBank URL"},
		{"plain http", "x", []string{"--url", "http://ibank.bank.ru/api", "--with-token"}, ExitUsage, "refusing plain http"},
		{"no url", "x", []string{"--with-token"}, ExitUsage, "no iBank URL"},
		{"no terminal", "", []string{"--url", "URL"}, ExitUsage, "--with-token"},
		{"bad profile", "x", []string{"-p", "Bad Name", "--url", "URL", "--with-token"}, ExitUsage, "invalid profile name"},
		{"unknown flag", "", []string{"--token", "abc"}, ExitUsage, "unknown flag"},
		{"argument", "", []string{"extra"}, ExitUsage, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t)
			args := append([]string{"login"}, tt.args...)
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "URL", e.apiURL())
			}
			r := e.run(tt.stdin, args...)
			wantCode(t, r, tt.code)
			wantContains(t, "error", oneErrorLine(t, r), tt.want)
			if _, err := os.Stat(e.cfgPath); err == nil {
				t.Error("a failed login wrote the config file")
			}
		})
	}
}

func TestLoginWithTokenRefusesTerminal(t *testing.T) {
	e := newTestEnv(t)
	e.stdinTTY = true
	r := e.run("", "login", "--url", e.apiURL(), "--with-token")
	wantCode(t, r, ExitUsage)
	wantContains(t, "error", oneErrorLine(t, r), "standard input, which is a terminal")
}

func TestLoginPromptsOnTerminal(t *testing.T) {
	e := newTestEnv(t)
	e.stdinTTY = true
	r := e.mustRun(e.apiURL()+"\n"+"not-a-uuid-token\n", "login", "--no-verify")
	wantContains(t, "stderr", r.err, "iBank API URL", "Paste the iBank token (input is hidden)", "does not look like an iBank token")
	wantNotContains(t, "stderr", r.err, "not-a-uuid-token")
	if got, _ := e.storedToken("default"); got != "not-a-uuid-token" {
		t.Fatalf("stored %q", got)
	}
	cfg, _ := os.ReadFile(e.cfgPath)
	wantContains(t, "config", string(cfg), e.apiURL())
}

func TestLoginEnvTokenWarns(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.ExpiredToken)
	r := e.mustRun(sandbox.DemoToken, "login", "--url", e.apiURL(), "--with-token")
	wantContains(t, "stderr", r.err, "BANKCTL_IBANK_TOKEN is set and keeps winning")
	if got, _ := e.storedToken("default"); got != sandbox.DemoToken {
		t.Fatalf("stored %q", got)
	}
	r = e.run("", "ibank", "client-info")
	wantCode(t, r, ExitAuth) // the environment's (expired) token wins
}

func TestLoginEnvURLIsNotSaved(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv("BANKCTL_IBANK_URL", e.apiURL())
	e.mustRun(sandbox.DemoToken, "login", "--with-token")
	if _, err := os.Stat(e.cfgPath); err == nil {
		data, _ := os.ReadFile(e.cfgPath)
		t.Fatalf("a URL from the environment was written to the config:\n%s", data)
	}
	e.mustRun("", "ibank", "client-info")
}

func TestLoginInsecureStorage(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun(sandbox.DemoToken, "login", "--url", e.apiURL(), "--with-token", "--insecure-storage")
	wantContains(t, "stderr", r.err, "plain text in "+e.secrets, "mode 0600")
	st, err := os.Stat(e.secrets)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file mode %v", st.Mode().Perm())
	}
	if _, err := e.storedToken("default"); err == nil {
		t.Fatal("--insecure-storage also wrote the keyring")
	}
	r = e.mustRun("", "status")
	wantContains(t, "status", r.out, "…5d2e5ef0c4ee (file "+e.secrets+")")
	e.mustRun("", "ibank", "client-info")
	// Logging in again without the flag moves the token into the keyring and out of the file.
	e.login("default")
	data, _ := os.ReadFile(e.secrets)
	wantNotContains(t, "secrets file", string(data), sandbox.DemoToken)
}

func TestLogout(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	r := e.mustRun("", "logout")
	wantContains(t, "stderr", r.err, "Forgot iBank token …5d2e5ef0c4ee")
	if _, err := e.storedToken("default"); err == nil {
		t.Fatal("token still stored after logout")
	}
	r = e.mustRun("", "logout")
	wantContains(t, "stderr", r.err, "nothing to forget")
	r = e.run("", "ibank", "token")
	wantCode(t, r, ExitAuth)
	wantContains(t, "error", oneErrorLine(t, r), "not logged in", "bankctl login")
}

func TestNotLoggedInExits4(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv("BANKCTL_IBANK_URL", e.apiURL())
	for _, args := range [][]string{{"ibank", "client-info"}, {"ibank", "token"}, {"ibank", "api", "client/info"}, {"-p", "work", "ibank", "client-info"}} {
		r := e.run("", args...)
		wantCode(t, r, ExitAuth)
		wantContains(t, "error", oneErrorLine(t, r), "not logged in")
	}
	r := e.run("", "-p", "work", "ibank", "client-info")
	wantContains(t, "error", r.err, "bankctl -p work login")
}

func TestDebugNeverShowsToken(t *testing.T) {
	e := newTestEnv(t)
	r := e.mustRun(sandbox.DemoToken, "--debug", "login", "--url", e.apiURL(), "--with-token")
	all := r.out + r.err
	r = e.mustRun("", "--debug", "ibank", "client-info", "-o", "json")
	all += r.err
	t.Setenv("BANKCTL_DEBUG", "1")
	r = e.run("", "ibank", "api", "echo", "-f", "x=1")
	all += r.err
	wantContains(t, "debug log", all, "* GET "+e.apiURL()+"/client/info", "Authorization: Bearer [REDACTED]", "< HTTP/1.1 200 OK")
	wantNotContains(t, "debug log", all, sandbox.DemoToken)
}

func TestProfilesKeepTokensApart(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	r := e.run(sandbox.DemoToken, "-p", "acme", "login", "--url", e.apiURL(), "--with-token")
	wantCode(t, r, 0)
	e.mustRun("", "profile", "use", "acme")
	r = e.mustRun("", "profile", "list")
	wantContains(t, "profile list", r.out, "*\tacme\t"+e.apiURL(), "\tdefault\t")
	e.mustRun("", "profile", "delete", "acme", "--yes")
	if _, err := e.storedToken("acme"); err == nil {
		t.Fatal("profile delete left its token")
	}
	if got, _ := e.storedToken("default"); got != sandbox.DemoToken {
		t.Fatal("profile delete removed another profile's token")
	}
	r = e.mustRun("", "profile", "list", "-o", "json")
	var rows []profileRow
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil || len(rows) != 1 || rows[0].Name != "default" || !rows[0].Current {
		t.Fatalf("after delete: %s (%v)", r.out, err)
	}
}

func TestConfigFolderNeverHoldsToken(t *testing.T) {
	e := newTestEnv(t)
	e.login("default")
	e.mustRun("", "config", "set", "output", "json")
	filepath.Walk(filepath.Join(e.dir, "config"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			wantNotContains(t, p, string(data), sandbox.DemoToken, "5d2e5ef0c4ee")
		}
		return nil
	})
}
