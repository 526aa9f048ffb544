// Package xlsx writes an Excel workbook (Office Open XML, SpreadsheetML) of one sheet as its rows
// come, shaped like encoding/csv's Writer: rows stream into the zip, so memory stays flat however
// long the sheet. Cells are typed: text (accounts, INN, KPP, BIC stay text, as typed), numbers
// (amounts with two decimals; text when they have more digits than a spreadsheet number holds
// exactly), Moscow dates and times as Excel dates. The header row is frozen and the columns are
// as wide as the first rows need. Text never becomes a formula: it is written as inline text.
//
// bankctl writes the few parts of the format it needs by hand rather than linking excelize: that
// library's package initialisation alone takes about 6 ms and 1.3 MB at every start of the
// program, which every command would pay; excelize reads these files back in the tests.
package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is what a column's cells are.
type Kind int

// Kinds of cells.
const (
	Text     Kind = iota // as typed: never a number, never a formula
	Amount               // a decimal amount: a number with two decimals
	DateTime             // "2006-01-02 15:04:05" in Moscow: an Excel date and time
	Date                 // "2006-01-02": an Excel date
	Integer              // a whole number (a line number)
)

// Column is a column's header and kind.
type Column struct {
	Name string
	Kind Kind
}

// Writer writes one sheet.
type Writer struct {
	zw      *zip.Writer
	sheet   *bufio.Writer
	cols    []Column
	widths  []int
	pending [][]string
	row     int
	err     error
	buf     []byte
	letters [][]byte // each column's letters
	rowNum  []byte
}

// firstRows is how many rows decide the column widths before anything is written.
const firstRows = 1000

// NewWriter starts a workbook on w whose one sheet has these columns.
func NewWriter(w io.Writer, cols []Column) *Writer {
	zw := zip.NewWriter(w)
	// The fastest deflate: a statement's sheet compresses well anyway, and the time is the user's.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	x := &Writer{zw: zw, cols: cols, widths: make([]int, len(cols)), letters: make([][]byte, len(cols))}
	for i, c := range cols {
		x.widths[i] = utf8.RuneCountInString(c.Name) + 2
		x.letters[i] = column(nil, i)
	}
	return x
}

// Write adds a row: one string a column, typed by the column ("" for an empty cell). The first
// rows are held (copied) to size the columns; Flush writes them.
func (x *Writer) Write(row []string) error {
	if x.err != nil {
		return x.err
	}
	if x.sheet == nil {
		for i, v := range row {
			if i < len(x.widths) {
				x.widths[i] = max(x.widths[i], min(width(x.cols[i].Kind, v), 60))
			}
		}
		held := make([]string, len(row))
		for i, v := range row {
			held[i] = strings.Clone(v) // the caller may reuse what its strings point into
		}
		x.pending = append(x.pending, held)
		if len(x.pending) >= firstRows {
			return x.Flush()
		}
		return nil
	}
	x.writeRow(row, false)
	return x.err
}

// Flush writes what is held: the first call fixes the column widths and writes the sheet's
// beginning and the header.
func (x *Writer) Flush() error {
	if x.err != nil || x.sheet != nil {
		return x.err
	}
	for _, name := range [...]string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		f, err := x.zw.Create(name)
		if err == nil {
			_, err = io.WriteString(f, parts[name])
		}
		if err != nil {
			x.err = err
			return err
		}
	}
	f, err := x.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		x.err = err
		return err
	}
	x.sheet = bufio.NewWriterSize(f, 64<<10)
	x.sheet.WriteString(xml + `<worksheet xmlns="` + ns + `"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>`)
	for i, w := range x.widths {
		fmt.Fprintf(x.sheet, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w+1)
	}
	x.sheet.WriteString(`</cols><sheetData>`)
	header := make([]string, len(x.cols))
	for i, c := range x.cols {
		header[i] = c.Name
	}
	x.writeRow(header, true)
	for _, r := range x.pending {
		x.writeRow(r, false)
	}
	x.pending = nil
	return x.err
}

// Close ends the sheet and the workbook. It does not close the underlying writer.
func (x *Writer) Close() error {
	if err := x.Flush(); err != nil {
		return err
	}
	x.sheet.WriteString(`</sheetData></worksheet>`)
	if err := x.sheet.Flush(); err != nil {
		return err
	}
	return x.zw.Close()
}

// Styles, as xl/styles.xml lists them.
const (
	styleText     = 1
	styleAmount   = 2
	styleDateTime = 3
	styleDate     = 4
	styleHeader   = 5
	styleInteger  = 6
)

func (x *Writer) writeRow(row []string, header bool) {
	x.row++
	b := x.buf[:0]
	x.rowNum = strconv.AppendInt(x.rowNum[:0], int64(x.row), 10)
	b = append(b, `<row r="`...)
	b = append(b, x.rowNum...)
	b = append(b, `">`...)
	var ref []byte
	for i, v := range row {
		if v == "" || i >= len(x.cols) {
			continue
		}
		ref = append(append(ref[:0], x.letters[i]...), x.rowNum...)
		if header {
			b = inline(b, ref, styleHeader, v)
			continue
		}
		switch k := x.cols[i].Kind; {
		case k == Amount && numeric(v):
			b = number(b, ref, styleAmount, v)
		case k == Integer && numeric(v):
			b = number(b, ref, styleInteger, v)
		case k == DateTime || k == Date:
			if serial, ok := excelTime(v); ok {
				style := styleDateTime
				if k == Date {
					style = styleDate
				}
				b = number(b, ref, style, serial)
				break
			}
			b = inline(b, ref, styleText, v)
		default:
			b = inline(b, ref, styleText, v)
		}
	}
	b = append(b, `</row>`...)
	x.buf = b
	if _, err := x.sheet.Write(b); err != nil && x.err == nil {
		x.err = err
	}
}

// column writes a column's letters: 0 → A, 26 → AA.
func column(b []byte, i int) []byte {
	if i >= 26 {
		b = column(b, i/26-1)
	}
	return append(b, byte('A'+i%26))
}

func number(b, ref []byte, style int, v string) []byte {
	b = append(b, `<c r="`...)
	b = append(b, ref...)
	b = append(b, `" s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	b = append(b, `"><v>`...)
	b = append(b, v...)
	return append(b, `</v></c>`...)
}

func inline(b, ref []byte, style int, v string) []byte {
	b = append(b, `<c r="`...)
	b = append(b, ref...)
	b = append(b, `" s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	b = append(b, `" t="inlineStr"><is><t xml:space="preserve">`...)
	b = escape(b, v)
	return append(b, `</t></is></c>`...)
}
