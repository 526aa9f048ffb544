package tbank

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// QR is an SBP payment link the sandbox made.
type QR struct {
	ID, Type, Status, URL, Account, Purpose, VAT string
	Sum                                          json.Number // "" for a reusable link without one
	Due                                          time.Time   // zero: none
}

// qrVATs are the VAT rates an SBP link takes.
var qrVATs = []string{"0", "5", "7", "10", "20", "22"}

// QRs are the links made so far, oldest first.
func (s *Bank) QRs() []QR {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QR, 0, len(s.qrOrder))
	for _, id := range s.qrOrder {
		out = append(out, *s.qrs[id])
	}
	return out
}

// PayQR marks a link paid, as the payer's bank would.
func (s *Bank) PayQR(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.qrs[id]
	if q == nil {
		return errNoQR
	}
	q.Status = "Paid"
	return nil
}

func (s *Bank) qrCreate(w http.ResponseWriter, r *http.Request, reusable bool) {
	var in struct {
		AccountNumber string       `json:"accountNumber"`
		Sum           *json.Number `json:"sum"`
		Purpose       string       `json:"purpose"`
		TTL           *json.Number `json:"ttl"`
		VAT           *string      `json:"vat"`
		RedirectURL   string       `json:"redirectUrl"`
	}
	dec := json.NewDecoder(bytes.NewReader(wire.ReadBody(r, 1<<20)))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Некорректное тело запроса", map[string]string{"body": err.Error()})
		return
	}
	bad := map[string]string{}
	switch {
	case in.Sum == nil && !reusable:
		bad["sum"] = "обязательное поле"
	case in.Sum != nil && (!rePrice().MatchString(in.Sum.String()) || strings.Trim(in.Sum.String(), "0.") == ""):
		bad["sum"] = "сумма больше нуля, не более двух знаков после запятой"
	}
	if n := utf8.RuneCountInString(in.Purpose); n == 0 || n > 210 {
		bad["purpose"] = "от 1 до 210 символов"
	}
	var ttl int64
	switch {
	case in.TTL == nil && !reusable:
		bad["ttl"] = "обязательное поле"
	case in.TTL != nil:
		if v, err := in.TTL.Int64(); err != nil || v < 1 || v > 1000 {
			bad["ttl"] = "целое число дней от 1 до 1000"
		} else {
			ttl = v
		}
	}
	if in.VAT != nil && !slices.Contains(qrVATs, *in.VAT) {
		bad["vat"] = "допустимые значения: " + strings.Join(qrVATs, ", ")
	}
	if in.AccountNumber != "" && in.AccountNumber != demo.MainAccount {
		bad["accountNumber"] = "счет не найден среди рублевых счетов компании"
	}
	if len(bad) > 0 {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", bad)
		return
	}
	b := make([]byte, 16)
	rand.Read(b)
	q := &QR{ID: wire.NewID(), Type: "Onetime", Status: "Ready", Account: demo.MainAccount, Purpose: in.Purpose}
	q.URL = fmt.Sprintf("https://qr.nspk.ru/BD1%X?type=02&bank=100000000004&cur=RUB&crc=%X", b[:14], b[14:])
	if reusable {
		q.Type = "Reusable"
		q.URL = strings.Replace(q.URL, "type=02", "type=01", 1)
	}
	if in.Sum != nil {
		q.Sum = *in.Sum
	}
	if in.VAT != nil {
		q.VAT = *in.VAT
	}
	if ttl > 0 {
		q.Due = time.Now().Add(time.Duration(ttl) * 24 * time.Hour).UTC().Truncate(time.Second)
	}
	s.mu.Lock()
	if s.qrs == nil {
		s.qrs = map[string]*QR{}
	}
	s.qrs[q.ID] = q
	s.qrOrder = append(s.qrOrder, q.ID)
	s.mu.Unlock()
	wire.WriteJSON(w, http.StatusOK, q.answer())
}

// answer is the bank's JSON for a link.
func (q *QR) answer() map[string]any {
	status := q.Status
	if status == "Ready" && !q.Due.IsZero() && time.Now().After(q.Due) {
		status = "Expired"
	}
	a := map[string]any{"qrId": q.ID, "paymentUrl": q.URL, "type": q.Type, "status": status, "accountNumber": q.Account, "purpose": q.Purpose}
	if q.Sum != "" {
		a["sum"] = q.Sum
	}
	if q.VAT != "" {
		a["vat"] = q.VAT
	}
	if !q.Due.IsZero() {
		a["dueDate"] = q.Due.Format(time.RFC3339)
	}
	return a
}

func (s *Bank) qrInfo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	q := s.qrs[r.PathValue("id")]
	var a map[string]any
	if q != nil {
		a = q.answer()
	}
	s.mu.Unlock()
	if q == nil {
		tbError(w, r, http.StatusNotFound, "NOT_FOUND", "QR-код не найден", nil)
		return
	}
	wire.WriteJSON(w, http.StatusOK, a)
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
