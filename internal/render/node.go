// Package render prints data for people and for scripts: tables on a terminal, tab-separated
// rows when piped, JSON (optionally filtered with a jq expression) and YAML.
//
// Bodies from the banks are parsed into Node, an ordered tree, so that no field is dropped,
// key order is kept and numbers keep their exact text.
package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Parse reads one JSON value.
func Parse(data []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the answer is not valid JSON: extra data after the value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*Node, error) {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: Object}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, kt.(string))
				n.Items = append(n.Items, v)
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &Node{Kind: Array}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			_, err := dec.Token()
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &Node{Kind: String, Text: t}, nil
	case json.Number:
		return &Node{Kind: Number, Text: t.String()}, nil
	case bool:
		if t {
			return &Node{Kind: Bool, Text: "true"}, nil
		}
		return &Node{Kind: Bool, Text: "false"}, nil
	case nil:
		return &Node{Kind: Null}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
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

// Scalar reports whether n is not an object or array.
func (n *Node) Scalar() bool { return n.Kind != Object && n.Kind != Array }

// String is a scalar's text for a table cell ("" for null).
func (n *Node) String() string {
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
