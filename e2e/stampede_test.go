package e2e

import (
	"strings"
	"sync"
	"testing"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestClientInfoStampede(t *testing.T) {
	w := newWorld(t)
	env := []string{"BANKCTL_KEYRING=file"}
	w.mustRun(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token")
	const n = 50
	var wg sync.WaitGroup
	results := make([]result, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = w.run(env, "", "ibank", "client-info", "-o", "json")
		}(i)
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 || !strings.Contains(r.out, `"inn": "9999980892"`) && !strings.Contains(r.out, `"inn":"9999980892"`) {
			t.Errorf("process %d: exit %d\n%s", i, r.code, r.err)
		}
	}
}
