package sanitize

import (
	"io"
	"unicode/utf8"
)

// JSON makes valid JSON safe for a terminal without changing its values: C1 controls, DEL and
// bidi characters (which JSON allows raw inside strings) are written as \u escapes, and a byte
// that is not UTF-8 (a lone 0x9b is CSI to an 8-bit terminal) as \ufffd, the character JSON
// readers take it for. C0 controls cannot appear raw in valid JSON. Output for a pipe is never passed through here:
// there the bytes stay exactly as the bank sent them.
func JSON(data []byte) []byte {
	i := 0
	for i < len(data) && data[i] < 0x7f {
		i++
	}
	if i == len(data) {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	out = append(out, data[:i]...)
	for i < len(data) {
		c := data[i]
		if c < 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r) || r == utf8.RuneError && size == 1 {
			const digits = "0123456789abcdef"
			out = append(out, '\\', 'u', digits[r>>12&0xf], digits[r>>8&0xf], digits[r>>4&0xf], digits[r&0xf])
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}

// Writer shows everything written through it inert (see Text), keeping what keep allows.
// bankctl writes whole messages, so a character is never split between two writes.
type Writer struct {
	W    io.Writer
	Keep Keep
}

// NewWriter wraps w.
func NewWriter(w io.Writer, keep Keep) *Writer { return &Writer{W: w, Keep: keep} }

func (s *Writer) Write(p []byte) (int, error) {
	clean := Text(string(p), s.Keep)
	if _, err := io.WriteString(s.W, clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Stream is a Writer for text written in pieces that may split a character (a buffered
// writer's chunks): an incomplete character at the end of a write waits for the next one.
// Flush writes what is left.
type Stream struct {
	w    Writer
	tail []byte
}

// NewStream wraps w.
func NewStream(w io.Writer, keep Keep) *Stream { return &Stream{w: Writer{W: w, Keep: keep}} }

func (s *Stream) Write(p []byte) (int, error) {
	n := len(p)
	if len(s.tail) > 0 {
		p = append(s.tail, p...)
		s.tail = nil
	}
	// At most the last three bytes can be the start of a character still to come.
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				cut = i
			}
			break
		}
	}
	s.tail = append(s.tail, p[cut:]...)
	if _, err := s.w.Write(p[:cut]); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes a character left incomplete at the end (shown as U+FFFD).
func (s *Stream) Flush() error {
	if len(s.tail) == 0 {
		return nil
	}
	_, err := s.w.Write(s.tail)
	s.tail = nil
	return err
}
