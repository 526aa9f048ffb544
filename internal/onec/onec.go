// Package onec writes 1CClientBankExchange 1.03, the text file 1С and most Russian accounting
// programs import bank statements from: Windows-1251, CRLF, "Key=Value" lines, a header, the
// account section with balances and totals, one СекцияДокумент per document, КонецФайла.
//
// Every value is written on one line of its own. The text of a payment comes from whoever sent
// the money: a purpose holding "\r\nКонецДокумента\r\nСекцияДокумент=…" must not end the real
// document and add a forged one. So CR, LF and every other control character become spaces, and
// a character Windows-1251 lacks becomes "?" (never an error, never a half-written file).
//
// Documents are spooled to a private temporary file as they come, so memory stays flat; the
// file is written whole at the end, when the totals for the account section are known.
package onec

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"

	"github.com/bankctl/bankctl/internal/money"
)

// Field is one Key=Value line.
type Field struct{ Key, Value string }

// Header is what the file says about itself and the account.
type Header struct {
	Sender   string
	Created  time.Time
	From, To time.Time // the first and last day of the period
	Account  string
	Begin    string // opening balance, "" when the bank sent none
	End      string // closing balance
}

// Writer spools documents, then writes the whole file.
type Writer struct {
	spool         *os.File
	buf           *bufio.Writer
	docs          int
	credit, debit money.Sum
	kinds         []string
}

// NewWriter starts a file; its documents are spooled in dir ("" for the system's temporary
// folder) in a file only this user can read.
func NewWriter(dir string) (*Writer, error) {
	f, err := os.CreateTemp(dir, "bankctl-1c-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("could not create the 1С spool file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &Writer{spool: f, buf: bufio.NewWriterSize(f, 64<<10)}, nil
}

// Close removes the spool. Call it however the statement ended.
func (w *Writer) Close() error {
	w.spool.Close()
	return os.Remove(w.spool.Name())
}

// Documents is how many documents were written.
func (w *Writer) Documents() int { return w.docs }

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

// Append spools one document Encoder made; amount (decimal text) is counted in the totals as
// received (credit) or paid.
func (w *Writer) Append(doc []byte, kind string, credit bool, amount string) error {
	total := &w.debit
	if credit {
		total = &w.credit
	}
	if err := total.Add(amount); err != nil {
		return err
	}
	if _, err := w.buf.Write(doc); err != nil {
		return fmt.Errorf("could not spool the 1С documents: %w", err)
	}
	w.docs++
	w.addKind(kind)
	return nil
}

func (w *Writer) addKind(kind string) {
	for _, k := range w.kinds {
		if k == kind {
			return
		}
	}
	w.kinds = append(w.kinds, kind)
}

// Totals are what the documents received and paid.
func (w *Writer) Totals() (credit, debit decimal.Decimal) { return w.credit.Total(), w.debit.Total() }

// Finish writes the whole file to out: the header and the account section first, then the
// spooled documents, then КонецФайла.
func (w *Writer) Finish(out io.Writer, h Header) error {
	if err := w.buf.Flush(); err != nil {
		return fmt.Errorf("could not spool the 1С documents: %w", err)
	}
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
	put("РасчСчет", h.Account)
	for _, k := range w.kinds {
		put("Документ", k)
	}
	bw.WriteString(string(mustEncode("СекцияРасчСчет")) + "\r\n")
	put("ДатаНачала", day(h.From))
	put("ДатаКонца", day(h.To))
	put("РасчСчет", h.Account)
	if h.Begin != "" {
		put("НачальныйОстаток", money.FormatText(h.Begin))
	}
	put("ВсегоПоступило", money.Format(w.credit.Total()))
	put("ВсегоСписано", money.Format(w.debit.Total()))
	if h.End != "" {
		put("КонечныйОстаток", money.FormatText(h.End))
	}
	bw.WriteString(string(mustEncode("КонецРасчСчет")) + "\r\n")
	if _, err := w.spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(bw, w.spool); err != nil {
		return err
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
