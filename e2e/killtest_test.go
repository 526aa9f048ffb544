package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// The exactly-once promise under kill -9: batches of drafts against a slowed sandbox, two runs
// at a time, killed with SIGKILL at random moments and started again until done. From the
// sandbox's own record: no draft is created twice, none is lost silently (each is created, or
// held as unknown in the journal), and at most one in five of the drafts left unknown never
// reached the bank (the intent is written after the pacing wait, just before the request).
// -short runs one small round; the full test runs three rounds of 200 drafts and 40 kills.
func TestKillNineNeverSendsTwice(t *testing.T) {
	rounds, n, kills := 3, 200, 40
	if testing.Short() {
		rounds, n, kills = 1, 40, 10
	}
	totalUnknown, totalNeverSent := 0, 0
	for round := 0; round < rounds; round++ {
		unknown, neverSent := killRound(t, round, n, kills)
		totalUnknown += unknown
		totalNeverSent += neverSent
	}
	t.Logf("%d round(s) of %d drafts, %d kills each: 0 created twice, 0 lost; %d left unknown, %d of them never reached the bank",
		rounds, n, kills, totalUnknown, totalNeverSent)
	if totalNeverSent*5 > totalUnknown && totalNeverSent > 1 {
		t.Fatalf("%d of %d unknown drafts never reached the bank: more than one in five", totalNeverSent, totalUnknown)
	}
}

func killRound(t *testing.T, round, n, kills int) (unknown, neverSent int) {
	w := newWorld(t)
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/payment/create", Delay: 40 * time.Millisecond})
	acct := requisites.WithKey("40702810X00000012345", "044525225")
	var b strings.Builder
	b.WriteString("documentNumber,amount,recipientName,inn,kpp,bankAcnt,bankBik,paymentPurpose\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d,%d.%02d,ООО «Ромашка»,7707083893,773601001,%s,044525225,Оплата по счету %d\n", i, 100+i, i%100, acct, i)
	}
	file := filepath.Join(w.dir, "drafts.csv")
	os.WriteFile(file, []byte(b.String()), 0o600)
	env := append(append([]string(nil), w.env...), w.tbEnv()...)
	start := func() *exec.Cmd {
		c := exec.Command(binary, "tb", "payment", "create", "--input", file, "-o", "jsonl")
		c.Env = env
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	rng := rand.New(rand.NewPCG(uint64(round), 42))
	for k := 0; k < kills; k += 2 {
		// Two runs at once; each is killed at a random moment.
		var wg sync.WaitGroup
		for _, c := range []*exec.Cmd{start(), start()} {
			wg.Add(1)
			go func(c *exec.Cmd, after time.Duration) {
				defer wg.Done()
				time.Sleep(after)
				c.Process.Signal(syscall.SIGKILL)
				c.Wait()
			}(c, time.Duration(rng.IntN(600))*time.Millisecond)
		}
		wg.Wait()
	}
	// Run again until nothing is left to send.
	for i := 0; ; i++ {
		r := w.run(w.tbEnv(), "", "tb", "payment", "create", "--input", file, "-o", "jsonl")
		sent := 0
		for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
			var row struct{ Result string }
			json.Unmarshal([]byte(line), &row)
			if row.Result != "skipped" && row.Result != "held" {
				sent++
			}
		}
		if r.code == 0 || r.code == 1 && sent == 0 {
			break
		}
		if i > 5 {
			t.Fatalf("round %d: still sending after %d runs:\n%s%s", round, i, r.out, r.err)
		}
	}
	// What the bank made and read, by document number.
	created := map[string]int{}
	for _, d := range w.sb.Drafts() {
		created[d["documentNumber"].(string)]++
	}
	reached := map[string]bool{}
	for _, req := range w.sb.RequestsTo("/openapi/api/v1/payment/create") {
		var body struct{ DocumentNumber string }
		if json.Unmarshal([]byte(req.Body), &body) == nil {
			reached[body.DocumentNumber] = true
		}
	}
	r := w.run(w.tbEnv(), "", "tb", "payment", "create", "--input", file, "--dry-run", "-o", "jsonl")
	held := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var row struct{ Number, Result, Reason string }
		json.Unmarshal([]byte(line), &row)
		if row.Result == "would hold" && row.Reason == "unknown" {
			held[row.Number] = true
		}
	}
	for i := 1; i <= n; i++ {
		num := fmt.Sprint(i)
		switch {
		case created[num] > 1:
			t.Errorf("round %d: draft %s was created %d times", round, num, created[num])
		case created[num] == 0 && !held[num]:
			t.Errorf("round %d: draft %s was lost: not created, not held as unknown", round, num)
		}
		if held[num] {
			unknown++
			if !reached[num] {
				neverSent++
			}
		}
	}
	return unknown, neverSent
}
