package tbank

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// Invoice is an invoice the sandbox issued.
type Invoice struct {
	ID, Number, Status string
	PayerINN           string
	Body               json.RawMessage
	Created            time.Time
}

var (
	reInvoiceNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,15}$`) })
	rePrice         = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d*)(\.\d{1,2})?$`) })
	reQty           = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(0|[1-9]\d*)(\.\d{1,3})?$`) })
	rePhone         = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+7\d{10}$`) })
)

// vats are the VAT values the bank takes on an invoice's item.
var vats = []string{"None", "0", "5", "7", "10", "20", "22"}

// registerInvoices serves invoices, SBP QR codes and payment documents, and their controls.
func (s *Bank) registerInvoices(mux *http.ServeMux) {
	mux.HandleFunc("POST /openapi/api/v1/invoice/send", s.tbAuth("invoice", "", s.invoiceSend))
	mux.HandleFunc("GET /openapi/api/v1/openapi/invoice/{id}/info", s.tbAuth("invoice-info", "", s.invoiceInfo))
	mux.HandleFunc("GET /files/invoices/{name}", s.invoicePDF)
	mux.HandleFunc("POST /openapi/api/v1/b2b/qr/onetime", s.tbAuth("qr", "", func(w http.ResponseWriter, r *http.Request) { s.qrCreate(w, r, false) }))
	mux.HandleFunc("POST /openapi/api/v1/b2b/qr/reusable", s.tbAuth("qr", "", func(w http.ResponseWriter, r *http.Request) { s.qrCreate(w, r, true) }))
	mux.HandleFunc("GET /openapi/api/v1/b2b/qr/{id}/info", s.tbAuth("qr", "", s.qrInfo))
	mux.HandleFunc("GET /openapi/api/v1/payment-document", s.tbAuth("document", "", s.paymentDocument))
	mux.HandleFunc("POST /_sandbox/tbusiness/invoices/{id}/pay", func(w http.ResponseWriter, r *http.Request) {
		control(w, s.PayInvoice(r.PathValue("id")))
	})
	mux.HandleFunc("POST /_sandbox/tbusiness/qr/{id}/pay", func(w http.ResponseWriter, r *http.Request) {
		control(w, s.PayQR(r.PathValue("id")))
	})
}

func control(w http.ResponseWriter, err error) {
	if err != nil {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"message": err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Invoices are the invoices issued so far, oldest first.
func (s *Bank) Invoices() []Invoice {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Invoice, 0, len(s.invoiceOrder))
	for _, id := range s.invoiceOrder {
		out = append(out, *s.invoices[id])
	}
	return out
}

// PayInvoice marks an invoice paid (EXECUTED), as the payer's payment would.
func (s *Bank) PayInvoice(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invoices[id]
	if inv == nil {
		return fmt.Errorf("no invoice %s", id)
	}
	inv.Status = "EXECUTED"
	return nil
}

func (s *Bank) invoiceSend(w http.ResponseWriter, r *http.Request) {
	body := wire.ReadBody(r, 1<<20)
	var in struct {
		InvoiceNumber string `json:"invoiceNumber"`
		InvoiceDate   string `json:"invoiceDate"`
		DueDate       string `json:"dueDate"`
		AccountNumber string `json:"accountNumber"`
		Payer         *struct {
			Name string `json:"name"`
			INN  string `json:"inn"`
			KPP  string `json:"kpp"`
		} `json:"payer"`
		Items []struct {
			Name   string      `json:"name"`
			Price  json.Number `json:"price"`
			Unit   string      `json:"unit"`
			VAT    string      `json:"vat"`
			Amount json.Number `json:"amount"`
		} `json:"items"`
		Contacts []struct {
			Email string `json:"email"`
		} `json:"contacts"`
		ContactPhone         string `json:"contactPhone"`
		Comment              string `json:"comment"`
		CustomPaymentPurpose string `json:"customPaymentPurpose"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Некорректное тело запроса", map[string]string{"body": err.Error()})
		return
	}
	bad := map[string]string{}
	if !reInvoiceNumber().MatchString(in.InvoiceNumber) {
		bad["invoiceNumber"] = "должен состоять из 1–15 цифр"
	}
	day := func(field, v string) time.Time {
		t, err := time.Parse("2006-01-02", v)
		if v != "" && err != nil {
			bad[field] = "ожидается дата в формате ГГГГ-ММ-ДД"
		}
		return t
	}
	issued, due := day("invoiceDate", in.InvoiceDate), day("dueDate", in.DueDate)
	if !issued.IsZero() && !due.IsZero() && due.Before(issued) {
		bad["dueDate"] = "не может быть раньше даты выставления счета"
	}
	if in.AccountNumber != "" && !slices.Contains([]string{demo.MainAccount, demo.TaxAccount}, in.AccountNumber) {
		bad["accountNumber"] = "счет не найден среди рублевых счетов компании"
	}
	switch p := in.Payer; {
	case p == nil:
		bad["payer"] = "обязательное поле"
	default:
		if n := utf8.RuneCountInString(p.Name); n == 0 || n > 512 {
			bad["payer.name"] = "от 1 до 512 символов"
		}
		if !(digits(p.INN, 10) || digits(p.INN, 12)) {
			bad["payer.inn"] = "должен состоять из 10 или 12 цифр"
		}
		if p.KPP != "" && !digits(p.KPP, 9) {
			bad["payer.kpp"] = "должен состоять из 9 цифр"
		}
	}
	if len(in.Items) == 0 || len(in.Items) > 100 {
		bad["items"] = "от 1 до 100 позиций"
	}
	for i, it := range in.Items {
		k := fmt.Sprintf("items[%d]", i)
		switch {
		case it.Name == "" || utf8.RuneCountInString(it.Name) > 1000:
			bad[k+".name"] = "обязательное поле"
		case !rePrice().MatchString(it.Price.String()) || strings.Trim(it.Price.String(), "0.") == "":
			bad[k+".price"] = "цена больше нуля, не более двух знаков после запятой"
		case !reQty().MatchString(it.Amount.String()) || strings.Trim(it.Amount.String(), "0.") == "":
			bad[k+".amount"] = "количество больше нуля"
		case it.Unit == "":
			bad[k+".unit"] = "обязательное поле"
		case !slices.Contains(vats, it.VAT):
			bad[k+".vat"] = "допустимые значения: " + strings.Join(vats, ", ")
		}
	}
	if len(in.Contacts) > 10 {
		bad["contacts"] = "не более 10 адресов"
	}
	for i, c := range in.Contacts {
		if at := strings.IndexByte(c.Email, '@'); at < 1 || !strings.Contains(c.Email[at:], ".") {
			bad[fmt.Sprintf("contacts[%d].email", i)] = "некорректный email"
		}
	}
	if in.ContactPhone != "" && !rePhone().MatchString(in.ContactPhone) {
		bad["contactPhone"] = "ожидается +7XXXXXXXXXX"
	}
	if utf8.RuneCountInString(in.CustomPaymentPurpose) > 210 {
		bad["customPaymentPurpose"] = "не более 210 символов"
	}
	if len(bad) > 0 {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", bad)
		return
	}
	inv := &Invoice{ID: wire.NewID(), Number: in.InvoiceNumber, Status: "SUBMITTED", PayerINN: in.Payer.INN, Body: body, Created: time.Now()}
	s.mu.Lock()
	if s.invoices == nil {
		s.invoices = map[string]*Invoice{}
	}
	s.invoices[inv.ID] = inv
	s.invoiceOrder = append(s.invoiceOrder, inv.ID)
	s.mu.Unlock()
	base := "http://" + r.Host
	wire.WriteJSON(w, http.StatusOK, map[string]string{"invoiceId": inv.ID,
		"pdfUrl":             base + "/files/invoices/" + inv.ID + ".pdf",
		"incomingInvoiceUrl": base + "/files/invoices/" + inv.ID + ".html"})
}

func (s *Bank) invoiceInfo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	inv := s.invoices[r.PathValue("id")]
	var status string
	if inv != nil {
		status = inv.Status
	}
	s.mu.Unlock()
	if inv == nil {
		tbError(w, r, http.StatusNotFound, "NOT_FOUND", "Счет не найден", nil)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": status})
}

// invoicePDF is the link an invoice's answer gives: no credential needed (a request with one
// is answered all the same: the test looks at what arrived).
func (s *Bank) invoicePDF(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	id, ext, _ := strings.Cut(name, ".")
	s.mu.Lock()
	inv := s.invoices[id]
	s.mu.Unlock()
	if inv == nil {
		http.NotFound(w, r)
		return
	}
	if ext == "html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>Счет № %s</title><h1>Счет № %s от %s</h1><p>Оплатить можно по реквизитам в счете.</p>", inv.Number, inv.Number, demo.CompanyName)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Write(wire.PDF("Invoice No "+inv.Number, "Invoice id "+inv.ID, "Payer INN "+inv.PayerINN, "Issued by the bankctl sandbox"))
}

// paymentDocument is GET /api/v1/payment-document: a sandbox operation's printed form.
func (s *Bank) paymentDocument(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	account, id, day := q.Get("accountNumber"), q.Get("operationId"), q.Get("operationDate")
	bad := map[string]string{}
	if !digits(account, 20) {
		bad["accountNumber"] = "должен состоять из 20 цифр"
	}
	if _, err := time.Parse("2006-01-02", day); err != nil {
		bad["operationDate"] = "ожидается дата в формате ГГГГ-ММ-ДД"
	}
	if id == "" {
		bad["operationId"] = "обязательное поле"
	}
	if len(bad) > 0 {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", bad)
		return
	}
	if !strings.HasPrefix(id, "op-") || !slices.Contains([]string{demo.MainAccount, demo.TaxAccount, demo.USDAccount}, account) {
		tbError(w, r, http.StatusNotFound, "NOT_FOUND", "Документ не найден", nil)
		return
	}
	pdf := wire.PDF("Payment order", "Operation "+id, "Account "+account, "Date "+day, "Printed by the bankctl sandbox")
	wire.WriteJSON(w, http.StatusOK, map[string]string{"fileData": base64Std(pdf)})
}

func digits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

var errNoQR = errors.New("no such QR code")
