// Package textin reads the files people hand bankctl — CSV and TSV saved by a spreadsheet, JSON,
// 1С's exchange files — into UTF-8 text, by one rule for encodings, and splits spreadsheets into
// records whose errors name the line, the column and the value as typed.
package textin

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encodings bankctl reads (--encoding).
const (
	Auto   = ""
	UTF8   = "utf-8"
	CP1251 = "cp1251"
	UTF16  = "utf-16"
	CP866  = "cp866"
)

// Names are the encodings as people know them.
var Names = map[string]string{UTF8: "UTF-8", CP1251: "Windows-1251", UTF16: "UTF-16", CP866: "DOS (cp866)"}

// Encodings lists the names --encoding takes.
var Encodings = []string{UTF8, CP1251, UTF16}

// LineError is input that cannot be read, at a line.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Decoded is an input as UTF-8 text and the encoding it was read in.
type Decoded struct {
	Text     string
	Encoding string
	BOM      bool // it began with a byte-order mark
}

// Decode reads data by SPEC's rule: UTF-8 (with or without BOM) when the whole file is valid
// UTF-8; UTF-16 with a BOM (Excel's "Unicode text"); otherwise Windows-1251 — unless most of
// its non-ASCII bytes form valid UTF-8 sequences (Windows-1251 text forms one only by accident,
// such as "Р»"): then it is a UTF-8 file with stray bytes, refused naming the first bad line.
// enc, when not Auto, decides instead; an invalid byte under UTF-8 is refused, naming the line.
func Decode(data []byte, enc string) (Decoded, error) {
	enc = strings.ToLower(strings.ReplaceAll(enc, "_", "-"))
	switch enc {
	case "utf8":
		enc = UTF8
	case "windows-1251", "1251":
		enc = CP1251
	case "utf16", "utf-16le", "utf-16be":
		enc = UTF16
	}
	utf16BOM := bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
	switch {
	case enc == UTF16 || enc == Auto && utf16BOM:
		return decodeUTF16(data, utf16BOM)
	case enc == CP1251:
		return decodeWith(data, charmap.Windows1251, CP1251)
	case enc == CP866:
		return decodeWith(data, charmap.CodePage866, CP866)
	case enc != Auto && enc != UTF8:
		return Decoded{}, fmt.Errorf("unknown encoding %q: use %s", enc, strings.Join(Encodings, ", "))
	}
	bom := bytes.HasPrefix(data, []byte("\ufeff"))
	body := bytes.TrimPrefix(data, []byte("\ufeff"))
	if utf8.Valid(body) {
		return Decoded{Text: string(body), Encoding: UTF8, BOM: bom}, nil
	}
	if enc == UTF8 || bom || mostlyUTF8(body) {
		line := 1 + bytes.Count(body[:firstInvalid(body)], []byte("\n"))
		return Decoded{}, &LineError{line, "the file is UTF-8 but holds bytes that are not (a file pasted together from two encodings?): save it as UTF-8 again, or name its encoding with --encoding"}
	}
	return decodeWith(data, charmap.Windows1251, CP1251)
}

func decodeWith(data []byte, e encoding.Encoding, name string) (Decoded, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return Decoded{}, fmt.Errorf("the input is not %s: %w", name, err)
	}
	return Decoded{Text: string(out), Encoding: name}, nil
}

func decodeUTF16(data []byte, bom bool) (Decoded, error) {
	if len(data)%2 != 0 {
		return Decoded{}, fmt.Errorf("the input is not UTF-16: an odd number of bytes")
	}
	d := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	if !bom {
		d = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	}
	out, err := d.NewDecoder().Bytes(data)
	if err != nil {
		return Decoded{}, fmt.Errorf("the input is not UTF-16: %w", err)
	}
	if !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		line := 1 + bytes.Count(out[:max(bytes.IndexRune(out, utf8.RuneError), 0)], []byte("\n"))
		return Decoded{}, &LineError{line, "the file is UTF-16 but holds a broken character"}
	}
	return Decoded{Text: string(bytes.TrimPrefix(out, []byte("\ufeff"))), Encoding: UTF16, BOM: bom}, nil
}

// mostlyUTF8 reports whether more of b's non-ASCII bytes belong to valid UTF-8 sequences than not.
func mostlyUTF8(b []byte) bool {
	good, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		good += n
		i += n
	}
	return good > bad
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
