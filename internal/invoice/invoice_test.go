package invoice_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/invoice"
	"github.com/bankctl/bankctl/internal/textin"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// Rows of one number are one invoice; the body carries exact decimals, defaults and nothing empty.
func TestCSVGroupsItemsIntoInvoices(t *testing.T) {
	docs := checked(t, invoicesCSV(2), 2)
	var body struct {
		InvoiceNumber, InvoiceDate, DueDate string
		Payer                               map[string]string
		Items                               []map[string]json.RawMessage
		Contacts                            []map[string]string
	}
	if err := json.Unmarshal(docs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.InvoiceNumber != "1" || body.InvoiceDate != "2026-12-01" || body.DueDate != "2026-12-15" || len(body.Items) != 3 || len(body.Contacts) != 1 {
		t.Fatalf("body %s", docs[0].Body)
	}
	if p := string(body.Items[0]["price"]); p != "15000.50" {
		t.Errorf("price %s", p)
	}
	if q := string(body.Items[1]["amount"]); q != "2.5" {
		t.Errorf("quantity %s", q)
	}
	// 15000.50 + 2500 × 2.5 + 199.99 × 12 = 23650.38
	if docs[0].Amount != "23650.38" || docs[0].Recipient != "ООО «Ромашка»" || docs[0].Slot != "invoice/1" {
		t.Errorf("doc %+v", docs[0])
	}
	if docs[0].Key == docs[1].Key {
		t.Error("two invoices with one key")
	}
}

// The same invoice typed otherwise (JSON, other spacing, a comma) has the same key.
func TestKeyIsTheInvoiceNotItsTyping(t *testing.T) {
	a := checked(t, []byte("invoiceNumber,payer.name,payer.inn,items.name,items.price,items.amount\n7,ООО «Ромашка»,7715012342,Товар,\"1 000,5\",1\n"), 1)
	b := checked(t, []byte(`[{"invoiceNumber":"7","payer":{"name":"ООО «Ромашка»","inn":"7715012342"},"items":[{"name":"Товар","price":1000.50,"amount":1,"unit":"шт","vat":"None"}]}]`), 1)
	if a[0].Key != b[0].Key {
		t.Errorf("one invoice, two keys:\n%s\n%s", a[0].Body, b[0].Body)
	}
}

// Every problem is found, each with its line and field.
func TestCheckFindsEveryProblem(t *testing.T) {
	in, err := invoice.Read([]byte(`{"invoiceNumber":"0123456789012345","dueDate":"2026-11-30","payer":{"name":"","inn":"500312345614","kpp":"771501001"},"items":[{"name":"","price":"0","amount":"1.2345","unit":"шт","vat":"18"}],"contacts":[{"email":"a@b"}],"contactPhone":"123"}`+"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, e := range in.Invoices[0].Check(now) {
		fe := e.(*textin.FieldError)
		if fe.Line != 1 {
			t.Errorf("%v: line %d", fe, fe.Line)
		}
		fields = append(fields, fe.Field)
	}
	got := strings.Join(fields, " ")
	for _, f := range []string{"invoiceNumber", "dueDate", "payer.name", "payer.kpp", "contactPhone", "contacts.email", "items.name", "items.price", "items.amount", "items.vat"} {
		if !strings.Contains(got, f) {
			t.Errorf("no problem found with %s (found: %s)", f, got)
		}
	}
}

// Unknown fields and columns are refused by name.
func TestUnknownFieldsRefused(t *testing.T) {
	_, err := invoice.Read([]byte(`{"invoiceNumber":"1","payer":{"name":"X","inn":"7715012342","ogrn":"1"},"items":[],"total":5}`), "")
	var errs textin.Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("err %v", err)
	}
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.(*textin.FieldError).Field)
	}
	if f := strings.Join(fields, " "); !strings.Contains(f, "payer.ogrn") || !strings.Contains(f, "total") {
		t.Errorf("refused fields: %s", f)
	}
	if _, err := invoice.Read([]byte("invoiceNumber,discount\n1,5\n"), ""); err == nil || !strings.Contains(err.Error(), "discount") {
		t.Errorf("err %v", err)
	}
}
