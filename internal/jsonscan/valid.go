package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// Valid reports whether b is exactly one valid JSON value (RFC 8259; white space around it
// allowed), as json.Valid does.
func Valid(b []byte) bool {
	i := SkipSpace(b, 0)
	i, ok := validValue(b, i, 0)
	return ok && SkipSpace(b, i) == len(b)
}

const maxDepth = 10000

// SkipSpace returns the index of the first byte at or after i that is not white space.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func validValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) || depth > maxDepth {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return validString(b, i)
	case c == '{':
		return Members(b, i, depth, nil)
	case c == '[':
		i = SkipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = validValue(b, i, depth+1); !ok {
				return i, false
			}
			if i = SkipSpace(b, i); i < len(b) && b[i] == ',' {
				i = SkipSpace(b, i+1)
				continue
			}
			if i < len(b) && b[i] == ']' {
				return i + 1, true
			}
			return i, false
		}
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	}
	return validNumber(b, i)
}

// Members is the one walker: it checks the object at i and, when fn is not nil, hands it each
// member's key and value spans as it goes, so one pass both checks an operation and finds its
// fields. It returns the index after the object and whether it is valid.
func Members(b []byte, i, depth int, fn func(ks, ke, vs, ve int)) (int, bool) {
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, false
		}
		ks := i
		var ok bool
		if i, ok = validString(b, i); !ok {
			return i, false
		}
		ke := i
		if i = SkipSpace(b, i); i >= len(b) || b[i] != ':' {
			return i, false
		}
		vs := SkipSpace(b, i+1)
		if i, ok = validValue(b, vs, depth+1); !ok {
			return i, false
		}
		if fn != nil {
			fn(ks, ke, vs, i)
		}
		if i = SkipSpace(b, i); i < len(b) && b[i] == ',' {
			i = SkipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			return i + 1, true
		}
		return i, false
	}
}

func literal(b []byte, i int, lit string) (int, bool) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), true
	}
	return i, false
}

func validString(b []byte, i int) (int, bool) {
	for i++; i < len(b); {
		j := Special(b[i:])
		if j < 0 {
			return len(b), false
		}
		i += j
		switch b[i] {
		case '"':
			return i + 1, true
		case '\\':
		default:
			return i, false // a control character
		}
		i++ // a backslash
		if i >= len(b) {
			return i, false
		}
		switch b[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i++
		case 'u':
			if i+4 >= len(b) {
				return i, false
			}
			for _, h := range b[i+1 : i+5] {
				if !isHex(h) {
					return i, false
				}
			}
			i += 5
		default:
			return i, false
		}
	}
	return i, false
}

// Special is the index of the first '"', '\\' or control byte in b, or -1: eight bytes at a
// time (SWAR), since most of a statement is string text.
func Special(b []byte) int {
	const ones, spaces, quotes, slashes, high = 0x0101010101010101, 0x2020202020202020, 0x2222222222222222, 0x5c5c5c5c5c5c5c5c, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		q, s := v^quotes, v^slashes
		if m := ((q-ones)&^q | (s-ones)&^s | (v-spaces)&^v) & high; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return -1
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func validNumber(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return i, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return i, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	return i, true
}
