package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parse reads one JSON value. encoding/json validates it first (the authority on what JSON
// is); a direct scanner then lays the tape, without a copy of the body: data must not change
// while the tree, or a string taken from it, is in use.
func Parse(data []byte) (*Node, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return nil, fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	count := values(data)
	if len(data) >= 1<<32-1 || count > nextMask {
		return nil, errors.New("the answer is too large to show; use -o json")
	}
	p := parser{t: &tree{data: data, tape: make([]entry, 0, count)}}
	p.value()
	return &Node{t: p.t}, nil
}

// values is how many tape entries data needs at most: an array of k items has k-1 commas, an
// object of m members 2m entries, m-1 commas and m colons; the opening bracket covers the one
// left over. Only the structure is counted, not what is inside strings.
func values(data []byte) int {
	n, in := 1, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case in:
		case c == ',' || c == ':' || c == '[' || c == '{':
			n++
		}
	}
	return n
}

type parser struct {
	t *tree
	i int
}

func (p *parser) skip() {
	d := p.t.data
	for p.i < len(d) {
		switch d[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value lays one value (checked by json.Valid) and its subtree on the tape.
func (p *parser) value() {
	p.skip()
	d := p.t.data
	at := len(p.t.tape)
	p.t.tape = append(p.t.tape, entry{start: uint32(p.i)})
	switch c := d[p.i]; {
	case c == '{' || c == '[':
		kind, closer := Object, byte('}')
		if c == '[' {
			kind, closer = Array, ']'
		}
		p.i++
		for {
			p.skip()
			if d[p.i] == closer {
				p.i++
				break
			}
			if d[p.i] == ',' {
				p.i++
				p.skip()
			}
			if kind == Object {
				p.str()
				p.skip()
				p.i++ // ':'
			}
			p.value()
		}
		p.t.tape[at].meta = uint32(kind) << nextBits
	case c == '"':
		p.t.tape = p.t.tape[:at]
		p.str()
		return
	case c == 't':
		p.i += 4
		p.t.tape[at].meta = uint32(Bool) << nextBits
	case c == 'f':
		p.i += 5
		p.t.tape[at].meta = uint32(Bool) << nextBits
	case c == 'n':
		p.i += 4
		p.t.tape[at].meta = uint32(Null) << nextBits
	default:
		for p.i < len(d) && strings.IndexByte("+-0123456789.eE", d[p.i]) >= 0 {
			p.i++
		}
		p.t.tape[at].meta = uint32(Number) << nextBits
	}
	p.t.tape[at].end = uint32(p.i)
	p.t.tape[at].meta |= uint32(len(p.t.tape))
}

// str lays a string: its span is the quotes and what is between them.
func (p *parser) str() {
	d := p.t.data
	e := entry{start: uint32(p.i), meta: uint32(String)<<nextBits | asciiFlag}
	p.i++
	for d[p.i] != '"' {
		switch {
		case d[p.i] == '\\':
			e.meta |= escapedFlag
			p.i++
		case d[p.i] >= 0x80:
			e.meta &^= asciiFlag
		}
		p.i++
	}
	p.i++
	e.end = uint32(p.i)
	e.meta |= uint32(len(p.t.tape) + 1)
	p.t.tape = append(p.t.tape, e)
}
