package tbusiness

import (
	"encoding/json"
	"strings"
)

// doc is one JSON text as bytes, to scan, and as a string, to take values from: every value is
// a substring of the one string, with no copy of its own (only escaped strings are decoded).
type doc struct {
	b []byte
	s string
}

func newDoc(raw []byte) doc { return doc{raw, string(raw)} }

// fields calls fn with each key and the span [vs, ve) of its value, for the JSON object (already
// checked by validJSON) that starts at i, skipping (not checking again) as it goes.
func (d doc) fields(i int, fn func(key string, vs, ve int)) {
	b := d.b
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '{' {
		return
	}
	i = skipSpace(b, i+1)
	for i < len(b) && b[i] == '"' {
		end := d.skipString(i)
		key := d.text(i, end)
		vs := skipSpace(b, skipSpace(b, end)+1)
		ve := d.skipValue(vs)
		fn(key, vs, ve)
		i = skipSpace(b, ve)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
}

// skipString returns the index after the string starting at i.
func (d doc) skipString(i int) int {
	b := d.b
	for i++; i < len(b); {
		j := special(b[i:])
		if j < 0 {
			return len(b)
		}
		i += j
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			i += 2
		default:
			i++
		}
	}
	return len(b)
}

// skipValue returns the index after the valid value starting at i.
func (d doc) skipValue(i int) int {
	b := d.b
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = d.skipString(i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}

// text is the value at [vs, ve): a string's content, a number or literal as written, null as "".
func (d doc) text(vs, ve int) string { return text(d.s[vs:ve]) }

// text is a JSON value's text: a string's content (a substring, unless it has escapes), a
// number or literal as written, null as "".
func text(v string) string {
	if len(v) < 2 || v[0] != '"' {
		if v == "null" {
			return ""
		}
		return v
	}
	inner := v[1 : len(v)-1]
	if strings.IndexByte(inner, '\\') < 0 {
		return inner
	}
	var s string
	json.Unmarshal([]byte(v), &s)
	return s
}

// fieldsOf is fields for a whole JSON object given as bytes, with each value's text.
func fieldsOf(raw []byte, fn func(key, val string)) {
	d := newDoc(raw)
	d.fields(0, func(k string, vs, ve int) { fn(k, d.s[vs:ve]) })
}
