package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// JSON writes a JSON body: for a terminal indented, with control and bidi characters in strings
// written as \u escapes; for a pipe as it came (plus a final newline). Whitespace and escapes
// are all that change: every field, its order, every value and every number stay.
func JSON(w io.Writer, data []byte, tty bool) error {
	data = bytes.TrimSpace(data)
	if tty {
		var buf bytes.Buffer
		if err := json.Indent(&buf, data, "", "  "); err != nil {
			return fmt.Errorf("the answer is not valid JSON: %w", err)
		}
		buf.WriteByte('\n')
		_, err := w.Write(sanitize.JSON(buf.Bytes()))
		return err
	}
	if !json.Valid(data) {
		return fmt.Errorf("the answer is not valid JSON")
	}
	bw := bufio.NewWriter(w)
	bw.Write(data)
	bw.WriteByte('\n')
	return bw.Flush()
}

// JSONLine is one JSON value on one line, for JSON Lines: as it came when it already is, else
// without the white space between its tokens (the only place a line break can be in JSON), so a
// pretty-printed answer cannot split one record over several lines.
func JSONLine(raw []byte) []byte {
	if bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return raw
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// Marshal encodes v as JSON without HTML escaping, for bankctl's own JSON output.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// YAML writes a JSON body as block-style YAML, keeping key order and number text; on a
// terminal, shown inert. It is written straight from the parsed tree, as it goes: memory stays
// the tree's, and nesting deeper than maxDepth is written in flow style (JSON is YAML), so the
// indentation cannot grow the output without bound.
func YAML(w io.Writer, data []byte, tty bool) error {
	n, err := Parse(data)
	if err != nil {
		return err
	}
	var inert *sanitize.Stream
	if tty {
		inert = sanitize.NewStream(w, sanitize.KeepLines)
		w = inert
	}
	y := yamlWriter{w: bufio.NewWriterSize(w, 64<<10)}
	if n.Scalar() || n.empty() {
		y.scalar(n)
		y.w.WriteByte('\n')
	} else {
		y.block(n, 0, false)
	}
	if err := y.w.Flush(); err != nil || inert == nil {
		return err
	}
	return inert.Flush()
}

type yamlWriter struct {
	w *bufio.Writer
}

func (y *yamlWriter) indent(n int) {
	for ; n > 0; n-- {
		y.w.WriteByte(' ')
	}
}

// block writes a non-empty object or array, each member on its own line at indent; inline
// means the first line's indentation is already written (after "- ").
func (y *yamlWriter) block(n *Node, indent int, inline bool) {
	first := true
	lead := func() {
		if !first || !inline {
			y.indent(indent)
		}
		first = false
	}
	if n.Kind() == Object {
		n.Members(func(k string, v *Node) bool {
			lead()
			if len(k) > 1000 {
				// An implicit key is at most 1024 characters long: a longer one is explicit.
				y.w.WriteString("? ")
				y.quoted(k)
				y.w.WriteByte('\n')
				y.indent(indent)
			} else {
				y.str(k)
			}
			y.w.WriteByte(':')
			y.value(v, indent+2, false)
			return true
		})
		return
	}
	n.Elements(func(v *Node) bool {
		lead()
		y.w.WriteByte('-')
		y.value(v, indent+2, true)
		return true
	})
}

// value writes what follows a key's colon or an item's dash.
func (y *yamlWriter) value(v *Node, indent int, item bool) {
	switch {
	case v.Scalar() || v.empty():
		y.w.WriteByte(' ')
		y.scalar(v)
	case indent/2 > maxDepth:
		y.w.WriteByte(' ')
		y.w.WriteString(compact(v.Raw()))
	case item:
		y.w.WriteByte(' ')
		y.block(v, indent, true)
		return
	default:
		y.w.WriteByte('\n')
		y.block(v, indent, false)
		return
	}
	y.w.WriteByte('\n')
}

func (y *yamlWriter) scalar(n *Node) {
	switch n.Kind() {
	case String:
		y.str(n.Text())
	case Number, Bool:
		y.w.Write(n.Raw())
	case Object:
		y.w.WriteString("{}")
	case Array:
		y.w.WriteString("[]")
	default:
		y.w.WriteString("null")
	}
}

// str writes a string plain when YAML cannot read it as anything else, else double-quoted.
func (y *yamlWriter) str(s string) {
	if plain(s) {
		y.w.WriteString(s)
	} else {
		y.quoted(s)
	}
}

// plain reports whether s reads back as the same string unquoted: it starts with a letter, is
// not a word YAML reads as a boolean or null, holds only printable characters and none of the
// sequences that end or comment a plain scalar.
func plain(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if s == "" || !unicode.IsLetter(r) || len(s) > 200 {
		return false
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf":
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || !sanitize.Inert(r) || r == '\ufeff' {
			return false
		}
	}
	return !strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") &&
		!strings.HasSuffix(s, " ")
}

// quoted writes s double-quoted, with the characters YAML does not allow raw escaped.
func (y *yamlWriter) quoted(s string) {
	y.w.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			y.w.WriteByte('\\')
			y.w.WriteRune(r)
		case r == '\n':
			y.w.WriteString(`\n`)
		case r == '\t':
			y.w.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0xfeff || r == 0x2028 || r == 0x2029 ||
			r >= 0xd800 && r <= 0xdfff || r == 0xfffe || r == 0xffff:
			fmt.Fprintf(y.w, `\u%04x`, r)
		default:
			y.w.WriteRune(r)
		}
	}
	y.w.WriteByte('"')
}
