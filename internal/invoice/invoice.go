// Package invoice is T-Business invoices from the user's input to the bank: read (flags, JSON,
// JSON Lines, CSV with a row per item), normalised, checked (Check changes nothing), keyed for
// the send-once protocol (internal/sendonce) as a second kind of document beside payment
// drafts, with their own journal, and sent by Sender.
package invoice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// Invoice is one invoice: its fields by the API's (dotted) names, as typed and normalised, and
// its items. Line is where it starts; each field and item knows its own line (a CSV invoice
// spans rows).
type Invoice struct {
	Line   int
	Typed  map[string]string // field → as typed
	Fields map[string]string // field → normalised: what is sent
	Lines  map[string]int    // field → the line it was typed on
	Emails []string          // contacts[].email, normalised
	Items  []*Item
}

// Item is one line of an invoice.
type Item struct {
	Line   int
	Typed  map[string]string // name, price, amount, unit, vat: as typed
	Fields map[string]string // normalised
}

// invoiceFields are the invoice's own fields in the order bankctl sends them (payer.* nested).
var invoiceFields = []string{"invoiceNumber", "invoiceDate", "dueDate", "accountNumber", "payer.name", "payer.inn", "payer.kpp",
	"contactPhone", "comment", "customPaymentPurpose"}

// itemFields are an item's fields, in the order bankctl sends them.
var itemFields = []string{"name", "price", "unit", "vat", "amount"}

// New is an invoice of typed fields (line: where they were typed), normalised; add its items
// and emails with AddItem and AddEmails.
func New(line int, typed map[string]string) *Invoice {
	inv := &Invoice{Line: line, Typed: map[string]string{}, Fields: map[string]string{}, Lines: map[string]int{}}
	for k, v := range typed {
		inv.Set(k, v, line)
	}
	return inv
}

// Set types one of the invoice's own fields on line.
func (inv *Invoice) Set(field, typed string, line int) {
	inv.Typed[field], inv.Lines[field] = typed, line
	if v := normalize(field, typed); v != "" {
		inv.Fields[field] = v
	} else {
		delete(inv.Fields, field)
	}
}

// AddItem adds an item typed on line: name, price, amount, unit (default шт), vat (default None).
func (inv *Invoice) AddItem(line int, typed map[string]string) {
	it := &Item{Line: line, Typed: typed, Fields: map[string]string{}}
	for _, k := range itemFields {
		it.Fields[k] = normalize("items."+k, typed[k])
	}
	if it.Fields["unit"] == "" {
		it.Fields["unit"] = "шт"
	}
	if strings.TrimSpace(typed["vat"]) == "" {
		it.Fields["vat"] = "None"
	}
	inv.Items = append(inv.Items, it)
}

// AddEmails adds the payer's addresses typed on line (one, or several separated by commas,
// semicolons or spaces).
func (inv *Invoice) AddEmails(line int, typed string) {
	for _, e := range strings.FieldsFunc(typed, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' }) {
		if !containsFold(inv.Emails, e) {
			inv.Emails = append(inv.Emails, e)
			if _, ok := inv.Lines["contacts.email"]; !ok {
				inv.Lines["contacts.email"] = line
			}
		}
	}
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// Total is the sum of the items' prices times quantities, exact.
func (inv *Invoice) Total() string {
	var sum money.Sum
	for _, it := range inv.Items {
		p, err1 := money.Parse(it.Fields["price"])
		q, err2 := money.Parse(it.Fields["amount"])
		if err1 != nil || err2 != nil {
			return ""
		}
		sum.Add(p.Mul(q).String())
	}
	return money.Format(sum.Total())
}

// Body is the send request's JSON: fields in a fixed order, prices and quantities JSON numbers
// written as typed (never through float64), empty optional fields left out. It is valid JSON
// for an invoice that passed Check.
func (inv *Invoice) Body() []byte {
	var b bytes.Buffer
	str := func(s string) []byte { v, _ := json.Marshal(s); return v }
	obj := func(pairs [][2]string) []byte {
		var o bytes.Buffer
		o.WriteByte('{')
		n := 0
		for _, kv := range pairs {
			if kv[1] == "" {
				continue
			}
			if n > 0 {
				o.WriteByte(',')
			}
			n++
			o.Write(str(kv[0]))
			o.WriteByte(':')
			o.WriteString(kv[1])
		}
		o.WriteByte('}')
		return o.Bytes()
	}
	quoted := func(k string) string {
		if v := inv.Fields[k]; v != "" {
			return string(str(v))
		}
		return ""
	}
	payer := obj([][2]string{{"name", quoted("payer.name")}, {"inn", quoted("payer.inn")}, {"kpp", quoted("payer.kpp")}})
	var items bytes.Buffer
	items.WriteByte('[')
	for i, it := range inv.Items {
		if i > 0 {
			items.WriteByte(',')
		}
		items.Write(obj([][2]string{{"name", string(str(it.Fields["name"]))}, {"price", it.Fields["price"]},
			{"unit", string(str(it.Fields["unit"]))}, {"vat", string(str(it.Fields["vat"]))}, {"amount", it.Fields["amount"]}}))
	}
	items.WriteByte(']')
	var contacts bytes.Buffer
	if len(inv.Emails) > 0 {
		contacts.WriteByte('[')
		for i, e := range inv.Emails {
			if i > 0 {
				contacts.WriteByte(',')
			}
			contacts.Write(obj([][2]string{{"email", string(str(e))}}))
		}
		contacts.WriteByte(']')
	}
	b.Write(obj([][2]string{
		{"invoiceNumber", quoted("invoiceNumber")}, {"invoiceDate", quoted("invoiceDate")}, {"dueDate", quoted("dueDate")},
		{"accountNumber", quoted("accountNumber")}, {"payer", string(payer)}, {"items", items.String()},
		{"contacts", contacts.String()}, {"contactPhone", quoted("contactPhone")}, {"comment", quoted("comment")},
		{"customPaymentPurpose", quoted("customPaymentPurpose")},
	}))
	return b.Bytes()
}

// Doc is the invoice as the send-once protocol sees it: its key (the API and the normalised
// body: the same invoice is the same document, whatever its input) and its conflict slot (its
// number: two invoices with one number are one too many).
func (inv *Invoice) Doc(api string) *sendonce.Doc {
	body := inv.Body()
	sum := sha256.Sum256([]byte(api + "\ninvoice\n" + string(body)))
	f := inv.Fields
	return &sendonce.Doc{Line: inv.Line, Key: hex.EncodeToString(sum[:16]), Slot: "invoice/" + strings.TrimLeft(f["invoiceNumber"], "0"),
		Body: body, Number: f["invoiceNumber"], Amount: inv.Total(), Recipient: f["payer.name"], Account: f["accountNumber"], Date: f["invoiceDate"]}
}
