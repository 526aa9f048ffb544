package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"unicode"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// Labels make a Document readable: names for known fields, and which sections come first.
// Any field without a label is shown under its dotted path, so nothing is hidden.
type Labels struct {
	Rows    map[string]string // dotted path (lower case) → row label
	Columns map[string]string // field name (lower case) → column header
	Titles  map[string]string // path of an array of objects (lower case) → table title
	First   []string          // top-level keys shown first, in this order
}

// What a Document shows of an answer of unknown shape, whatever its size: labels and cells are
// clipped, nesting deeper than maxDepth is shown as compact JSON, and a table has at most
// maxColumns columns. Memory stays linear in the body.
const (
	maxDepth   = 24
	maxLabel   = 120
	maxCell    = 1000
	maxColumns = 50
)

type section struct {
	path string
	n    *Node
}

// Document renders a JSON value of unknown shape for people: scalar fields as key/value rows,
// arrays of objects as tables (an array nested in each item, like banks[].accounts[], becomes
// one table of the inner items with the outer item's fields in front).
func Document(w io.Writer, n *Node, tty bool, l Labels) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	var tables []section
	first := true
	rows, err := writeRows(bw, tty, nil, func(add func(cells ...string)) {
		l.walk(n, make([]string, 0, 16), add, func(s section) {
			if first {
				tables = append(tables, s)
			}
		})
		first = false
	})
	if err != nil {
		return err
	}
	sep := rows > 0
	for _, s := range tables {
		if sep {
			bw.WriteByte('\n')
		}
		if tty {
			if t := l.title(s.path); t != "" {
				bw.WriteString(sanitize.Line(clip(t, maxLabel)) + "\n")
			}
		}
		if err := l.arrayTable(bw, tty, s.n); err != nil {
			return err
		}
		sep = true
	}
	return nil
}

// walk adds a row for each scalar field under n (path leads to it) and hands each array of
// objects to table.
func (l Labels) walk(n *Node, path []string, add func(cells ...string), table func(section)) {
	switch {
	case len(path) > maxDepth:
		add(l.row(path), clip(n.String(), maxCell))
	case n.Kind() == Object:
		eachMember(n, len(path) == 0, l.First, func(k string, v *Node) {
			l.walk(v, append(path, k), add, table)
		})
	case n.Kind() == Array && objects(n):
		table(section{dotted(path, 1<<20), n.Keep()})
	case n.Kind() == Array:
		var b strings.Builder
		n.Elements(func(it *Node) bool {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(clip(it.String(), maxCell))
			return b.Len() <= maxCell
		})
		add(l.row(path), clip(b.String(), maxCell))
	default:
		add(l.row(path), n.String())
	}
}

// eachMember visits an object's members: at the top, the known sections first, then the rest
// as the server sent them.
func eachMember(n *Node, top bool, first []string, fn func(k string, v *Node)) {
	if !top || len(first) == 0 {
		n.Members(func(k string, v *Node) bool { fn(k, v); return true })
		return
	}
	for _, f := range first {
		n.Members(func(k string, v *Node) bool {
			if strings.EqualFold(k, f) {
				fn(k, v)
			}
			return true
		})
	}
	n.Members(func(k string, v *Node) bool {
		for _, f := range first {
			if strings.EqualFold(k, f) {
				return true
			}
		}
		fn(k, v)
		return true
	})
}

// objects reports whether n is a non-empty array of objects only.
func objects(n *Node) bool {
	all, any := true, false
	n.Elements(func(it *Node) bool {
		any = true
		all = it.Kind() == Object
		return all
	})
	return any && all
}

// dotted joins a path with dots, at most limit bytes of it.
func dotted(path []string, limit int) string {
	var b strings.Builder
	for i, k := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(k)
		if b.Len() > limit {
			break
		}
	}
	return b.String()
}

func (l Labels) row(path []string) string {
	p := dotted(path, maxLabel*4)
	if s, ok := l.Rows[strings.ToLower(p)]; ok {
		return s
	}
	return clip(p, maxLabel)
}

func (l Labels) title(path string) string {
	if s, ok := l.Titles[strings.ToLower(path)]; ok {
		return s
	}
	return Heading(path)
}

// arrayTable writes an array of objects as a table. If its items hold an array of objects
// themselves, the rows are the inner items, each led by its outer item's scalar fields.
func (l Labels) arrayTable(w *bufio.Writer, tty bool, n *Node) error {
	inner := ""
	n.Elements(func(it *Node) bool {
		it.Members(func(k string, v *Node) bool {
			if v.Kind() == Array && objects(v) {
				inner = k
				return false
			}
			return true
		})
		return inner == ""
	})
	outerCols, innerCols := newColumns(), newColumns()
	n.Elements(func(it *Node) bool {
		outerCols.add(it, inner)
		if in := it.Get(inner); inner != "" && in.Kind() == Array {
			in.Elements(func(x *Node) bool { innerCols.add(x, ""); return true })
		}
		return true
	})
	header := append(l.headers(outerCols.names, true, inner != ""), l.headers(innerCols.names, false, false)...)
	_, err := writeRows(w, tty, header, func(add func(cells ...string)) {
		n.Elements(func(it *Node) bool {
			outer := outerCols.cells(it)
			in := it.Get(inner)
			if inner == "" || in.Kind() != Array || in.empty() {
				add(append(outer, make([]string, len(innerCols.names))...)...)
				return true
			}
			in.Elements(func(x *Node) bool {
				add(append(append([]string(nil), outer...), innerCols.cells(x)...)...)
				return true
			})
			return true
		})
	})
	return err
}

// columns is the union of the fields of a set of objects, in order of first appearance, up to
// maxColumns.
type columns struct {
	names []string
	index map[string]int
}

func newColumns() *columns { return &columns{index: map[string]int{}} }

func (c *columns) add(obj *Node, skip string) {
	obj.Members(func(k string, _ *Node) bool {
		if _, seen := c.index[k]; k != skip && !seen && len(c.names) < maxColumns {
			c.index[k] = len(c.names)
			c.names = append(c.names, k)
		}
		return true
	})
}

// cells are obj's values in the columns' order: one pass over its members.
func (c *columns) cells(obj *Node) []string {
	out := make([]string, len(c.names))
	obj.Members(func(k string, v *Node) bool {
		if i, ok := c.index[k]; ok {
			out[i] = clip(v.String(), maxCell)
		}
		return true
	})
	return out
}

func (l Labels) headers(names []string, outer, nested bool) []string {
	out := make([]string, len(names))
	for i, k := range names {
		key := strings.ToLower(k)
		if nested {
			// An outer item's own field, like a bank's name, is ambiguous beside the inner ones.
			if s, ok := l.Columns["outer."+key]; ok {
				out[i] = s
				continue
			}
		}
		if s, ok := l.Columns[key]; ok {
			out[i] = s
			continue
		}
		out[i] = clip(strings.ToUpper(Heading(k)), maxLabel)
	}
	return out
}

// Heading turns a field name like "openDate" or "account_number" into "open date".
func Heading(k string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range k {
		switch {
		case r == '_' || r == '.' || r == '-':
			b.WriteByte(' ')
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
		prev = r
	}
	return b.String()
}

// compact is a JSON value without white space.
func compact(raw []byte) string {
	var b bytes.Buffer
	json.Compact(&b, raw)
	return b.String()
}
