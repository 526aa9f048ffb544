package status_test

import (
	"encoding/json"
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdtest"
)

func TestStatus(t *testing.T) {
	e := cmdtest.New(t)
	r := e.Run("", "status")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth)
	cmdtest.WantContains(t, "error", cmdtest.OneErrorLine(t, r), "nothing is stored", "bankctl login", "bankctl tid login", "bankctl tbusiness login")

	e.Login("default")
	r = e.MustRun("", "status")
	cmdtest.WantContains(t, "status", r.Out, "Profile\tdefault", "iBank URL\t"+e.APIURL(), "iBank token\t…5d2e5ef0c4ee (keyring)", "iBank check\tok: ООО «Северный ветер» (INN 7704521838)")
	r = e.MustRun("", "status", "--json")
	var st map[string]any
	if err := json.Unmarshal([]byte(r.Out), &st); err != nil {
		t.Fatalf("--json: %s", r.Out)
	}
	ib := st["ibank"].(map[string]any)
	if ib["ok"] != true || ib["token_source"] != "keyring" || ib["token_tail"] != "…5d2e5ef0c4ee" {
		t.Fatalf("status %v", st)
	}
	cmdtest.WantNotContains(t, "status", r.Out+r.Err, "8e2ea61a-4091")

	t.Setenv("BANKCTL_IBANK_TOKEN", "0b7c1f52-6a5e-4d61-9a3f-1e0e4c3d2b10")
	r = e.Run("", "status")
	cmdtest.WantCode(t, r, cmdtest.ExitAuth) // a token the bank rejected (401): log in again
	cmdtest.WantContains(t, "status", r.Out, "(env)", "failed: the token is invalid")
	cmdtest.WantNotContains(t, "status", r.Out+r.Err, "0b7c1f52-6a5e")
}
