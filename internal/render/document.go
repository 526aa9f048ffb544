package render

import (
	"bufio"
	"io"
	"strings"
	"unicode"
)

// Labels make a Document readable: names for known fields, and which sections come first.
// Any field without a label is shown under its dotted path, so nothing is hidden.
type Labels struct {
	Rows    map[string]string // dotted path (lower case) → row label
	Columns map[string]string // field name (lower case) → column header
	Titles  map[string]string // path of an array of objects (lower case) → table title
	First   []string          // top-level keys shown first, in this order
}

type section struct {
	title string
	table *Table
}

// Document renders a JSON value of unknown shape for people: scalar fields as key/value rows,
// arrays of objects as tables (an array nested in each item, like banks[].accounts[], becomes
// one table of the inner items with the outer item's fields in front).
func Document(w io.Writer, n *Node, tty bool, l Labels) error {
	kv := NewTable()
	var tables []section
	var walk func(n *Node, path string)
	walk = func(n *Node, path string) {
		switch {
		case n.Kind == Object:
			for _, i := range order(n, path == "", l.First) {
				walk(n.Items[i], join(path, n.Keys[i]))
			}
		case n.Kind == Array && objects(n):
			tables = append(tables, section{title: l.title(path), table: l.arrayTable(n)})
		case n.Kind == Array:
			parts := make([]string, len(n.Items))
			for i, it := range n.Items {
				parts[i] = it.String()
			}
			kv.Append(l.row(path), strings.Join(parts, ", "))
		default:
			kv.Append(l.row(path), n.String())
		}
	}
	walk(n, "")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	sep := false
	if kv.Len() > 0 {
		if err := kv.Render(bw, tty); err != nil {
			return err
		}
		sep = true
	}
	for _, s := range tables {
		if sep {
			bw.WriteByte('\n')
		}
		if tty && s.title != "" {
			bw.WriteString(s.title + "\n")
		}
		if err := s.table.Render(bw, tty); err != nil {
			return err
		}
		sep = true
	}
	return nil
}

// order puts the top level's known sections first, then the rest as the server sent them.
func order(n *Node, top bool, first []string) []int {
	idx := make([]int, 0, len(n.Keys))
	if top {
		used := map[int]bool{}
		for _, f := range first {
			for i, k := range n.Keys {
				if !used[i] && strings.EqualFold(k, f) {
					idx = append(idx, i)
					used[i] = true
				}
			}
		}
		for i := range n.Keys {
			if !used[i] {
				idx = append(idx, i)
			}
		}
		return idx
	}
	for i := range n.Keys {
		idx = append(idx, i)
	}
	return idx
}

func objects(n *Node) bool {
	if len(n.Items) == 0 {
		return false
	}
	for _, it := range n.Items {
		if it.Kind != Object {
			return false
		}
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (l Labels) row(path string) string {
	if s, ok := l.Rows[strings.ToLower(path)]; ok {
		return s
	}
	return path
}

func (l Labels) title(path string) string {
	if s, ok := l.Titles[strings.ToLower(path)]; ok {
		return s
	}
	return Heading(path)
}

// arrayTable lays out an array of objects. If its items hold an array of objects themselves,
// the rows are the inner items, each led by its outer item's scalar fields.
func (l Labels) arrayTable(n *Node) *Table {
	inner := ""
	for _, it := range n.Items {
		for i, k := range it.Keys {
			if it.Items[i].Kind == Array && objects(it.Items[i]) {
				inner = k
				break
			}
		}
		if inner != "" {
			break
		}
	}
	var outerCols, innerCols columns
	for _, it := range n.Items {
		outerCols.add(it, inner)
		if in := it.Get(inner); inner != "" && in != nil && in.Kind == Array {
			for _, x := range in.Items {
				innerCols.add(x, "")
			}
		}
	}
	header := append(l.headers(outerCols.names, true, inner != ""), l.headers(innerCols.names, false, false)...)
	t := NewTable(header...)
	for _, it := range n.Items {
		outer := outerCols.cells(it)
		in := it.Get(inner)
		if inner == "" || in == nil || in.Kind != Array || len(in.Items) == 0 {
			t.Append(append(outer, make([]string, len(innerCols.names))...)...)
			continue
		}
		for _, x := range in.Items {
			t.Append(append(append([]string(nil), outer...), innerCols.cells(x)...)...)
		}
	}
	return t
}

// columns is the union of the fields of a set of objects, in order of first appearance.
type columns struct {
	names []string
	seen  map[string]bool
}

func (c *columns) add(obj *Node, skip string) {
	if obj.Kind != Object {
		return
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	for _, k := range obj.Keys {
		if k != skip && !c.seen[k] {
			c.seen[k] = true
			c.names = append(c.names, k)
		}
	}
}

func (c *columns) cells(obj *Node) []string {
	out := make([]string, len(c.names))
	for i, k := range c.names {
		if v := obj.Get(k); v != nil {
			out[i] = v.String()
		}
	}
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
		out[i] = strings.ToUpper(Heading(k))
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
