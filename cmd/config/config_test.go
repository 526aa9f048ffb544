package config_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestConfigCommands(t *testing.T) {
	e := cmdtest.New(t)
	r := e.MustRun("", "config", "path")
	if strings.TrimSpace(r.Out) != e.CfgPath {
		t.Fatalf("config path %q, want %q", r.Out, e.CfgPath)
	}
	e.MustRun("", "config", "set", "ibank.url", e.APIURL())
	e.MustRun("", "-p", "acme", "config", "set", "tid.inn", "7704521838")
	e.MustRun("", "config", "set", "timeout", "45s")
	r = e.MustRun("", "config", "get", "ibank.url")
	if r.Out != e.APIURL()+"\n" {
		t.Fatalf("get %q", r.Out)
	}
	r = e.Run("", "config", "get", "tid.inn")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), `tid.inn is not set for profile "default"`)
	r = e.MustRun("", "-p", "acme", "config", "list", "-o", "json")
	var m map[string]string
	json.Unmarshal([]byte(r.Out), &m)
	if m["tid.inn"] != "7704521838" || m["timeout"] != "45s" {
		t.Fatalf("list %v", m)
	}
	for _, args := range [][]string{{"set", "nosuch", "x"}, {"set", "output", "xml"}, {"set", "tid.inn", "12"}, {"set", "ibank.url", "ftp://x"}, {"set", "current_profile", "Bad"}} {
		r := e.Run("", append([]string{"config"}, args...)...)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	}
	// A URL carrying a password or a token never reaches the config file, nor the error.
	for _, u := range []string{"https://partner:s3cret-pass@ibank.bankname.ru/api", "https://ibank.bankname.ru/api?token=s3cret-pass", "https://ibank.bankname.ru/api#s3cret-pass"} {
		r := e.Run("", "config", "set", "ibank.url", u)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		data, _ := os.ReadFile(e.CfgPath)
		cmdtest.WantNotContains(t, "config set "+u, r.Err+string(data), "s3cret-pass")
	}
	r = e.Run("", "config", "set", "tid.redirect_uri", "https://partner:s3cret-pass@partner.ru/cb")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantNotContains(t, "redirect URI", r.Err, "s3cret-pass")
	e.MustRun("", "config", "set", "tid.redirect_uri", "https://partner.ru/cb?x=1") // OAuth allows a query
	e.MustRun("", "config", "unset", "timeout")
	st, err := os.Stat(e.CfgPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("config mode: %v %v", st.Mode(), err)
	}
	dst, _ := os.Stat(e.Dir + "/config/bankctl")
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("config folder mode %v", dst.Mode().Perm())
	}
	data, _ := os.ReadFile(e.CfgPath)
	cmdtest.WantNotContains(t, "config", string(data), "timeout")
	cmdtest.WantContains(t, "config", string(data), "acme:", "inn: \"7704521838\"")
}

func TestConfigFileIsALayer(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.MustRun("", "config", "set", "output", "yaml")
	r := e.MustRun("", "ibank", "client-info")
	cmdtest.WantContains(t, "stdout", r.Out, "clientInfo:\n")
	t.Setenv("BANKCTL_OUTPUT", "json")
	r = e.MustRun("", "ibank", "client-info")
	if !json.Valid([]byte(r.Out)) {
		t.Fatal("the environment did not beat the config file")
	}
	r = e.MustRun("", "--jq", ".clientInfo.kpp", "ibank", "client-info")
	if r.Out != "770401001\n" {
		t.Fatalf("--jq %q", r.Out)
	}
}

func TestBrokenConfigIsNamedAndKept(t *testing.T) {
	e := cmdtest.New(t)
	broken := "current_profile: default\nprofiles:\n  default:\n    ibank:\n      url: [unclosed\n"
	os.MkdirAll(e.Dir+"/config/bankctl", 0o700)
	os.WriteFile(e.CfgPath, []byte(broken), 0o600)
	for _, args := range [][]string{{"status"}, {"ibank", "client-info"}, {"config", "set", "output", "json"}, {"profile", "use", "default"}} {
		r := e.Run(sandbox.DemoToken, args...)
		cmdtest.WantCode(t, r, cmdtest.ExitError)
		cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), e.CfgPath, "line ")
	}
	r := e.Run(sandbox.DemoToken, "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	data, _ := os.ReadFile(e.CfgPath)
	if string(data) != broken {
		t.Fatalf("the broken config was changed:\n%s", data)
	}
	// Commands that need no config still work.
	e.MustRun("", "version")
	e.MustRun("", "config", "path")
}

func TestUnknownConfigKeyInFileNamesLine(t *testing.T) {
	e := cmdtest.New(t)
	os.MkdirAll(e.Dir+"/config/bankctl", 0o700)
	os.WriteFile(e.CfgPath, []byte("output: json\ncolour: red\n"), 0o600)
	r := e.Run("", "config", "list")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), e.CfgPath, "line 2", "colour")
}

func TestConfigFolderNeverHoldsToken(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.MustRun("", "config", "set", "output", "json")
	filepath.Walk(filepath.Join(e.Dir, "config"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			cmdtest.WantNotContains(t, p, string(data), sandbox.DemoToken, "5d2e5ef0c4ee")
		}
		return nil
	})
}
