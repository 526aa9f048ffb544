package jsonscan

import (
	"encoding/json"
	"strings"
	"unsafe"
)

// Doc is one JSON text as bytes, to scan, and as a string, to take values from: every value is
// a substring of the one string, with no copy of its own (only escaped strings are decoded).
type Doc struct {
	B []byte
	S string
}

// NewDoc is raw as a Doc (one copy, into the string).
func NewDoc(raw []byte) Doc { return Doc{raw, string(raw)} }

// Transient is raw as a Doc whose string shares raw's memory: for a reader that is done with
// the values before raw is reused (CSV, TSV, 1С), so a statement's 150 MB are not copied again.
func Transient(raw []byte) Doc {
	if len(raw) == 0 {
		return Doc{}
	}
	return Doc{raw, unsafe.String(&raw[0], len(raw))}
}

// Fields calls fn with each key and the value's span [vs, ve), for the object at i, through
// the one walker (Members): an object that is not valid JSON yields what precedes the fault.
func (d Doc) Fields(i int, fn func(key string, vs, ve int)) {
	i = SkipSpace(d.B, i)
	if i >= len(d.B) || d.B[i] != '{' {
		return
	}
	Members(d.B, i, 0, func(ks, ke, vs, ve int) { fn(d.Text(ks, ke), vs, ve) })
}

// Text is the value at [vs, ve): a string's content, a number or literal as written, null as "".
func (d Doc) Text(vs, ve int) string { return Text(d.S[vs:ve]) }

// Text is a JSON value's text: a string's content (a substring, unless it has escapes), a
// number or literal as written, null as "".
func Text(v string) string {
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

// FieldsOf is Fields for a whole JSON object given as bytes, with each value's raw text.
func FieldsOf(raw []byte, fn func(key, val string)) {
	d := NewDoc(raw)
	d.Fields(0, func(k string, vs, ve int) { fn(k, d.S[vs:ve]) })
}

// AppendQuoted appends s as a JSON string.
func AppendQuoted(dst []byte, s string) []byte {
	b, _ := json.Marshal(s)
	return append(dst, b...)
}
