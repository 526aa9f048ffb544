// Package sanitize makes text from the network safe to show on a terminal.
//
// A bank, T-ID or a counterparty can put anything into a string: ESC sequences that clear the
// screen, set the window title (OSC 0) or write the clipboard (OSC 52), a carriage return that
// overwrites what was printed before it, or U+202E that shows an account number reversed.
// Whatever reaches a terminal or standard error passes through this package first: C0 and C1
// control characters and Unicode bidi formatting characters are shown inert — ESC as ^[,
// U+202E as <U+202E> — so a person sees that they were there and nothing acts on them.
// gh neutralises API answers the same way (its asciisanitizer).
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Keep says which whitespace controls a format allows through.
type Keep uint8

// Whitespace a caller may keep.
const (
	KeepNone    Keep = 0
	KeepNewline Keep = 1 << iota
	KeepTab
	KeepLines = KeepNewline | KeepTab // multi-line text: \n and \t stay
)

// Inert reports whether r is shown as itself: not a control or bidi formatting character.
func Inert(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return false
	case isBidi(r):
		return false
	}
	return true
}

// isBidi reports the invisible characters that reorder text: LRM, RLM, ALM, the embeddings,
// overrides and isolates.
func isBidi(r rune) bool {
	return r == 0x200e || r == 0x200f || r == 0x061c || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Text returns s with every control and bidi character shown inert, keeping the whitespace keep
// allows. Invalid UTF-8 bytes become U+FFFD. Text that needs no change is returned as it is.
func Text(s string, keep Keep) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !allowed(r, keep) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		writeRune(&b, r, keep)
	}
	return b.String()
}

// Line is Text for one line: tabs and line breaks become spaces, so a value cannot start a line
// of its own (an error message, a table cell).
func Line(s string) string {
	printable := true
	for i := 0; i < len(s) && printable; i++ {
		printable = s[i] >= 0x20 && s[i] < 0x7f
	}
	if printable {
		return s // plain ASCII text, most cells: nothing to change
	}
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\t", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return Text(s, KeepNone)
}

func allowed(r rune, keep Keep) bool {
	switch r {
	case '\n':
		return keep&KeepNewline != 0
	case '\t':
		return keep&KeepTab != 0
	}
	return Inert(r)
}

func writeRune(b *strings.Builder, r rune, keep Keep) {
	switch {
	case allowed(r, keep):
		b.WriteRune(r)
	case r < 0x20:
		b.WriteByte('^')
		b.WriteByte(byte(r) + '@') // ESC → ^[, NUL → ^@, CR → ^M
	case r == 0x7f:
		b.WriteString("^?")
	default:
		b.WriteString(hexRune(r))
	}
}

// hexRune is <U+202E>.
func hexRune(r rune) string {
	const digits = "0123456789ABCDEF"
	buf := []byte("<U+0000>")
	for i := 6; i >= 3; i-- {
		buf[i] = digits[r&0xf]
		r >>= 4
	}
	return string(buf)
}
