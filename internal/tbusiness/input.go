package tbusiness

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ReadDrafts reads drafts from a file: its first non-blank byte, after a UTF-8 BOM, says which
// kind ("[" a JSON array, "{" JSON Lines, else CSV with the API's field names in the header
// and "," or ";" as the header line shows). Input that is not valid UTF-8 is read as
// Windows-1251, as Russian spreadsheets save it: cp1251 is then true. In a ";" file an amount
// may have a decimal comma.
func ReadDrafts(data []byte) (drafts []*Draft, cp1251 bool, err error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1251.NewDecoder().Bytes(data); err != nil {
			return nil, false, fmt.Errorf("the input is neither UTF-8 nor Windows-1251: %w", err)
		}
		cp1251 = true
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, cp1251, errors.New("the input holds no drafts")
	case trimmed[0] == '[':
		drafts, err = readArray(data)
	case trimmed[0] == '{':
		drafts, err = readLines(data)
	default:
		drafts, err = readCSV(data)
	}
	if err == nil && len(drafts) == 0 {
		err = errors.New("the input holds no drafts")
	}
	return drafts, cp1251, err
}

func readArray(data []byte) ([]*Draft, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("the input is not a valid JSON array: %w", err)
	}
	out := make([]*Draft, 0, len(items))
	for i, it := range items {
		d, err := fromJSON(it, i)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func readLines(data []byte) ([]*Draft, error) {
	var out []*Draft
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		d, err := fromJSON(line, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// fromJSON reads one draft object: strings and numbers, and a thirdParty object.
func fromJSON(raw []byte, line int) (*Draft, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, &FieldError{Line: line, Msg: "not a JSON object: " + err.Error()}
	}
	d := &Draft{Line: line, Fields: map[string]string{}}
	for k, v := range obj {
		if k == "thirdParty" {
			tp, ok := v.(map[string]any)
			if !ok {
				return nil, &FieldError{line, k, "an object {inn, kpp, name} expected"}
			}
			for tk, tv := range tp {
				if err := d.set(k+"."+tk, tv); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := d.set(k, v); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *Draft) set(k string, v any) error {
	if !KnownField(k) {
		return &FieldError{d.Line, k, "not a field of a payment draft (see `bankctl tbusiness payment create --help`)"}
	}
	switch t := v.(type) {
	case string:
		d.Fields[k] = t
	case json.Number:
		d.Fields[k] = t.String()
	case nil:
	default:
		return &FieldError{d.Line, k, "a string or a number expected"}
	}
	return nil
}

func readCSV(data []byte) ([]*Draft, error) {
	header, _, _ := strings.Cut(string(data), "\n")
	r := csv.NewReader(bytes.NewReader(data))
	semicolon := strings.Count(header, ";") > strings.Count(header, ",")
	if semicolon {
		r.Comma = ';'
	}
	names, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("could not read the CSV header: %w", err)
	}
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		if !KnownField(names[i]) {
			return nil, &FieldError{1, names[i], "not a field of a payment draft: the header names the API's fields (documentNumber, amount, recipientName, …)"}
		}
	}
	var out []*Draft
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &FieldError{Line: pe.StartLine, Msg: "not valid CSV: " + pe.Err.Error()}
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		d := &Draft{Line: line, Fields: map[string]string{}}
		for i, v := range rec {
			if names[i] == "amount" && semicolon {
				v = strings.Replace(strings.NewReplacer(" ", "", "\u00a0", "").Replace(v), ",", ".", 1)
			}
			d.Fields[names[i]] = v
		}
		out = append(out, d)
	}
}
