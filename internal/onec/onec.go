// Package onec writes 1CClientBankExchange 1.03, the text file 1С and most Russian accounting
// programs import bank statements from: Windows-1251, CRLF, "Key=Value" lines, a header, the
// account section with balances and totals, one СекцияДокумент per document, КонецФайла.
//
// Every value is written on one line of its own. The text of a payment comes from whoever sent
// the money: a purpose holding "\r\nКонецДокумента\r\nСекцияДокумент=…" must not end the real
// document and add a forged one. So CR, LF and every other control character become spaces, and
// a character Windows-1251 lacks becomes "?" (never an error, never a half-written file).
//
// The caller spools the documents as they come (internal/statement keeps them in the state
// folder, so that an interrupted statement's continuation finishes the same file) and writes the
// file whole at the end, when the totals for the account sections are known.
package onec

import (
	"bufio"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"

	"github.com/bankctl/bankctl/internal/money"
)

// Field is one Key=Value line.
type Field struct{ Key, Value string }

// Header is what the file says about itself and its accounts.
type Header struct {
	Sender   string
	Created  time.Time
	From, To time.Time // the first and last day of the period
	Kinds    []string  // the kinds of documents in it ("Платежное поручение"…)
}

// Section is one account's СекцияРасчСчет: its balances as the bank sent them ("" when it sent
// none) and what its documents received and paid, summed by the caller.
type Section struct {
	Account       string
	Begin, End    string
	Credit, Debit decimal.Decimal
}

// Encoder encodes documents; each goroutine has its own. It keeps each position's key encoded:
// a document's keys come in the same order every time, so a position almost always holds the
// key it held in the last document.
type Encoder struct{ keys []encodedKey }

type encodedKey struct {
	key string
	enc []byte
}

// NewEncoder returns an encoder.
func NewEncoder() *Encoder { return &Encoder{} }

func (e *Encoder) key(i int, k string) []byte {
	for len(e.keys) <= i {
		e.keys = append(e.keys, encodedKey{})
	}
	if c := &e.keys[i]; c.enc == nil || c.key != k {
		c.key, c.enc = k, mustEncode(k)
	}
	return e.keys[i].enc
}

// Document appends one document of kind ("Платежное поручение") to dst, every value on its
// own line, and says how many values had to be changed to fit on a line and in Windows-1251.
func (e *Encoder) Document(dst []byte, kind string, fields []Field) ([]byte, int) {
	changed := 0
	line := func(i int, k, v string) {
		var c bool
		dst = append(append(dst, e.key(i, k)...), '=')
		if dst, c = appendEncoded(dst, v); c {
			changed++
		}
		dst = append(dst, '\r', '\n')
	}
	line(0, "СекцияДокумент", kind)
	for i, f := range fields {
		line(i+1, f.Key, f.Value)
	}
	dst = append(append(dst, mustEncode("КонецДокумента")...), '\r', '\n')
	return dst, changed
}

// WriteFile writes a whole 1CClientBankExchange file to out: the header, one account section
// each, then the documents (as Encoder made them, read from documents), then КонецФайла. It
// opens no file and sums nothing: the caller spools the documents and keeps the totals.
func WriteFile(out io.Writer, h Header, sections []Section, documents io.Reader) error {
	bw := bufio.NewWriterSize(out, 64<<10)
	put := func(k, v string) {
		kb, _ := Encode(k)
		vb, _ := Encode(v)
		bw.Write(kb)
		bw.WriteByte('=')
		bw.Write(vb)
		bw.WriteString("\r\n")
	}
	day := func(t time.Time) string { return t.Format("02.01.2006") }
	bw.WriteString("1CClientBankExchange\r\n")
	put("ВерсияФормата", "1.03")
	put("Кодировка", "Windows")
	put("Отправитель", h.Sender)
	put("Получатель", "Бухгалтерский учет")
	put("ДатаСоздания", day(h.Created))
	put("ВремяСоздания", h.Created.Format("15:04:05"))
	put("ДатаНачала", day(h.From))
	put("ДатаКонца", day(h.To))
	for _, s := range sections {
		put("РасчСчет", s.Account)
	}
	for _, k := range h.Kinds {
		put("Документ", k)
	}
	for _, s := range sections {
		bw.WriteString(string(mustEncode("СекцияРасчСчет")) + "\r\n")
		put("ДатаНачала", day(h.From))
		put("ДатаКонца", day(h.To))
		put("РасчСчет", s.Account)
		if s.Begin != "" {
			put("НачальныйОстаток", money.FormatText(s.Begin))
		}
		put("ВсегоПоступило", money.Format(s.Credit))
		put("ВсегоСписано", money.Format(s.Debit))
		if s.End != "" {
			put("КонечныйОстаток", money.FormatText(s.End))
		}
		bw.WriteString(string(mustEncode("КонецРасчСчет")) + "\r\n")
	}
	if _, err := io.Copy(bw, documents); err != nil {
		return fmt.Errorf("could not read the spooled 1С documents: %w", err)
	}
	bw.WriteString(string(mustEncode("КонецФайла")) + "\r\n")
	return bw.Flush()
}

// Encode puts a value on one line in Windows-1251: control characters (CR and LF among them)
// become spaces, characters Windows-1251 lacks become "?". changed says whether anything did.
func Encode(s string) (out []byte, changed bool) { return appendEncoded(make([]byte, 0, len(s)), s) }

// appendEncoded is Encode appending to out.
func appendEncoded(out []byte, s string) ([]byte, bool) {
	table := cp1251()
	changed := false
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			out = append(out, c)
			i++
			continue
		}
		var r rune
		size := 1
		if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			r, size = rune(c&0x1f)<<6|rune(s[i+1]&0x3f), 2 // Cyrillic and the rest of the two-byte range, inline
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			out, changed = append(out, '?'), true
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			out, changed = append(out, ' '), true
		case int(r) < len(table) && table[r] != 0:
			out = append(out, table[r])
		default:
			out, changed = append(out, '?'), true
		}
	}
	return out, changed
}

// cp1251 maps the runes below U+2200 that Windows-1251 holds to its bytes (0 where it holds
// none): an array lookup, where charmap's EncodeRune searches.
var cp1251 = sync.OnceValue(func() []byte {
	t := make([]byte, 0x2200)
	for b := 0x80; b < 0x100; b++ {
		if r := charmap.Windows1251.DecodeByte(byte(b)); int(r) < len(t) && r != utf8.RuneError {
			t[r] = byte(b)
		}
	}
	return t
})

func mustEncode(s string) []byte {
	b, _ := Encode(s)
	return b
}
