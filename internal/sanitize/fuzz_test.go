package sanitize

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// Whatever a server sends, what Text lets through holds no control or bidi character but the
// whitespace asked for, and JSON stays the same JSON.
func FuzzText(f *testing.F) {
	for _, s := range []string{"\x1b[2J", "\u202e123", "a\r\nb", "\xff\xfe", "\u0085", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []Keep{KeepNone, KeepLines} {
			out := Text(s, keep)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if !Inert(r) && !(keep&KeepNewline != 0 && r == '\n') && !(keep&KeepTab != 0 && r == '\t') {
					t.Fatalf("%q let %U through: %q", s, r, out)
				}
			}
		}
		if b, err := json.Marshal(s); err == nil {
			var back string
			if err := json.Unmarshal(JSON(b), &back); err != nil || back != string([]rune(s)) && utf8.ValidString(s) {
				t.Fatalf("JSON changed %q: %q %v", s, back, err)
			}
			for _, r := range string(JSON(b)) {
				if r == 0x7f || r >= 0x80 && r <= 0x9f || isBidi(r) {
					t.Fatalf("JSON kept %U", r)
				}
			}
		}
	})
}
