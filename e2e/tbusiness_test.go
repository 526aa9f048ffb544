package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// tbEnv points bankctl at the sandbox's T-Business with its self-service token.
func (w *world) tbEnv() []string {
	return []string{"BANKCTL_TBUSINESS_TOKEN=" + sandbox.TBusinessToken, "BANKCTL_TBUSINESS_ACCOUNT=" + sandbox.MainAccount, "BANKCTL_KEYRING=file"}
}

func draftsFile(t *testing.T, w *world, n int) string {
	acct := requisites.WithKey("40702810X00000012345", "044525225")
	var b strings.Builder
	b.WriteString("documentNumber,amount,recipientName,inn,kpp,bankAcnt,bankBik,paymentPurpose\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,%d.25,ООО «Ромашка»,7707083893,770101001,%s,044525225,Оплата по счету %d\n", 1+i, 100+i, acct, i)
	}
	p := filepath.Join(w.dir, "drafts.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)
	return p
}

// Two runs of the same batch at once: the second waits for the journal's lock, then skips what
// the first created. Each draft is created once.
func TestPaymentRunsOverlap(t *testing.T) {
	w := newWorld(t)
	file := draftsFile(t, w, 12)
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/payment/create", Delay: 30 * time.Millisecond})
	results := w.runConcurrently(3, w.tbEnv(), "tb", "payment", "create", "--input", file)
	created, skipped := 0, 0
	for i, r := range results {
		if r.code != 0 {
			t.Errorf("run %d: exit %d\n%s%s", i, r.code, r.out, r.err)
		}
		created += strings.Count(r.out, "\tcreated")
		skipped += strings.Count(r.out, "\tskipped")
	}
	if n := len(w.sb.Drafts()); n != 12 || created != 12 || skipped != 24 {
		t.Fatalf("%d drafts at the bank, %d created, %d skipped; want 12, 12, 24", n, created, skipped)
	}
}

// A run killed while a create is on the wire: the next run skips what was created and holds
// the interrupted draft back as unknown.
func TestPaymentKilledMidBatch(t *testing.T) {
	w := newWorld(t)
	file := draftsFile(t, w, 5)
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/payment/create", After: 2, Delay: 30 * time.Second, Times: 1})
	c := exec.Command(binary, "tb", "payment", "create", "--input", file)
	c.Env = append(append([]string(nil), w.env...), w.tbEnv()...)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(w.sb.RequestsTo("/openapi/api/v1/payment/create")) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGKILL)
	c.Wait()
	w.sb.Reset()
	r := w.run(w.tbEnv(), "", "tb", "payment", "create", "--input", file)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (a draft held back)\n%s%s", r.code, r.out, r.err)
	}
	if strings.Count(r.out, "\tskipped") != 2 || strings.Count(r.out, "\theld (unknown)") != 1 || strings.Count(r.out, "\tcreated") != 2 {
		t.Fatalf("after the kill:\n%s", r.out)
	}
	if n := len(w.sb.RequestsTo("/openapi/api/v1/payment/create")); n != 2 {
		t.Fatalf("%d creates: only the two never sent may go", n)
	}
}

// Processes using the same token share the bank's per-method limit: twelve at once stay
// under six company calls a second, so the bank refuses none.
func TestPacingAcrossProcesses(t *testing.T) {
	w := newWorld(t)
	start := time.Now()
	for i, r := range w.runConcurrently(12, w.tbEnv(), "tb", "company", "-o", "json") {
		if r.code != 0 {
			t.Errorf("process %d: exit %d\n%s", i, r.code, r.err)
		}
	}
	if n := w.sb.RateLimited(); n != 0 {
		t.Fatalf("the bank refused %d requests for going over the limit", n)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("12 company calls took %s: faster than 6 a second", d)
	}
}

// The T-ID path with the real Secret Service: log in for the company, then a statement and a
// draft; five processes at once on an expiring token refresh it once.
func TestTBusinessThroughTIDWithSecretService(t *testing.T) {
	requireKeyring(t)
	w := newWorld(t)
	profile := "tbusiness-keyring"
	t.Cleanup(func() {
		for _, k := range []string{"tid", "tid-client-secret", "tbusiness"} {
			keyring.Delete("bankctl", profile+"/"+k)
		}
	})
	env := []string{"BANKCTL_TID_URL=" + w.srv.URL, "BANKCTL_TID_CLIENT_ID=" + sandbox.DemoClientID,
		"BANKCTL_TID_CLIENT_SECRET=" + sandbox.DemoClientSecret, "BANKCTL_TID_REDIRECT_URI=" + freeRedirect(t),
		"BANKCTL_PROFILE=" + profile, "BANKCTL_TBUSINESS_ACCOUNT=" + sandbox.MainAccount}
	w.sb.SetAccessTTL(30 * time.Second)
	w.mustRun(append(env, "BANKCTL_BROWSER="+binary+" sandbox approve"), "", "tid", "login", "--inn", sandbox.CompanyINN, "--kpp", sandbox.CompanyKPP)
	w.sb.SetAccessTTL(30 * time.Minute)
	for i, r := range w.runConcurrently(5, env, "tb", "accounts", "-o", "jsonl") {
		if r.code != 0 || strings.Count(r.out, "\n") != 3 {
			t.Errorf("process %d: exit %d\n%s%s", i, r.code, r.out, r.err)
		}
	}
	if n := w.sb.Refreshes(); n != 1 {
		t.Fatalf("%d refreshes for five processes, want 1", n)
	}
	r := w.mustRun(env, "", "tb", "statement", "-o", "jsonl")
	if n := strings.Count(r.out, "\n"); n != 14 {
		t.Fatalf("%d operations", n)
	}
	r = w.mustRun(env, "", "tb", "payment", "create", "--input", draftsFile(t, w, 2))
	if strings.Count(r.out, "\tcreated") != 2 {
		t.Fatalf("create:\n%s", r.out)
	}
	r = w.mustRun(env, "", "status")
	contains(t, "status", r.out, "T-Business token\tT-ID", "T-Business check\tok: ООО «Северный ветер»")
}
