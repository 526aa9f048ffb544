package e2e

import (
	"strings"
	"testing"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestClientInfoStampede(t *testing.T) {
	w := newWorld(t)
	env := []string{"BANKCTL_KEYRING=file"}
	w.mustRun(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token")
	for i, r := range w.runConcurrently(50, env, "ibank", "client-info", "-o", "json") {
		if r.code != 0 || !strings.Contains(r.out, `"inn": "7704521838"`) && !strings.Contains(r.out, `"inn":"7704521838"`) {
			t.Errorf("process %d: exit %d\n%s", i, r.code, r.err)
		}
	}
}
