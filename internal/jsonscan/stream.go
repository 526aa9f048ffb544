// Package jsonscan reads JSON fast and in bounded memory: a Stream cuts one value after another
// out of a reader (a statement page of 150 MB) holding one value at a time, Valid checks a value
// as encoding/json would, and one walker (Members) both checks an object and hands over its
// members as spans of the text, so an operation is checked and read in one pass. Values are
// read as substrings of one string (Doc), never copied unless they hold escapes.
package jsonscan

import (
	"errors"
	"fmt"
	"io"
)

// A statement of 100,000 operations is about 150 MB of JSON. encoding/json takes about two
// seconds to split it into operations and five to decode them; these byte loops do both at
// several hundred MB/s, so bankctl keeps up with the network. Valid is checked against
// encoding/json by FuzzValidJSON.

// Stream reads one JSON value after another from a reader without holding more than one
// value (one operation) and its read buffer in memory.
type Stream struct {
	// MaxRead bounds the whole answer, MaxValue one value (0: no bound). Past either, reading
	// stops with a *LimitError, having held about MaxValue, not more.
	MaxRead, MaxValue int64

	r        io.Reader
	buf      []byte
	pos, end int
	err      error
	read     int64
}

// Limits every answer bankctl streams is read within: a statement page of 5,000 operations is
// about 8 MB, so a page of 64 MiB (after decompression) or a value of 8 MiB is not what the
// bank's API documents.
const (
	MaxPage  = 64 << 20
	MaxValue = 8 << 20
)

// LimitError is an answer that went past a bound while it was read.
type LimitError struct {
	What  string // "the answer", "one value"
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s is larger than %d MiB (after decompression): stopped reading it", e.What, e.Limit>>20)
}

// NewStream reads values from r, within MaxPage and MaxValue.
func NewStream(r io.Reader) *Stream {
	return &Stream{r: r, buf: make([]byte, 256<<10), MaxRead: MaxPage, MaxValue: MaxValue}
}

// fill reads more, keeping buf[pos:end].
func (s *Stream) fill() bool {
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
	s.read += int64(n)
	if err != nil {
		s.err = err
	}
	if s.MaxRead > 0 && s.read > s.MaxRead {
		s.err = &LimitError{"the answer", s.MaxRead}
		return false
	}
	return n > 0 || err == nil
}

// Next returns the next byte that is not white space, without consuming it.
func (s *Stream) Next() (byte, error) {
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

func (s *Stream) ioErr() error {
	if s.err == nil || s.err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return s.err
}

// Expect consumes the byte c (after white space).
func (s *Stream) Expect(c byte) error {
	got, err := s.Next()
	if err != nil {
		return err
	}
	if got != c {
		return ErrSyntax
	}
	s.pos++
	return nil
}

// ErrInvalid is a value that is not valid JSON.
var ErrInvalid = errors.New("a value of the answer is not valid JSON")

// ErrSyntax is text that is not JSON where a value was expected.
var ErrSyntax = errors.New("the answer is not valid JSON")

// Value appends the next whole JSON value to dst: strings, nesting and escapes are tracked so
// that a bracket inside a string does not count. The caller checks the bytes with Valid.
func (s *Stream) Value(dst []byte) ([]byte, error) {
	if _, err := s.Next(); err != nil {
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
				j := Special(s.buf[i:s.end])
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
		if s.MaxValue > 0 && int64(len(dst)) > s.MaxValue {
			return dst[:0], &LimitError{"one value of the answer", s.MaxValue}
		}
		if !s.fill() {
			if depth == 0 && !inString && len(dst) > 0 && s.err == io.EOF {
				return dst, nil
			}
			return dst, s.ioErr()
		}
	}
}

// Skip consumes the byte Next returned.
func (s *Stream) Skip() { s.pos++ }

// Unquote is a JSON value's text: a string's content, a number or literal as written, null as "".
func Unquote(v []byte) string { return Text(string(v)) }
