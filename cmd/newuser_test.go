package cmd_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// What a new user runs into (the rough edges of the new-user issue), each as they would see it.
func TestNewUserRoughEdges(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")

	// -o takes its names in any case.
	r := e.MustRun("", "ibank", "client-info", "-o", "JSON")
	var v map[string]any
	if json.Unmarshal([]byte(r.Out), &v) != nil || v["clientInfo"] == nil {
		t.Fatalf("-o JSON printed %q", r.Out)
	}
	r = e.MustRun("", "ibank", "client-info", "-o", "Yaml")
	cmdtest.WantContains(t, "-o Yaml", r.Out, "clientInfo:\n  name: ООО «Северный ветер»\n")

	// --jq with an -o it cannot honour, both on the command line: a usage error.
	r = e.Run("", "ibank", "client-info", "-o", "yaml", "--jq", ".clientInfo.inn")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "--jq filters JSON: it cannot be used with -o yaml")
	// From the environment, -o gives way to --jq.
	t.Setenv("BANKCTL_OUTPUT", "yaml")
	r = e.MustRun("", "ibank", "client-info", "--jq", ".clientInfo.inn")
	if r.Out != "7704521838\n" {
		t.Fatalf("--jq with BANKCTL_OUTPUT=yaml printed %q", r.Out)
	}
	t.Setenv("BANKCTL_OUTPUT", "")

	// "Did you mean" suggestions: one error line, then one suggestion a line.
	r = e.Run("", "statu")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	lines := cmdtest.Lines(r.Err)
	if len(lines) != 4 || !strings.HasPrefix(lines[0], `bankctl: unknown command "statu"`) || lines[1] != "  Did you mean this?" ||
		lines[2] != "  status" || !strings.HasPrefix(lines[3], "Run 'bankctl --help'") {
		t.Fatalf("did you mean:\n%s", r.Err)
	}

	// A 404 after -f made a GET into a POST says so.
	r = e.Run("", "ibank", "api", "client/inf", "-f", "page=2")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "404 hint", cmdtest.OneErrorLine(t, r), "POST "+e.APIURL()+"/client/inf", "the fields made this a POST: pass -X GET")

	// --debug keeps the bank's own "code" field readable (only T-ID traffic hides code).
	r = e.Run("", "--debug", "ibank", "api", "no/such")
	cmdtest.WantContains(t, "debug", r.Err, `< {"code":"NOT_FOUND","message":"метод не найден"}`)
}

// After a 401 or 403, the advice follows where the token came from: a variable is to be
// replaced, a stored token renewed with login.
func TestAdviceFollowsWhereTheTokenCameFrom(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	e.SB.AddFault(sandbox.Fault{Path: "/api/client/info", Status: 401, Body: `{"code":"UNAUTHORIZED","message":"токен не найден"}`, Times: 1})
	r := e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "stored token", r.Err, "bankctl login")
	cmdtest.WantNotContains(t, "stored token", r.Err, "BANKCTL_IBANK_TOKEN")

	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.ExpiredToken)
	r = e.Run("", "ibank", "client-info")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "env token", cmdtest.OneErrorLine(t, r), "replace BANKCTL_IBANK_TOKEN")
	cmdtest.WantNotContains(t, "env token", r.Err, "bankctl login", sandbox.ExpiredToken)

	t.Setenv("BANKCTL_TBUSINESS_TOKEN", "tb.not-the-sandbox-token-0123")
	r = e.Run("", "tb", "company")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "T-Business env token", cmdtest.OneErrorLine(t, r), "the token in BANKCTL_TBUSINESS_TOKEN is invalid or expired: replace it")
	cmdtest.WantNotContains(t, "T-Business env token", r.Err, "tb.not-the-sandbox-token-0123")
}

// A short token shows at most a quarter of itself; a UUID token its last 12 characters, by
// which the web bank finds it.
func TestStatusShowsOnlyATokenTail(t *testing.T) {
	e := cmdtest.New(t)
	t.Setenv("BANKCTL_IBANK_URL", e.APIURL())
	t.Setenv("BANKCTL_IBANK_TOKEN", "abcdefgh12345678")
	r := e.Run("", "status")
	cmdtest.WantContains(t, "short token", r.Out, "iBank token\t…5678 (env)")
	cmdtest.WantNotContains(t, "short token", r.Out+r.Err, "h12345678", "12345678 ")
	t.Setenv("BANKCTL_IBANK_TOKEN", sandbox.DemoToken)
	r = e.MustRun("", "status")
	cmdtest.WantContains(t, "UUID token", r.Out, "iBank token\t…5d2e5ef0c4ee (env)")
}
