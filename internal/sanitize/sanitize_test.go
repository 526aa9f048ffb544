package sanitize

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		in   string
		keep Keep
		want string
	}{
		{"ООО «Ромашка»", KeepNone, "ООО «Ромашка»"},
		{"\x1b[2J\x1b]0;pwned\x07", KeepNone, "^[[2J^[]0;pwned^G"},
		{"\x1b]52;c;ZXZpbA==\x07", KeepNone, "^[]52;c;ZXZpbA==^G"},
		{"INN 1234567890\rINN 0987654321", KeepNone, "INN 1234567890^MINN 0987654321"},
		{"40702810\u202e54321", KeepNone, "40702810<U+202E>54321"},
		{"a\x00b\x7fc\u009bd", KeepNone, "a^@b^?c<U+009B>d"},
		{"line\nnext\tcol", KeepLines, "line\nnext\tcol"},
		{"line\nnext\tcol", KeepNone, "line^Jnext^Icol"},
		{"bad \xff byte", KeepNone, "bad \ufffd byte"},
		{"\u2066\u2069\u200f", KeepNone, "<U+2066><U+2069><U+200F>"},
	}
	for _, tt := range tests {
		if got := Text(tt.in, tt.keep); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Line("a\r\nb\tc\nd"); got != "a b c d" {
		t.Errorf("Line: %q", got)
	}
}

func TestJSONKeepsValues(t *testing.T) {
	in := []byte("{\"name\":\"\u202eevil\u0085\x7f\",\"n\":1}")
	out := JSON(in)
	if strings.ContainsRune(string(out), 0x202e) || strings.ContainsRune(string(out), 0x85) || strings.ContainsRune(string(out), 0x7f) {
		t.Fatalf("not escaped: %q", out)
	}
	var a, b any
	if json.Unmarshal(in, &a) != nil || json.Unmarshal(out, &b) != nil {
		t.Fatalf("invalid JSON: %s", out)
	}
	if a.(map[string]any)["name"] != b.(map[string]any)["name"] {
		t.Fatalf("value changed: %q", out)
	}
	plain := []byte(`{"a":"ООО"}`)
	if got := JSON(plain); string(got) != string(plain) {
		t.Fatalf("plain JSON changed: %s", got)
	}
}
