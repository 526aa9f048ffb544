package textin

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// FieldError is one bad value of a record: the line where the record starts (an array's item:
// its index; -1 for none, as for flags), the field, and the value as the user typed it.
type FieldError struct {
	Line  int
	Field string
	Value string
	Msg   string
	Typed bool // Value is what was typed (print it, even when empty)
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Line >= 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
	}
	if e.Field != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "field %s", e.Field)
	}
	if e.Typed {
		fmt.Fprintf(&b, " (%s)", Quote(e.Value))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Quote shows a value as typed: in double quotes, or "nothing".
func Quote(s string) string {
	if s == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", s)
}

// MaxErrors is how many bad records one run reports.
const MaxErrors = 50

// Errors are the bad records of one input, all reported at once.
type Errors []error

func (e Errors) Error() string {
	if len(e) == 1 {
		return e[0].Error()
	}
	return fmt.Sprintf("%d problems in the input", len(e))
}

// Unwrap lets errors.Is and errors.As see each problem.
func (e Errors) Unwrap() []error { return e }

// Add keeps err, up to MaxErrors.
func (e *Errors) Add(err error) {
	if err == nil {
		return
	}
	var more Errors
	if errors.As(err, &more) {
		for _, m := range more {
			e.Add(m)
		}
		return
	}
	if len(*e) < MaxErrors {
		*e = append(*e, err)
	}
}

// Err is nil without errors.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Record is one spreadsheet row: where it starts and its cells by field.
type Record struct {
	Line  int
	Cells map[string]string
}

// Normalize is a header as bankctl compares it: case, ё and е, spaces and underscores ignored.
func Normalize(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimPrefix(h, "\ufeff")) {
		switch {
		case r == 'ё':
			b.WriteRune('е')
		case unicode.IsSpace(r) || r == '_' || r == '"':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Delimiter is the header line's: tab, ";" or ",", whichever it holds most of.
func Delimiter(header string) rune {
	best, n := ',', strings.Count(header, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(header, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

// ReadTable splits a spreadsheet saved as CSV or TSV (text already decoded) into records. The
// delimiter is the header line's; resolve names the field a header cell stands for (false: no
// such field). Trailing empty columns and cells, and wholly empty rows, are ignored, as Excel
// writes them. Every problem is reported (up to MaxErrors): each unknown column by name, a row
// with more cells than the header, a line that is not CSV.
func ReadTable(text string, resolve func(header string) (string, bool)) ([]string, []Record, error) {
	header, _, _ := strings.Cut(text, "\n")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = Delimiter(header)
	r.FieldsPerRecord = -1
	var errs Errors
	names, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("could not read the header line: %w", err)
	}
	for len(names) > 0 && strings.TrimSpace(names[len(names)-1]) == "" {
		names = names[:len(names)-1]
	}
	fields := make([]string, len(names))
	seen := map[string]int{}
	for i, n := range names {
		f, ok := resolve(strings.TrimSpace(n))
		switch {
		case strings.TrimSpace(n) == "":
			errs.Add(&FieldError{Line: 1, Msg: fmt.Sprintf("column %d has no name in the header", i+1)})
		case !ok:
			errs.Add(&FieldError{Line: 1, Field: strings.TrimSpace(n), Msg: "not a column bankctl knows"})
		case seen[f] > 0:
			errs.Add(&FieldError{Line: 1, Field: strings.TrimSpace(n), Msg: fmt.Sprintf("a second column for %s (columns %d and %d)", f, seen[f], i+1)})
		}
		fields[i], seen[f] = f, i+1
	}
	if len(names) == 0 {
		errs.Add(&FieldError{Line: 1, Msg: "the header line is empty"})
	}
	if errs.Err() != nil {
		return nil, nil, errs
	}
	var out []Record
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.Add(&FieldError{Line: pe.StartLine, Msg: "not valid CSV: " + pe.Err.Error()})
				if len(errs) >= MaxErrors {
					break
				}
				continue
			}
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		if len(rec) == 0 {
			continue // an empty row
		}
		if len(rec) > len(names) {
			errs.Add(&FieldError{Line: line, Msg: fmt.Sprintf("%d cells, but the header names %d columns (a value with an unquoted %q?)", len(rec), len(names), string(r.Comma))})
			continue
		}
		cells := make(map[string]string, len(rec))
		for i, v := range rec {
			cells[fields[i]] = v
		}
		out = append(out, Record{Line: line, Cells: cells})
	}
	return fields, out, errs.Err()
}

// Clip keeps a value short enough to quote in an error: 60 characters.
func Clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
