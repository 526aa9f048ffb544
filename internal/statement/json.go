package statement

import (
	"bytes"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// withAccount is an operation's JSON with "account" as its first key (--account all): the only
// change made to the bank's JSON. Without --account all it is raw itself.
func (b *base) withAccount(dst, raw []byte) []byte {
	if !b.o.All {
		return raw
	}
	body := bytes.TrimLeft(raw, " \t\r\n")
	dst = append(dst[:0], `{"account":`...)
	dst = jsonscan.AppendQuoted(dst, b.account)
	if rest := bytes.TrimLeft(body[1:], " \t\r\n"); len(rest) > 0 && rest[0] != '}' {
		dst = append(dst, ',')
	}
	return append(dst, body[1:]...)
}

// jsonlExport writes each operation as the bank sent it, one a line: byte-exact to a pipe.
type jsonlExport struct {
	base
	buf []byte
}

// checked is an operation as the JSON exports write it: valid JSON, with its account for
// --account all (built in buf, which it keeps).
func (b *base) checked(buf *[]byte, raw []byte) ([]byte, error) {
	if !jsonscan.Valid(raw) {
		return nil, ErrInvalid
	}
	out := b.withAccount(*buf, raw)
	if b.o.All {
		*buf = out
	}
	return out, nil
}

func (e *jsonlExport) Operation(raw []byte) error {
	out, err := e.checked(&e.buf, raw)
	if err != nil {
		return err
	}
	if e.o.TTY {
		out = sanitize.JSON(out)
	}
	e.w.Write(out)
	return e.w.WriteByte('\n')
}

// jqExport runs --jq on each operation, as jq does on JSON Lines.
type jqExport struct {
	base
	buf []byte
}

func (e *jqExport) Operation(raw []byte) error {
	out, err := e.checked(&e.buf, raw)
	if err != nil {
		return err
	}
	return render.JQ(e.w, e.o.JQ, out, e.o.TTY)
}

// jsonExport writes one array, streamed; with --balances, {"balances":…,"operations":[…]}. The
// balances lead when they came before the first operation (as the bank sends them); else, and
// with --account all (each account's by its number), they close the object.
type jsonExport struct {
	base
	started, balancesFirst bool
	n                      int
	balances               [][2][]byte // account, balances
	buf                    []byte
}

func (e *jsonExport) Balances(raw []byte) error {
	if e.o.Balances {
		e.balances = append(e.balances, [2][]byte{[]byte(e.account), append([]byte(nil), raw...)})
	}
	return nil
}

func (e *jsonExport) start() {
	if e.started {
		return
	}
	e.started = true
	if e.o.Balances {
		e.w.WriteByte('{')
		if !e.o.All && len(e.balances) > 0 {
			e.balancesFirst = true
			e.w.WriteString(`"balances":`)
			e.w.Write(e.balances[0][1])
			e.w.WriteByte(',')
		}
		e.w.WriteString(`"operations":`)
	}
	e.w.WriteString("[\n")
}

func (e *jsonExport) Operation(raw []byte) error {
	if !jsonscan.Valid(raw) {
		return ErrInvalid
	}
	e.start()
	if e.n > 0 {
		e.w.WriteString(",\n")
	}
	e.n++
	out := e.withAccount(e.buf, raw)
	if e.o.All {
		e.buf = out
	}
	if e.o.TTY {
		out = sanitize.JSON(out)
	}
	_, err := e.w.Write(out)
	return err
}

func (e *jsonExport) Finish() error {
	e.start()
	if e.n > 0 {
		e.w.WriteByte('\n')
	}
	e.w.WriteByte(']')
	if e.o.Balances {
		switch {
		case e.balancesFirst:
		case e.o.All:
			e.w.WriteString(`,"balances":{`)
			for i, b := range e.balances {
				if i > 0 {
					e.w.WriteByte(',')
				}
				e.w.Write(jsonscan.AppendQuoted(nil, string(b[0])))
				e.w.WriteByte(':')
				e.w.Write(b[1])
			}
			e.w.WriteByte('}')
		case len(e.balances) > 0:
			e.w.WriteString(`,"balances":`)
			e.w.Write(e.balances[0][1])
		default:
			e.w.WriteString(`,"balances":null`)
		}
		e.w.WriteByte('}')
	}
	e.w.WriteByte('\n')
	return e.w.Flush()
}
