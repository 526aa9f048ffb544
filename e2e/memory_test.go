package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/creack/pty"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// hostileBodies are answers shaped to blow up a renderer: deep nesting, many tiny values, many
// keys, a wide table. Before rendering became a tape, the first took 2 GB for 1.9 MiB.
func hostileBodies() map[string][]byte {
	deepKey := strings.Repeat("k", 750)
	var numbers, keys, rows bytes.Buffer
	numbers.WriteString("[")
	for i := 0; i < 4_000_000; i++ {
		numbers.WriteString("1,")
	}
	numbers.WriteString("1]")
	keys.WriteString("{")
	for i := 0; i < 300_000; i++ {
		fmt.Fprintf(&keys, `"field%d":"value %d",`, i, i)
	}
	keys.WriteString(`"last":1}`)
	rows.WriteString(`{"items":[`)
	for i := 0; i < 20_000; i++ {
		if i > 0 {
			rows.WriteString(",")
		}
		rows.WriteString("{")
		for c := 0; c < 30; c++ {
			fmt.Fprintf(&rows, `"column%d":"row %d cell %d",`, c, i, c)
		}
		fmt.Fprintf(&rows, `"nested":{"a":[%d,{"b":"c"}]}}`, i)
	}
	rows.WriteString("]}")
	return map[string][]byte{
		"objects nested 2,000 deep": []byte(strings.Repeat(`{"`+deepKey+`":`, 2000) + "1" + strings.Repeat("}", 2000)),
		"arrays nested 9,000 deep":  []byte(strings.Repeat("[", 9000) + strings.Repeat("]", 9000)),
		"4 million small numbers":   numbers.Bytes(),
		"an object of 300,000 keys": keys.Bytes(),
		"20,000 rows of 30 columns": rows.Bytes(),
	}
}

// Rendering any answer under the body cap takes under 10x its size plus 50 MB, measured as the
// peak resident memory of the bankctl process, for tables on a terminal and piped, and YAML.
func TestRenderingMemoryIsBoundedByTheBody(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak memory is read from Linux's rusage")
	}
	if testing.Short() {
		t.Skip("-short: the memory bound renders about 40 MB of hostile answers")
	}
	bodies := hostileBodies()
	var current atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(*current.Load())
	}))
	defer srv.Close()
	w := newWorld(t)
	env := []string{"BANKCTL_IBANK_URL=" + srv.URL + "/api", "BANKCTL_IBANK_TOKEN=" + sandbox.DemoToken, "BANKCTL_KEYRING=file"}
	for name, body := range bodies {
		current.Store(&body)
		for _, run := range []struct {
			how  string
			args []string
		}{
			{"pty", []string{"ibank", "client-info"}},
			{"pipe", []string{"ibank", "client-info"}},
			{"pipe", []string{"ibank", "client-info", "-o", "yaml"}},
			{"pty", []string{"ibank", "client-info", "-o", "yaml"}},
		} {
			m := w.measure(t, env, run.how, run.args...)
			what := fmt.Sprintf("%s (%.1f MB), %s on a %s", name, mb(len(body)), strings.Join(run.args, " "), run.how)
			limit := 10*int64(len(body)) + 50<<20
			t.Logf("%s: peak %.0f MB (limit %.0f MB), %d bytes shown", what, mb(int(m.Peak)), mb(int(limit)), m.Out)
			if m.Code != 0 || m.Out == 0 {
				t.Errorf("%s: exit %d, %d bytes out", what, m.Code, m.Out)
			}
			if m.Peak > limit {
				t.Errorf("%s: peak memory %.0f MB over %.0f MB", what, mb(int(m.Peak)), mb(int(limit)))
			}
		}
	}
}

func mb(n int) float64 { return float64(n) / (1 << 20) }

const measureEnv = "BANKCTL_E2E_MEASURE"

type measured struct {
	Peak int64 // bytes
	Out  int64
	Code int
	Err  string // the end of stderr
}

// measure runs bankctl under a small helper process (this test binary in measure mode) and
// returns its peak memory. Linux counts a child's peak from the memory of the process that
// started it, so the helper, not this test with its bodies in memory, starts bankctl.
func (w *world) measure(t *testing.T, env []string, how string, args ...string) measured {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(self, args...)
	c.Env = append(append(append([]string(nil), w.env...), env...), measureEnv+"="+how, "BANKCTL_E2E_BINARY="+binary)
	out, err := c.Output()
	if err != nil {
		t.Fatalf("measuring %v: %v", args, err)
	}
	var m measured
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("measuring %v: %q", args, out)
	}
	return m
}

// measure is the helper's main: run bankctl with stdout on a pseudo-terminal or a pipe, count
// what it prints, and report its peak memory as JSON.
func measure() int {
	c := exec.Command(os.Getenv("BANKCTL_E2E_BINARY"), os.Args[1:]...)
	var count countingWriter
	var stderr bytes.Buffer
	c.Stderr = &stderr
	var wait func()
	if os.Getenv(measureEnv) == "pty" {
		ptmx, tty, err := pty.Open()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		c.Stdout = tty
		done := make(chan struct{})
		go func() { io.Copy(&count, ptmx); close(done) }()
		wait = func() { tty.Close(); <-done; ptmx.Close() }
	} else {
		c.Stdout = &count
		wait = func() {}
	}
	err := c.Run()
	wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	peak := c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	errText := stderr.String()
	if len(errText) > 2000 {
		errText = errText[len(errText)-2000:]
	}
	json.NewEncoder(os.Stdout).Encode(measured{Peak: peak, Out: count.n, Code: code, Err: errText})
	return 0
}

// countingWriter counts what a command prints.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
