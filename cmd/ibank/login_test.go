package ibank_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/ibank"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestLoginFlagsToOptions(t *testing.T) {
	tests := []struct {
		args []string
		want cmdutil.LoginFlags
	}{
		{[]string{}, cmdutil.LoginFlags{}},
		{[]string{"--url", "https://ibank.x.ru/api", "--with-token"}, cmdutil.LoginFlags{URL: "https://ibank.x.ru/api", WithToken: true}},
		{[]string{"--no-verify", "--insecure-storage"}, cmdutil.LoginFlags{NoVerify: true, InsecureStorage: true}},
	}
	for _, tt := range tests {
		e := cmdtest.New(t)
		var got *ibank.LoginOptions
		ios, _, _, _ := iostreams.Test()
		f := cmdutil.New(ios)
		c := ibank.NewCmdLogin(f, func(o *ibank.LoginOptions) error { got = o; return nil })
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
	e := cmdtest.New(t)
	r := e.MustRun("  "+sandbox.DemoToken+"\n", "login", "--url", e.APIURL()+"/", "--with-token")
	cmdtest.WantContains(t, "stderr", r.Err, "ООО «Северный ветер»", "INN 7704521838", strings.TrimPrefix(e.Srv.URL, "http://"), "…5d2e5ef0c4ee", "OS keyring")
	if r.Out != "" {
		t.Errorf("login printed to stdout: %q", r.Out)
	}
	if got, err := e.StoredToken("default"); err != nil || got != sandbox.DemoToken {
		t.Fatalf("stored token = %q, %v; want the trimmed demo token", got, err)
	}
	cfg, err := os.ReadFile(e.CfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cmdtest.WantContains(t, "config", string(cfg), "url: "+e.APIURL()+"\n")
	cmdtest.WantNotContains(t, "config", string(cfg), sandbox.DemoToken)

	t.Run("table piped is TSV", func(t *testing.T) {
		r := e.MustRun("", "ibank", "client-info")
		cmdtest.WantContains(t, "stdout", r.Out, "Organisation\tООО «Северный ветер»\n", "INN\t7704521838\n", "Employee\tИванова Мария Сергеевна\n",
			"044525999\tАО «Банк Пример»\t40702810600000012345\tRUB\tOPEN\t1250000.50")
	})
	t.Run("table on a terminal", func(t *testing.T) {
		e.StdoutTTY = true
		defer func() { e.StdoutTTY = false }()
		r := e.MustRun("", "ibank", "client-info")
		cmdtest.WantContains(t, "stdout", r.Out, "Accounts\n", "BANK", "ACCOUNT", "BALANCE", "ПАО «Уральский Пример»", "40702810216540000777")
		cmdtest.WantNotContains(t, "stdout", r.Out, "\t")
	})
	t.Run("json is the server's body", func(t *testing.T) {
		r := e.MustRun("", "ibank", "client-info", "-o", "json")
		if strings.TrimSpace(r.Out) != strings.TrimSpace(string(e.SB.ClientInfo)) {
			t.Fatalf("json output differs from the server's body:\n%s", r.Out)
		}
	})
	t.Run("yaml", func(t *testing.T) {
		r := e.MustRun("", "ibank", "client-info", "-o", "yaml")
		cmdtest.WantContains(t, "stdout", r.Out, "clientInfo:\n  name: ООО «Северный ветер»\n", "  inn: \"7704521838\"\n", "accountNumber: \"40702810600000012345\"")
	})
	t.Run("jq", func(t *testing.T) {
		r := e.MustRun("", "ibank", "client-info", "--jq", `[.banks[].accounts[] | select(.currency=="RUB") | .accountNumber] | join(",")`)
		if r.Out != "40702810600000012345,40702810216540000777\n" {
			t.Fatalf("jq output %q", r.Out)
		}
	})
	t.Run("env output", func(t *testing.T) {
		t.Setenv("BANKCTL_OUTPUT", "json")
		r := e.MustRun("", "ibank", "client-info")
		if !json.Valid([]byte(r.Out)) {
			t.Fatalf("BANKCTL_OUTPUT=json did not give JSON: %s", r.Out)
		}
		r = e.MustRun("", "ibank", "client-info", "-o", "yaml")
		cmdtest.WantContains(t, "stdout", r.Out, "clientInfo:") // the flag beats the environment
	})
	t.Run("token prints the token alone", func(t *testing.T) {
		r := e.MustRun("", "ibank", "token")
		if r.Out != sandbox.DemoToken+"\n" || r.Err != "" {
			t.Fatalf("ibank token: out %q err %q", r.Out, r.Err)
		}
	})
}

func TestLoginUnknownFieldsNeverFail(t *testing.T) {
	e := cmdtest.New(t)
	e.SB.SetClientInfo([]byte(`{"orgName":"ИП Петров","newThing":{"deep":[1,2]},"list":[{"a":1},{"b":"два"}],"n":12345678901234567890}`))
	e.Login("default")
	r := e.MustRun("", "ibank", "client-info")
	cmdtest.WantContains(t, "stdout", r.Out, "orgName\tИП Петров", "newThing.deep\t1, 2", "n\t12345678901234567890", "два")
	r = e.MustRun("", "ibank", "client-info", "-o", "json")
	cmdtest.WantContains(t, "stdout", r.Out, "12345678901234567890", `"newThing"`)
}

func TestLoginRejectedTokenKeepsStoredOne(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	r := e.Run(sandbox.ExpiredToken+"\n", "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	line := cmdtest.OneErrorLine(t, r)
	cmdtest.WantContains(t, "error", line, "not stored", "invalid, expired or deleted", "Настройки → Интеграция", "срок действия токена истёк")
	cmdtest.WantNotContains(t, "error", r.Err, sandbox.ExpiredToken)
	if got, _ := e.StoredToken("default"); got != sandbox.DemoToken {
		t.Fatalf("the stored token was replaced by a rejected one: %q", got)
	}
	e.MustRun("", "ibank", "client-info")
}

func TestLoginIPLimitedExits5(t *testing.T) {
	e := cmdtest.New(t)
	r := e.Run(sandbox.IPLimitedToken, "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantCode(t, r, cmdtest.ExitForbidden)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "IP addresses")
	if _, err := e.StoredToken("default"); err == nil {
		t.Fatal("a refused token was stored")
	}
}

func TestLoginNoVerifyStoresAndExpiredThenExits4(t *testing.T) {
	e := cmdtest.New(t)
	r := e.MustRun(sandbox.ExpiredToken, "login", "--url", e.APIURL(), "--with-token", "--no-verify")
	cmdtest.WantContains(t, "stderr", r.Err, "unchecked")
	if len(e.SB.Requests()) != 0 {
		t.Fatalf("--no-verify still called the bank: %+v", e.SB.Requests())
	}
	r = e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "bankctl login")
}

func TestLoginBadInput(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"empty token", "  \n", []string{"--url", "URL", "--with-token"}, cmdtest.ExitUsage, "token is empty"},
		{"two words", "abc def", []string{"--url", "URL", "--with-token"}, cmdtest.ExitUsage, "more than one word"},
		{"bad url", "x", []string{"--url", "ibank.bank.ru", "--with-token"}, cmdtest.ExitUsage, "invalid iBank URL"},
		{"plain http", "x", []string{"--url", "http://ibank.bank.ru/api", "--with-token"}, cmdtest.ExitUsage, "refusing plain http"},
		{"no url", "x", []string{"--with-token"}, cmdtest.ExitUsage, "no iBank URL"},
		{"no terminal", "", []string{"--url", "URL"}, cmdtest.ExitUsage, "--with-token"},
		{"bad profile", "x", []string{"-p", "Bad Name", "--url", "URL", "--with-token"}, cmdtest.ExitUsage, "invalid profile name"},
		{"unknown flag", "", []string{"--token", "abc"}, cmdtest.ExitUsage, "unknown flag"},
		{"argument", "", []string{"extra"}, cmdtest.ExitUsage, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := cmdtest.New(t)
			args := append([]string{"login"}, tt.args...)
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "URL", e.APIURL())
			}
			r := e.Run(tt.stdin, args...)
			cmdtest.WantCode(t, r, tt.code)
			cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), tt.want)
			if _, err := os.Stat(e.CfgPath); err == nil {
				t.Error("a failed login wrote the config file")
			}
		})
	}
}

func TestLoginWithTokenRefusesTerminal(t *testing.T) {
	e := cmdtest.New(t)
	e.StdinTTY = true
	r := e.Run("", "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "standard input, which is a terminal")
}

func TestLoginPromptsOnTerminal(t *testing.T) {
	e := cmdtest.New(t)
	e.StdinTTY = true
	r := e.MustRun(e.APIURL()+"\n"+"not-a-uuid-token\n", "login", "--no-verify")
	cmdtest.WantContains(t, "stderr", r.Err, "iBank API URL", "Paste the iBank token (input is hidden)", "does not look like an iBank token")
	cmdtest.WantNotContains(t, "stderr", r.Err, "not-a-uuid-token")
	if got, _ := e.StoredToken("default"); got != "not-a-uuid-token" {
		t.Fatalf("stored %q", got)
	}
	cfg, _ := os.ReadFile(e.CfgPath)
	cmdtest.WantContains(t, "config", string(cfg), e.APIURL())
}

func TestLoginEnvTokenWarns(t *testing.T) {
	e := cmdtest.New(t)
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.ExpiredToken)
	r := e.MustRun(sandbox.DemoToken, "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantContains(t, "stderr", r.Err, "BANKCTL_IBANK_TOKEN is set and keeps winning")
	if got, _ := e.StoredToken("default"); got != sandbox.DemoToken {
		t.Fatalf("stored %q", got)
	}
	r = e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth) // the environment's (expired) token wins
}

func TestLoginEnvURLIsNotSaved(t *testing.T) {
	e := cmdtest.New(t)
	t.Setenv("BANKCTL_IBANK_URL", e.APIURL())
	e.MustRun(sandbox.DemoToken, "login", "--with-token")
	if _, err := os.Stat(e.CfgPath); err == nil {
		data, _ := os.ReadFile(e.CfgPath)
		t.Fatalf("a URL from the environment was written to the config:\n%s", data)
	}
	e.MustRun("", "ibank", "client-info")
}

func TestLoginInsecureStorage(t *testing.T) {
	e := cmdtest.New(t)
	r := e.MustRun(sandbox.DemoToken, "login", "--url", e.APIURL(), "--with-token", "--insecure-storage")
	cmdtest.WantContains(t, "stderr", r.Err, "plain text in "+e.Secrets, "mode 0600")
	st, err := os.Stat(e.Secrets)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file mode %v", st.Mode().Perm())
	}
	if _, err := e.StoredToken("default"); err == nil {
		t.Fatal("--insecure-storage also wrote the keyring")
	}
	r = e.MustRun("", "status")
	cmdtest.WantContains(t, "status", r.Out, "…5d2e5ef0c4ee (file "+e.Secrets+")")
	e.MustRun("", "ibank", "client-info")
	// Logging in again without the flag moves the token into the keyring and out of the file.
	e.Login("default")
	data, _ := os.ReadFile(e.Secrets)
	cmdtest.WantNotContains(t, "secrets file", string(data), sandbox.DemoToken)
}

func TestLogout(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	r := e.MustRun("", "logout")
	cmdtest.WantContains(t, "stderr", r.Err, "Forgot iBank token …5d2e5ef0c4ee")
	if _, err := e.StoredToken("default"); err == nil {
		t.Fatal("token still stored after logout")
	}
	r = e.MustRun("", "logout")
	cmdtest.WantContains(t, "stderr", r.Err, "nothing to forget")
	r = e.Run("", "ibank", "token")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "not logged in", "bankctl login")
}

func TestNotLoggedInExits4(t *testing.T) {
	e := cmdtest.New(t)
	t.Setenv("BANKCTL_IBANK_URL", e.APIURL())
	for _, args := range [][]string{{"ibank", "client-info"}, {"ibank", "token"}, {"ibank", "api", "client/info"}, {"-p", "work", "ibank", "client-info"}} {
		r := e.Run("", args...)
		cmdtest.WantCode(t, r, cmdtest.ExitAuth)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "not logged in")
	}
	r := e.Run("", "-p", "work", "ibank", "client-info")
	cmdtest.WantContains(t, "error", r.Err, "bankctl -p work login")
}

func TestDebugNeverShowsToken(t *testing.T) {
	e := cmdtest.New(t)
	r := e.MustRun(sandbox.DemoToken, "--debug", "login", "--url", e.APIURL(), "--with-token")
	all := r.Out + r.Err
	r = e.MustRun("", "--debug", "ibank", "client-info", "-o", "json")
	all += r.Err
	t.Setenv("BANKCTL_DEBUG", "1")
	r = e.Run("", "ibank", "api", "echo", "-f", "x=1")
	all += r.Err
	cmdtest.WantContains(t, "debug log", all, "* GET "+e.APIURL()+"/client/info", "Authorization: Bearer [REDACTED]", "< HTTP/1.1 200 OK")
	cmdtest.WantNotContains(t, "debug log", all, sandbox.DemoToken)
}
