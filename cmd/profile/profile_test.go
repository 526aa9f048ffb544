package profile_test

import (
	"encoding/json"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/cmd/profile"
	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestProfileErrors(t *testing.T) {
	e := cmdtest.New(t)
	r := e.Run("", "profile", "use", "nosuch")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), `no profile "nosuch"`)
	r = e.Run("", "profile", "use", "-bad")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	// A profile that does not exist: exit 1 naming it, nothing asked, nothing changed.
	r = e.Run("", "profile", "delete", "nosuch", "--yes")
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), `no profile "nosuch"`)
	e.MustRun("", "config", "set", "ibank.url", e.APIURL())
	r = e.Run("", "profile", "delete", "default")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "--yes")
}

func TestProfilesKeepTokensApart(t *testing.T) {
	e := cmdtest.New(t)
	e.Login("default")
	r := e.Run(sandbox.DemoToken, "-p", "acme", "login", "--url", e.APIURL(), "--with-token")
	cmdtest.WantCode(t, r, 0)
	e.MustRun("", "profile", "use", "acme")
	r = e.MustRun("", "profile", "list")
	cmdtest.WantContains(t, "profile list", r.Out, "*\tacme\t"+e.APIURL(), "\tdefault\t")
	e.MustRun("", "profile", "delete", "acme", "--yes")
	if _, err := e.StoredToken("acme"); err == nil {
		t.Fatal("profile delete left its token")
	}
	if got, _ := e.StoredToken("default"); got != sandbox.DemoToken {
		t.Fatal("profile delete removed another profile's token")
	}
	r = e.MustRun("", "profile", "list", "-o", "json")
	var rows []profile.Row
	if err := json.Unmarshal([]byte(r.Out), &rows); err != nil || len(rows) != 1 || rows[0].Name != "default" || !rows[0].Current {
		t.Fatalf("after delete: %s (%v)", r.Out, err)
	}
}
