package render

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// Table collects rows and prints them: aligned columns under a header on a terminal,
// tab-separated rows without a header when piped, so scripts can cut and awk them.
type Table struct {
	header []string
	rows   [][]string
}

// NewTable starts a table with a header (shown on terminals only).
func NewTable(header ...string) *Table { return &Table{header: header} }

// Append adds a row.
func (t *Table) Append(cells ...string) { t.rows = append(t.rows, cells) }

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// fastRows is where tablewriter's per-row cost (about 14µs) starts to show: a client with
// thousands of accounts must still print in well under 100ms. Above it, writeAligned lays out
// the same columns itself; TestFastPathMatchesTablewriter keeps the two byte-identical.
const fastRows = 200

// Render writes the table. On a terminal every cell is shown inert on one line (package
// sanitize); piped, a cell only loses its tabs and line breaks, so each row stays one line.
func (t *Table) Render(w io.Writer, tty bool) error {
	if !tty {
		return writeTSV(w, t.rows)
	}
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			r[i] = sanitize.Line(c)
		}
	}
	fitRows(t.header, t.rows, TerminalWidth)
	if len(t.rows) > fastRows {
		return t.writeAligned(w)
	}
	return t.renderTablewriter(w)
}

func (t *Table) renderTablewriter(w io.Writer) error {
	var buf bytes.Buffer
	tbl := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithPadding(tw.Padding{Right: "  ", Overwrite: true}),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	if len(t.header) > 0 {
		h := make([]any, len(t.header))
		for i, c := range t.header {
			h[i] = c
		}
		tbl.Header(h...)
	}
	if err := tbl.Bulk(t.rows); err != nil {
		return err
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	// tablewriter pads the last column; trailing blanks only get in the way of copying.
	bw := bufio.NewWriter(w)
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line == "" {
			continue
		}
		bw.WriteString(strings.TrimRight(line, " \n"))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// writeAligned writes what renderTablewriter writes with our settings: left-aligned columns two
// spaces apart, header as given, no borders, trailing blanks trimmed. Widths come from
// tablewriter's own twwidth, so wide and combining characters line up the same way.
func (t *Table) writeAligned(w io.Writer) error {
	ncol := len(t.header)
	for _, r := range t.rows {
		ncol = max(ncol, len(r))
	}
	widths := make([]int, ncol)
	cellWidths := make([][]int, len(t.rows))
	measure := func(row []string) []int {
		ws := make([]int, len(row))
		for i, c := range row {
			ws[i] = twwidth.Width(c)
			widths[i] = max(widths[i], ws[i])
		}
		return ws
	}
	headerWidths := measure(t.header)
	for i, r := range t.rows {
		cellWidths[i] = measure(r)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	line := func(row []string, ws []int) {
		last := len(row) - 1
		for last >= 0 && row[last] == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			bw.WriteString(row[i])
			if i < last {
				pad := widths[i] - ws[i] + 2
				for ; pad > 0; pad-- {
					bw.WriteByte(' ')
				}
			}
		}
		bw.WriteByte('\n')
	}
	if len(t.header) > 0 {
		line(t.header, headerWidths)
	}
	for i, r := range t.rows {
		line(r, cellWidths[i])
	}
	return bw.Flush()
}

func writeTSV(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				bw.WriteByte('\t')
			}
			bw.WriteString(tsvCell(c))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// tsvCell keeps one cell on one field: tabs and newlines would break the row apart.
func tsvCell(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.NewReplacer("\t", " ", "\r", " ", "\n", " ").Replace(s)
}

// writeRows writes the rows gen makes, never holding a long table: piped, each row as TSV as it
// comes; on a terminal up to fastRows are laid out by Table, and a longer table is made twice,
// once to measure its columns and once to print them.
func writeRows(w *bufio.Writer, tty bool, header []string, gen func(add func(cells ...string))) (int, error) {
	n := 0
	if !tty {
		row := [][]string{nil}
		gen(func(cells ...string) {
			n++
			row[0] = cells
			writeTSV(w, row)
		})
		return n, nil
	}
	header = append([]string(nil), header...)
	widths := make([]int, len(header))
	measure := func(cells []string) {
		for len(widths) < len(cells) {
			widths = append(widths, 0)
		}
		for i, c := range cells {
			cells[i] = sanitize.Line(c)
			widths[i] = max(widths[i], displayWidth(cells[i]))
		}
	}
	measure(header)
	t := NewTable(header...)
	gen(func(cells ...string) {
		n++
		measure(cells)
		if t != nil && t.Len() < fastRows {
			t.Append(cells...)
		} else {
			t = nil
		}
	})
	switch {
	case n == 0:
		return 0, nil
	case t != nil:
		return n, t.Render(w, true)
	}
	line := func(cells []string) {
		last := len(cells) - 1
		for last >= 0 && cells[last] == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			c := sanitize.Line(cells[i])
			w.WriteString(c)
			if i < last {
				for pad := widths[i] - displayWidth(c) + 2; pad > 0; pad-- {
					w.WriteByte(' ')
				}
			}
		}
		w.WriteByte('\n')
	}
	if len(header) > 0 {
		line(header)
	}
	gen(func(cells ...string) { line(cells) })
	return n, nil
}
