package tbusiness

import (
	"errors"
	"io"
)

// A statement of 100,000 operations is about 150 MB of JSON. encoding/json takes about two
// seconds to split it into operations and five to decode them; these byte loops do both at
// several hundred MB/s, so bankctl keeps up with the network. validJSON is checked against
// encoding/json by FuzzValidJSON.

// stream reads one JSON value after another from a reader without holding more than one
// value (one operation) and its read buffer in memory.
type stream struct {
	r        io.Reader
	buf      []byte
	pos, end int
	err      error
}

func newStream(r io.Reader) *stream { return &stream{r: r, buf: make([]byte, 256<<10)} }

// fill reads more, keeping buf[pos:end].
func (s *stream) fill() bool {
	if s.err != nil {
		return false
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if err != nil {
		s.err = err
	}
	return n > 0 || err == nil
}

// next returns the next byte that is not white space, without consuming it.
func (s *stream) next() (byte, error) {
	for {
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c, nil
			}
		}
		if !s.fill() {
			return 0, s.ioErr()
		}
	}
}

func (s *stream) ioErr() error {
	if s.err == nil || s.err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return s.err
}

// expect consumes the byte c (after white space).
func (s *stream) expect(c byte) error {
	got, err := s.next()
	if err != nil {
		return err
	}
	if got != c {
		return errSyntax
	}
	s.pos++
	return nil
}

var errSyntax = errors.New("the answer is not valid JSON")

// value appends the next whole JSON value to dst: strings, nesting and escapes are tracked so
// that a bracket inside a string does not count. The bytes are checked by validJSON after.
func (s *stream) value(dst []byte) ([]byte, error) {
	if _, err := s.next(); err != nil {
		return dst, err
	}
	depth, inString, escaped := 0, false, false
	for {
		i := s.pos
		for ; i < s.end; i++ {
			c := s.buf[i]
			switch {
			case inString && escaped:
				escaped = false
			case inString:
				// Jump to the next quote or backslash: most of a statement is string text.
				j := special(s.buf[i:s.end])
				if j < 0 {
					i = s.end - 1
					continue
				}
				i += j
				switch s.buf[i] {
				case '\\':
					escaped = true
					continue
				case '"':
				default:
					continue // a control character: validJSON refuses it later
				}
				inString = false
				if depth == 0 {
					dst = append(dst, s.buf[s.pos:i+1]...)
					s.pos = i + 1
					return dst, nil
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case (c == '}' || c == ']') && depth > 0:
				depth--
				if depth == 0 {
					dst = append(dst, s.buf[s.pos:i+1]...)
					s.pos = i + 1
					return dst, nil
				}
			case depth == 0 && (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'):
				// the end of a number or literal at the top
				dst = append(dst, s.buf[s.pos:i]...)
				s.pos = i
				return dst, nil
			}
		}
		dst = append(dst, s.buf[s.pos:i]...)
		s.pos = i
		if !s.fill() {
			if depth == 0 && !inString && len(dst) > 0 && s.err == io.EOF {
				return dst, nil
			}
			return dst, s.ioErr()
		}
	}
}

// unquote is a JSON value's text: a string's content, a number or literal as written, null as "".
func unquote(v []byte) string { return text(string(v)) }
