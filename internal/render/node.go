// Package render prints data for people and for scripts: tables on a terminal, tab-separated
// rows when piped, JSON (optionally filtered with a jq expression) and YAML.
//
// Bodies from the banks are parsed into a tree that keeps every field, key order and the exact
// text of numbers. The tree is a tape: one 16-byte entry per value pointing into the body, so
// memory stays linear in the body however it is shaped (a million small numbers, an object
// nested two thousand deep): the body cap bounds what rendering can take.
package render

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Kind is a JSON value's kind.
type Kind uint8

// Kinds of Node.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// entry is one value on the tape, 12 bytes: its text's span in the body, and in meta where the
// entry after its subtree is (the low 28 bits), its kind and whether it is a string with
// escapes, whose text is decoded when asked for. An object's members are a key (a String
// entry) then the value.
type entry struct {
	start, end uint32
	meta       uint32
}

const (
	nextBits    = 27
	nextMask    = 1<<nextBits - 1
	asciiFlag   = 1 << 30 // a string of ASCII only, no escapes: its text is its bytes
	escapedFlag = 1 << 31
)

func (e *entry) next() uint32  { return e.meta & nextMask }
func (e *entry) kind() Kind    { return Kind(e.meta >> nextBits & 7) }
func (e *entry) escaped() bool { return e.meta&escapedFlag != 0 }
func (e *entry) ascii() bool   { return e.meta&asciiFlag != 0 }

type tree struct {
	data []byte
	tape []entry
}

// Node is a value of a parsed body. The zero of *Node, nil, is a missing value.
type Node struct {
	t *tree
	i uint32
}

func (n *Node) e() *entry { return &n.t.tape[n.i] }

// Kind is the value's kind (Null for a missing value).
func (n *Node) Kind() Kind {
	if n == nil {
		return Null
	}
	return n.e().kind()
}

// Text is a string's text, or a number's or a boolean's as written; "" for null, an object,
// an array or a missing value. Invalid UTF-8 becomes U+FFFD, as encoding/json does. Text
// without escapes shares the body's memory (see Parse): a table of 10,000 rows copies nothing.
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	e := n.e()
	raw := n.t.data[e.start:e.end]
	switch e.kind() {
	case String:
		if e.escaped() {
			var s string
			json.Unmarshal(raw, &s)
			return s
		}
		inner := raw[1 : len(raw)-1]
		if !e.ascii() && !utf8.Valid(inner) {
			return validUTF8(inner)
		}
		return view(inner)
	case Number, Bool:
		return view(raw)
	}
	return ""
}

// view is b as a string without a copy: the body is never changed once parsed.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Raw is the value's JSON as the body has it.
func (n *Node) Raw() []byte {
	e := n.e()
	return n.t.data[e.start:e.end]
}

// Scalar reports whether n is not an object or array.
func (n *Node) Scalar() bool { k := n.Kind(); return k != Object && k != Array }

// Members calls fn with each key and value of an object, in order, until fn returns false. A
// key sent twice is visited once, with its last value (see Get). v is one Node moved along the
// object, so a walk over a million members allocates nothing per member: it is valid during
// the call only, and v.Keep() is a copy to keep.
func (n *Node) Members(fn func(key string, v *Node) bool) {
	if n.Kind() != Object {
		return
	}
	end := n.e().next()
	count := 0
	for i := n.i + 1; i < end; i = n.t.tape[i+1].next() {
		count++
	}
	var last map[string]uint32 // for a large object: each key's last position
	if count > 16 {
		last = make(map[string]uint32, count)
		for i := n.i + 1; i < end; i = n.t.tape[i+1].next() {
			last[(&Node{n.t, i}).Text()] = i
		}
	}
	k, v := &Node{t: n.t}, &Node{t: n.t}
	for i := n.i + 1; i < end; i = n.t.tape[i+1].next() {
		k.i, v.i = i, i+1
		text := k.Text()
		if last != nil && last[text] != i || last == nil && n.later(text, i, end) {
			continue
		}
		if !fn(text, v) {
			return
		}
	}
}

// later reports whether key, at i, appears again before end.
func (n *Node) later(key string, i, end uint32) bool {
	for j := n.t.tape[i+1].next(); j < end; j = n.t.tape[j+1].next() {
		if (&Node{n.t, j}).is(key) {
			return true
		}
	}
	return false
}

// Elements calls fn with each item of an array, in order, until fn returns false. Like
// Members', v is valid during the call only.
func (n *Node) Elements(fn func(v *Node) bool) {
	if n.Kind() != Array {
		return
	}
	end := n.e().next()
	v := &Node{t: n.t}
	for i := n.i + 1; i < end; i = n.t.tape[i].next() {
		v.i = i
		if !fn(v) {
			return
		}
	}
}

// Keep is a copy of n that stays valid after a Members or Elements call returns.
func (n *Node) Keep() *Node {
	if n == nil {
		return nil
	}
	return &Node{n.t, n.i}
}

// empty reports whether n is an object or array with nothing in it.
func (n *Node) empty() bool { return n.e().next() == n.i+1 }

// Len is how many members or items n has.
func (n *Node) Len() int {
	c := 0
	n.Members(func(string, *Node) bool { c++; return true })
	n.Elements(func(*Node) bool { c++; return true })
	return c
}

// Get returns an object's value for key, or nil. A key sent twice has its last value, as
// encoding/json and jq read it, so a table never shows another amount than --jq does.
func (n *Node) Get(key string) *Node {
	if n.Kind() != Object {
		return nil
	}
	var out *Node
	end := n.e().next()
	for i := n.i + 1; i < end; i = n.t.tape[i+1].next() {
		if k := (&Node{n.t, i}); k.is(key) {
			out = &Node{n.t, i + 1}
		}
	}
	return out
}

// is reports whether a string node's text is s, without decoding it when it has no escapes
// (text that is not UTF-8 reads as U+FFFD, so it is compared decoded).
func (n *Node) is(s string) bool {
	e := n.e()
	raw := n.t.data[e.start+1 : e.end-1]
	if e.escaped() || !e.ascii() && !utf8.Valid(raw) {
		return n.Text() == s
	}
	return string(raw) == s
}

// At follows a path of keys: n.At("balance", "otb"); nil when any is missing.
func (n *Node) At(keys ...string) *Node {
	for _, k := range keys {
		n = n.Get(k)
	}
	return n
}

// String is a value's text for a table cell: a scalar's text ("" for null or a missing
// value), or an object's or array's compact JSON.
func (n *Node) String() string {
	if n == nil {
		return ""
	}
	if n.Scalar() {
		return n.Text()
	}
	return compact(n.Raw())
}

// validUTF8 replaces each invalid byte with U+FFFD, as encoding/json does.
func validUTF8(raw []byte) string {
	var b strings.Builder
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.Write(raw[:size])
		}
		raw = raw[size:]
	}
	return b.String()
}
