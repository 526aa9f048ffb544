package cmdutil

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/xlsx"

	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// ListFormats are the formats of the list commands: table, json, yaml, jsonl, csv and xlsx.
var ListFormats = Formats{Names: []string{Table, JSON, YAML, JSONL, CSV, XLSX}}

// Column is one column of a list's table, TSV, CSV and XLSX.
type Column struct {
	Header string
	Amount bool      // a number in CSV and XLSX: no formula guard
	Kind   xlsx.Kind // an XLSX cell's type (Text by default; Amount when Amount is set)
	Get    func(item *render.Node) string
}

// List prints a list: items are its elements as JSON; body, when not nil, is the whole answer
// as the bank sent it (what -o json and yaml print). --jq runs on each item, as jq does on
// JSON Lines.
func (p *Printer) List(body []byte, items []json.RawMessage, cols []Column) error {
	out, tty := p.IO.Out, p.IO.IsStdoutTTY()
	if body == nil {
		var err error
		if body, err = render.Marshal(items); err != nil {
			return err
		}
	}
	switch {
	case p.JQ != nil:
		for _, it := range items {
			if err := render.JQ(out, p.JQ, it, tty); err != nil {
				return err
			}
		}
		return nil
	case p.Format == JSON:
		return render.JSON(out, body, tty)
	case p.Format == YAML:
		return render.YAML(out, body, tty)
	case p.Format == JSONL:
		for _, it := range items {
			line := render.JSONLine(it)
			if tty {
				line = sanitize.JSON(line)
			}
			out.Write(line)
			io.WriteString(out, "\n")
		}
		return nil
	}
	header := make([]string, len(cols))
	amount := make([]bool, len(cols))
	for i, c := range cols {
		header[i], amount[i] = c.Header, c.Amount
	}
	rows := make([][]string, 0, len(items))
	for k, it := range items {
		n, err := render.Parse(it)
		if err != nil {
			return err
		}
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = c.Get(n)
			if c.Amount && row[i] != "" && !money.IsNumber(row[i]) {
				return fmt.Errorf("item %d: its %s %q is not a number: stopped, so no cell holds it (-o json shows the answer as it came)",
					k+1, strings.ToLower(c.Header), render.Clip(row[i], 40))
			}
		}
		rows = append(rows, row)
	}
	switch p.Format {
	case CSV:
		return render.CSV(out, header, amount, rows, p.Delimiter)
	case XLSX:
		return writeXLSX(out, cols, rows)
	}
	t := render.NewTable(header...)
	for _, r := range rows {
		t.Append(r...)
	}
	return t.Render(out, tty)
}

// writeXLSX writes a list as an Excel workbook (the Printer refused a terminal).
func writeXLSX(out io.Writer, cols []Column, rows [][]string) error {
	xc := make([]xlsx.Column, len(cols))
	for i, c := range cols {
		xc[i] = xlsx.Column{Name: strings.ToLower(c.Header), Kind: c.Kind}
		if c.Amount {
			xc[i].Kind = xlsx.Amount
		}
	}
	x := xlsx.NewWriter(out, xc)
	for _, r := range rows {
		if err := x.Write(r); err != nil {
			return err
		}
	}
	return x.Close()
}

// Items splits a JSON array into its elements.
func Items(body []byte) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, err
	}
	return items, nil
}
