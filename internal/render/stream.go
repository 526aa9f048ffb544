package render

import (
	"bufio"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// StreamTable prints a table on a terminal as its rows come, for lists too long to hold: the
// rows of the first batch (a page) set the column widths, capped per column, and every row
// after is clipped to them. Cells are shown inert, one line each.
type StreamTable struct {
	w       *bufio.Writer
	header  []string
	caps    []int
	widths  []int
	pending [][]string
}

// NewStreamTable starts a table; caps[i] is the widest column i may be (0: no cap).
func NewStreamTable(w io.Writer, header []string, caps []int) *StreamTable {
	return &StreamTable{w: bufio.NewWriterSize(w, 64<<10), header: header, caps: caps}
}

// Row adds a row: held until the first batch ends, printed at once after.
func (t *StreamTable) Row(cells ...string) error {
	for i, c := range cells {
		cells[i] = sanitize.Line(c)
	}
	if t.widths == nil {
		t.pending = append(t.pending, cells)
		return nil
	}
	t.line(cells)
	return nil
}

// Flush ends a batch: the first one fixes the widths and prints the header and its rows.
func (t *StreamTable) Flush() error {
	if t.widths == nil {
		t.widths = make([]int, len(t.header))
		for _, r := range append([][]string{t.header}, t.pending...) {
			for i, c := range r {
				w := twwidth.Width(c)
				if i < len(t.caps) && t.caps[i] > 0 {
					w = min(w, t.caps[i])
				}
				t.widths[i] = max(t.widths[i], w)
			}
		}
		t.widths = fitWidths(t.widths, TerminalWidth)
		t.line(t.header)
		for _, r := range t.pending {
			t.line(r)
		}
		t.pending = nil
	}
	return t.w.Flush()
}

func (t *StreamTable) line(cells []string) {
	last := len(cells) - 1
	for last >= 0 && cells[last] == "" {
		last--
	}
	for i := 0; i <= last; i++ {
		c := clip(cells[i], t.widths[i])
		t.w.WriteString(c)
		if i < last {
			t.w.WriteString(strings.Repeat(" ", t.widths[i]-twwidth.Width(c)+2))
		}
	}
	t.w.WriteByte('\n')
}

// clip cuts s to width display columns, ending with "…" when it had to cut.
func clip(s string, width int) string {
	// No character is wider than its UTF-8 bytes: a short string needs no measuring.
	if len(s) <= width || displayWidth(s) <= width {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := twwidth.Width(string(r))
		if w+rw > width-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	b.WriteString("…")
	return b.String()
}

// Clip cuts s to width display columns, ending with "…" when it had to cut.
func Clip(s string, width int) string { return clip(s, width) }

// displayWidth is s's width in terminal columns, as tablewriter measures it; ASCII text, most
// of a bank's cells, is measured by its length.
func displayWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return twwidth.Width(s)
		}
	}
	return len(s)
}
