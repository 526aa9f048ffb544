package e2e

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/onec/onectest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// Ctrl-C in a long statement stops at the end of the current page, exits 130 and prints the
// command that continues; the continuation writes the rest, each operation once. An interrupted
// -o 1c is finished by its continuation, as the same 1С file a run without Ctrl-C writes.
func TestCtrlCInAStatement(t *testing.T) {
	w := newWorld(t)
	w.sb.SetStatementSize(60)
	w.sb.SetPageLimit(10)
	whole := w.mustRun(w.tbEnv(), "", "tb", "statement", "--month", "11.2026", "-o", "jsonl")
	whole1c := w.mustRun(w.tbEnv(), "", "tb", "statement", "--month", "11.2026", "-o", "1c")
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", Delay: 300 * time.Millisecond})
	for _, format := range []string{"jsonl", "1c"} {
		c := exec.Command(binary, "tb", "statement", "--month", "11.2026", "-o", format)
		c.Env = append(append([]string(nil), w.env...), w.tbEnv()...)
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(450 * time.Millisecond) // the first page is in, the second on its way
		c.Process.Signal(syscall.SIGINT)
		code := exitCode(t, c)
		m := regexp.MustCompile(`continue with: (.*)`).FindStringSubmatch(errb.String())
		if code != 130 || m == nil || !strings.Contains(errb.String(), "interrupted") {
			t.Fatalf("%s: exit %d\n%s", format, code, errb.String())
		}
		args := strings.Fields(strings.ReplaceAll(m[1], "'", ""))[1:]
		rest := w.mustRun(w.tbEnv(), "", args...)
		if format == "jsonl" {
			first := strings.Count(out.String(), "\n")
			if first == 0 || first%10 != 0 || !strings.HasSuffix(out.String(), "\n") {
				t.Fatalf("the interrupted run wrote %d lines, not whole pages:\n%s", first, out.String())
			}
			if out.String()+rest.out != whole.out {
				t.Fatalf("the two runs together differ from one whole run (%d + %d lines)", first, strings.Count(rest.out, "\n"))
			}
			continue
		}
		if out.Len() != 0 || !strings.Contains(m[1], "-o 1c") {
			t.Fatalf("an interrupted -o 1c wrote %d bytes, or its continuation is not 1С: %s", out.Len(), m[1])
		}
		a, err1 := onectest.Read([]byte(whole1c.out))
		b, err2 := onectest.Read([]byte(rest.out))
		if err1 != nil || err2 != nil || len(a.Docs) != len(b.Docs) || a.Account["ВсегоПоступило"] != b.Account["ВсегоПоступило"] || a.Account["КонечныйОстаток"] != b.Account["КонечныйОстаток"] {
			t.Fatalf("the continued 1С file differs: %v %v", err1, err2)
		}
	}
}
