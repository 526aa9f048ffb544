package render

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
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

// Render writes the table.
func (t *Table) Render(w io.Writer, tty bool) error {
	if !tty {
		return writeTSV(w, t.rows)
	}
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
