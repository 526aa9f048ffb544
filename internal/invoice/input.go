package invoice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bankctl/bankctl/internal/textin"
)

// Input is what one input file held.
type Input struct {
	Invoices []*Invoice
	Encoding string // as read: utf-8, utf-16 or cp1251
	Kind     string // json, jsonl, csv
}

// columns are the CSV columns: the API's field names, nested ones dotted, and the Russian
// headers an accountant's spreadsheet has (as textin.Normalize writes them).
var columns = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"номерсчета": "invoiceNumber", "номер": "invoiceNumber", "датасчета": "invoiceDate", "дата": "invoiceDate",
		"срокоплаты": "dueDate", "оплатитьдо": "dueDate", "счетполучателя": "accountNumber", "нашсчет": "accountNumber",
		"плательщик": "payer.name", "покупатель": "payer.name", "иннплательщика": "payer.inn", "иннпокупателя": "payer.inn",
		"кппплательщика": "payer.kpp", "кпппокупателя": "payer.kpp", "наименование": "items.name", "товар": "items.name",
		"товар/услуга": "items.name", "цена": "items.price", "количество": "items.amount", "кол-во": "items.amount",
		"ед.": "items.unit", "ед": "items.unit", "ед.изм.": "items.unit", "единица": "items.unit", "ндс": "items.vat",
		"ставкандс": "items.vat", "email": "contacts.email", "e-mail": "contacts.email", "почта": "contacts.email",
		"contacts": "contacts.email", "телефон": "contactPhone", "комментарий": "comment", "назначениеплатежа": "customPaymentPurpose",
	}
})

var apiColumns = sync.OnceValue(func() []string {
	return append(append([]string{"contacts.email"}, invoiceFields...), "items.name", "items.price", "items.amount", "items.unit", "items.vat")
})

// Column is the field a CSV header stands for.
func Column(header string) (string, bool) {
	n := textin.Normalize(header)
	for _, f := range apiColumns() {
		if strings.EqualFold(f, n) {
			return f, true
		}
	}
	f, ok := columns()[n]
	return f, ok
}

// Read reads invoices from a file whose encoding textin.Decode finds (enc decides when given).
// Its first non-blank character says its kind: "[" a JSON array of the API's bodies, "{" JSON
// Lines of them, else CSV or TSV with one row per item, the rows with the same invoice number
// forming one invoice (their invoice fields must agree). Every bad record is reported; the
// invoices read well come with the error, so that a caller can report their problems too.
func Read(data []byte, enc string) (*Input, error) {
	dec, err := textin.Decode(data, enc)
	if err != nil {
		return nil, err
	}
	in := &Input{Encoding: dec.Encoding}
	text := dec.Text
	trimmed := strings.TrimLeft(text, " \t\r\n")
	switch {
	case trimmed == "":
		return in, errors.New("the input holds no invoices")
	case trimmed[0] == '[' || trimmed[0] == '{':
		in.Kind = map[byte]string{'[': "json", '{': "jsonl"}[trimmed[0]]
		err = textin.JSONRecords(text, func(raw []byte, line int) error {
			inv, err := fromJSON(raw, line)
			if inv != nil {
				in.Invoices = append(in.Invoices, inv)
			}
			return err
		})
		if in.Invoices == nil && err != nil {
			return nil, err
		}
	default:
		in.Kind = "csv"
		if in.Invoices, err = readCSV(text); in.Invoices == nil && err != nil {
			return nil, err
		}
	}
	if err == nil && len(in.Invoices) == 0 {
		return nil, errors.New("the input holds no invoices")
	}
	return in, err
}

// fromJSON reads one body of invoice/send.
func fromJSON(raw []byte, line int) (*Invoice, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		return nil, &textin.FieldError{Line: line, Msg: "not a JSON object: " + err.Error()}
	}
	var errs textin.Errors
	scalar := func(field string, v any) (string, bool) {
		switch t := v.(type) {
		case string:
			return t, true
		case json.Number:
			return t.String(), true
		case nil:
			return "", true
		}
		errs.Add(&textin.FieldError{Line: line, Field: field, Msg: "a string or a number expected"})
		return "", false
	}
	inv := New(line, nil)
	for k, v := range obj {
		switch k {
		case "payer":
			p, ok := v.(map[string]any)
			if !ok {
				errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "an object {name, inn, kpp} expected"})
				continue
			}
			for pk, pv := range p {
				if !contains(invoiceFields, "payer."+pk) {
					errs.Add(&textin.FieldError{Line: line, Field: "payer." + pk, Msg: "not a field of payer (name, inn, kpp)"})
				} else if s, ok := scalar("payer."+pk, pv); ok {
					inv.Set("payer."+pk, s, line)
				}
			}
		case "items":
			list, _ := v.([]any)
			if list == nil {
				errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "a list of items {name, price, amount, unit, vat} expected"})
			}
			for i, x := range list {
				o, ok := x.(map[string]any)
				if !ok {
					errs.Add(&textin.FieldError{Line: line, Field: fmt.Sprintf("items[%d]", i), Msg: "an object {name, price, amount, unit, vat} expected"})
					continue
				}
				typed := map[string]string{}
				for ik, iv := range o {
					if !contains(itemFields, ik) {
						errs.Add(&textin.FieldError{Line: line, Field: fmt.Sprintf("items[%d].%s", i, ik), Msg: "not a field of an item (name, price, amount, unit, vat)"})
					} else if s, ok := scalar("items."+ik, iv); ok {
						typed[ik] = s
					}
				}
				inv.AddItem(line, typed)
			}
		case "contacts":
			list, _ := v.([]any)
			for _, x := range list {
				if o, ok := x.(map[string]any); ok {
					if e, ok := o["email"].(string); ok {
						inv.AddEmails(line, e)
						continue
					}
				}
				errs.Add(&textin.FieldError{Line: line, Field: "contacts", Msg: `a list of {"email": "…"} expected`})
			}
		default:
			if !contains(invoiceFields, k) || strings.Contains(k, ".") {
				errs.Add(&textin.FieldError{Line: line, Field: k, Msg: "not a field of an invoice (see `bankctl tbusiness invoice send --help`)"})
			} else if s, ok := scalar(k, v); ok {
				inv.Set(k, s, line)
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return inv, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// readCSV reads a spreadsheet of one row per item, grouped into invoices by number in the order
// the numbers first appear. A row's invoice fields must be empty or agree with the invoice's.
func readCSV(text string) ([]*Invoice, error) {
	_, recs, err := textin.ReadTable(text, Column)
	if err != nil {
		var errs textin.Errors
		if errors.As(err, &errs) && len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, err
	}
	var errs textin.Errors
	var out []*Invoice
	byNumber := map[string]*Invoice{}
	for _, r := range recs {
		num := normalize("invoiceNumber", r.Cells["invoiceNumber"])
		inv := byNumber[num]
		if inv == nil {
			inv = New(r.Line, nil)
			byNumber[num] = inv
			out = append(out, inv)
		}
		for _, k := range invoiceFields {
			typed, ok := r.Cells[k]
			if !ok || strings.TrimSpace(typed) == "" {
				continue
			}
			if prev, seen := inv.Typed[k]; seen && normalize(k, prev) != normalize(k, typed) {
				errs.Add(&textin.FieldError{Line: r.Line, Field: k, Value: typed, Typed: true,
					Msg: fmt.Sprintf("differs from line %d's %s: the rows of invoice %s must agree", inv.Lines[k], textin.Quote(prev), num)})
				continue
			}
			if _, seen := inv.Typed[k]; !seen {
				inv.Set(k, typed, r.Line)
			}
		}
		if e := r.Cells["contacts.email"]; strings.TrimSpace(e) != "" {
			inv.AddEmails(r.Line, e)
		}
		item := map[string]string{}
		for _, k := range itemFields {
			if v := r.Cells["items."+k]; strings.TrimSpace(v) != "" {
				item[k] = v
			}
		}
		if len(item) == 0 {
			errs.Add(&textin.FieldError{Line: r.Line, Field: "items.name", Msg: "a row is one item of an invoice: give its name, price and quantity"})
			continue
		}
		inv.AddItem(r.Line, item)
	}
	return out, errs.Err()
}
