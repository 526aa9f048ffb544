package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// inertText fails when out holds anything that acts on a terminal: a C0 or C1 control other
// than a line break (or a tab where the format keeps them), DEL, a bidi formatting character or
// invalid UTF-8.
func inertText(t *testing.T, what, out string, tabs bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s: invalid UTF-8 reached the terminal: %q", what, out)
	}
	for _, r := range out {
		if r == '\n' || r == '\t' && tabs {
			continue
		}
		if !sanitize.Inert(r) {
			t.Fatalf("%s: %U reached the terminal: %q", what, r, out)
		}
	}
}

// Whatever a bank puts in an answer, what bankctl shows on a terminal (tables, key/value
// documents, YAML, indented JSON, streamed tables) holds no control byte but line breaks.
func FuzzTerminal(f *testing.F) {
	for _, s := range []string{
		`{"name":"\u001b]52;c;cHduZWQ=\u0007","inn":"99\r99","acct":"\u202e4070"}`,
		`[{"\u001b[2J":"x","b":"\u009b31m"},{"b":"\u200f"}]`,
		`{"banks\u001b]0;t\u0007":[{"bic":"1","accounts":[{"n":"\u0000"}]}]}`,
		`"\u001bc"`, `{"a\tb":{"c\nd":"e\u0085f"}}`,
	} {
		f.Add([]byte(s), "\x1b[31mred\x1b[0m\t\u202eabc\r\n\x00")
	}
	everything, err := CompileJQ("..")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, cells string) {
		var buf bytes.Buffer
		row := strings.Split(cells, "|")
		tb := NewTable(row...)
		tb.Append(row...)
		tb.Render(&buf, true)
		inertText(t, "table", buf.String(), false)

		buf.Reset()
		st := NewStreamTable(&buf, row, nil)
		st.Row(row...)
		st.Flush()
		st.Row(append([]string(nil), row...)...)
		st.Flush()
		inertText(t, "stream table", buf.String(), false)

		n, err := Parse(data)
		if err != nil {
			return
		}
		buf.Reset()
		if err := Document(&buf, n, true, Labels{}); err != nil {
			t.Fatal(err)
		}
		inertText(t, "document", buf.String(), false)
		buf.Reset()
		if err := YAML(&buf, data, true); err != nil {
			t.Fatal(err)
		}
		inertText(t, "yaml", buf.String(), true)
		buf.Reset()
		if err := JSON(&buf, data, true); err != nil {
			t.Fatal(err)
		}
		inertText(t, "json", buf.String(), false)
		buf.Reset()
		if err := JQ(&buf, everything, data, true); err != nil {
			t.Fatal(err)
		}
		inertText(t, "jq", buf.String(), true) // strings print raw, as jq -r prints them: tabs stay
	})
}
