// Package render prints data for people and for scripts: tables on a terminal, tab-separated
// rows when piped, JSON (optionally filtered with a jq expression) and YAML.
//
// Bodies from the banks are parsed into Node, an ordered tree, so that no field is dropped,
// key order is kept and numbers keep their exact text.
package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
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

// Node is a JSON value that keeps key order and the exact text of numbers.
type Node struct {
	Kind  Kind
	Text  string   // Bool, Number, String
	Keys  []string // Object
	Items []*Node  // Object values (parallel to Keys), Array items
}

// Parse reads one JSON value. encoding/json validates it first (fast, and the authority on
// what JSON is); a direct scanner then builds the tree, about five times faster than
// json.Decoder.Token, which matters for a client with thousands of accounts.
func Parse(data []byte) (*Node, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return nil, fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	p := parser{data: data}
	n := p.value()
	if p.err != nil {
		return nil, fmt.Errorf("the answer is not valid JSON: %w", p.err)
	}
	return n, nil
}

// parser scans JSON already checked by json.Valid.
type parser struct {
	data []byte
	i    int
	err  error
}

func (p *parser) skip() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() *Node {
	p.skip()
	switch c := p.data[p.i]; {
	case c == '{':
		p.i++
		n := &Node{Kind: Object}
		for {
			p.skip()
			if p.data[p.i] == '}' {
				p.i++
				return n
			}
			if p.data[p.i] == ',' {
				p.i++
				p.skip()
			}
			n.Keys = append(n.Keys, p.str())
			p.skip()
			p.i++ // ':'
			n.Items = append(n.Items, p.value())
		}
	case c == '[':
		p.i++
		n := &Node{Kind: Array}
		for {
			p.skip()
			if p.data[p.i] == ']' {
				p.i++
				return n
			}
			if p.data[p.i] == ',' {
				p.i++
			}
			n.Items = append(n.Items, p.value())
		}
	case c == '"':
		return &Node{Kind: String, Text: p.str()}
	case c == 't':
		p.i += 4
		return &Node{Kind: Bool, Text: "true"}
	case c == 'f':
		p.i += 5
		return &Node{Kind: Bool, Text: "false"}
	case c == 'n':
		p.i += 4
		return &Node{Kind: Null}
	default:
		start := p.i
		for p.i < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[p.i]) >= 0 {
			p.i++
		}
		return &Node{Kind: Number, Text: string(p.data[start:p.i])}
	}
}

// str reads a string at p.i; escapes are decoded by encoding/json, the rare case.
func (p *parser) str() string {
	start := p.i
	p.i++
	escaped := false
	for p.data[p.i] != '"' {
		if p.data[p.i] == '\\' {
			escaped = true
			p.i++
		}
		p.i++
	}
	p.i++
	if !escaped {
		raw := p.data[start+1 : p.i-1]
		if !utf8.Valid(raw) {
			return validUTF8(raw)
		}
		return string(raw)
	}
	var s string
	if err := json.Unmarshal(p.data[start:p.i], &s); err != nil && p.err == nil {
		p.err = err
	}
	return s
}

// Get returns an object's value for key, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Items[i]
		}
	}
	return nil
}

// At follows a path of keys: n.At("balance", "otb"); nil when any is missing.
func (n *Node) At(keys ...string) *Node {
	for _, k := range keys {
		n = n.Get(k)
	}
	return n
}

// Scalar reports whether n is not an object or array.
func (n *Node) Scalar() bool { return n.Kind != Object && n.Kind != Array }

// String is a scalar's text for a table cell ("" for null or a missing field).
func (n *Node) String() string {
	if n == nil {
		return ""
	}
	if n.Scalar() {
		return n.Text
	}
	b, _ := json.Marshal(n.value())
	return string(b)
}

// value converts to plain Go values (objects lose order; for compact cells only).
func (n *Node) value() any {
	switch n.Kind {
	case Object:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k] = n.Items[i].value()
		}
		return m
	case Array:
		a := make([]any, len(n.Items))
		for i, it := range n.Items {
			a[i] = it.value()
		}
		return a
	case Number:
		return json.Number(n.Text)
	case Bool:
		return n.Text == "true"
	case String:
		return n.Text
	}
	return nil
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
