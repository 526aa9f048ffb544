package payment

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/bankctl/bankctl/internal/textin"
)

// Input is what one input file held.
type Input struct {
	Drafts   []*Draft
	Encoding string // as read: utf-8, utf-16, cp1251 or cp866
	Kind     string // json, jsonl, csv, 1c
	Skipped  int    // 1С documents of other kinds, left out
}

// Read reads drafts from a file. Its encoding follows textin.Decode (enc decides when given; a
// 1С file's Кодировка= line decides for it). Its first non-blank character says its kind: "["
// a JSON array, "{" JSON Lines, "1CClientBankExchange" 1С's exchange file, else CSV or TSV with
// a header (the API's field names, or the Russian ones of docs/tbusiness.md). Every bad record
// is reported (up to textin.MaxErrors), each with line, field and the value as typed; only a
// file whose every record reads well gives drafts. They are normalised, not yet checked.
func Read(data []byte, enc string) (*Input, error) {
	if isOneC(data) {
		return readOneC(data, enc)
	}
	dec, err := textin.Decode(data, enc)
	if err != nil {
		return nil, err
	}
	in := &Input{Encoding: dec.Encoding}
	text := dec.Text
	trimmed := strings.TrimLeft(text, " \t\r\n")
	switch {
	case trimmed == "":
		return in, errors.New("the input holds no drafts")
	case trimmed[0] == '[' || trimmed[0] == '{':
		in.Kind = map[byte]string{'[': "json", '{': "jsonl"}[trimmed[0]]
		err = textin.JSONRecords(text, func(raw []byte, line int) error {
			d, err := fromJSON(raw, line)
			if d != nil {
				in.Drafts = append(in.Drafts, d)
			}
			return err
		})
	default:
		in.Kind = "csv"
		in.Drafts, err = readCSV(text)
	}
	if err == nil && len(in.Drafts) == 0 {
		err = errors.New("the input holds no drafts")
	}
	return in, err
}

// fromJSON reads one draft object: strings and numbers, and a thirdParty object.
func fromJSON(raw []byte, line int) (*Draft, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, &textin.FieldError{Line: line, Msg: "not a JSON object: " + err.Error()}
	}
	typed := map[string]string{}
	var errs textin.Errors
	set := func(k string, v any) {
		f, ok := Field(k)
		if !ok || strings.Contains(k, ".") {
			errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "not a field of a payment draft (see `bankctl tbusiness payment create --help`)"})
			return
		}
		switch t := v.(type) {
		case string:
			typed[f] = t
		case json.Number:
			typed[f] = t.String()
		case nil:
		default:
			errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "a string or a number expected"})
		}
	}
	for k, v := range obj {
		if k != "thirdParty" {
			set(k, v)
			continue
		}
		tp, ok := v.(map[string]any)
		if !ok {
			errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "an object {inn, kpp, name} expected"})
			continue
		}
		for tk, tv := range tp {
			if _, ok := Field("thirdParty." + tk); !ok {
				errs.Add(&textin.FieldError{Line: line, Field: "thirdParty." + tk, Msg: "not a field of thirdParty (inn, kpp, name)"})
				continue
			}
			switch t := tv.(type) {
			case string:
				typed["thirdParty."+tk] = t
			case json.Number:
				typed["thirdParty."+tk] = t.String()
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return New(line, typed), nil
}

// readCSV reads a spreadsheet: delimiter ",", ";" or tab, the API's field names or the Russian
// headers, trailing empty columns and rows ignored.
func readCSV(text string) ([]*Draft, error) {
	_, recs, err := textin.ReadTable(text, Field)
	if err != nil {
		var errs textin.Errors
		if errors.As(err, &errs) && len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, err
	}
	out := make([]*Draft, 0, len(recs))
	for _, r := range recs {
		out = append(out, New(r.Line, r.Cells))
	}
	return out, nil
}
