package cmdtest

import (
	"strings"
	"testing"
)

// WantCode fails unless r exited with code.
func WantCode(t *testing.T, r Result, code int) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.Code, code, r.Out, r.Err)
	}
}

// WantContains fails unless s holds every one of subs.
func WantContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}

// WantNotContains fails if s holds any of subs.
func WantNotContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			t.Errorf("%s contains %q:\n%s", what, sub, s)
		}
	}
}

// OneErrorLine checks that stderr holds exactly one "bankctl:" error line (plus optional
// suggestions and a usage hint) and returns it.
func OneErrorLine(t *testing.T, r Result) string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(r.Err), "\n") {
		if strings.HasPrefix(l, "bankctl: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(lines), r.Err)
	}
	return lines[0]
}

// ShellSplit splits a command line the way bankctl quotes one (single quotes, '\” inside).
func ShellSplit(s string) []string {
	var out []string
	var cur strings.Builder
	in, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '\'':
			quoted, in = true, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
