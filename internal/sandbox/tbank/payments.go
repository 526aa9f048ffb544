package tbank

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bankctl/bankctl/internal/requisites"
	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

type draft struct {
	ID     string         `json:"documentId"`
	Status string         `json:"status"`
	Body   map[string]any `json:"body"`
}

// patterns are the create method's, from T-Business's spec; labels are how its errors name
// the fields.
var patterns = []struct{ field, label, re string }{
	{"documentNumber", "Номер документа", `^\d{1,6}$`},
	{"inn", "ИНН получателя", `^(\d{12}|\d{10}|0)$`},
	{"kpp", "КПП получателя", `^(\d{9}|0)$`},
	{"bankAcnt", "Счет получателя", `^\d{20}$`},
	{"bankBik", "БИК банка получателя", `^\d{9}$`},
	{"accountNumber", "Счет плательщика", `^(\d{20}|\d{22})$`},
}

var taxFields = []string{"taxPayerStatus", "kbk", "oktmo", "taxEvidence", "taxPeriod", "uin", "taxDocNumber", "taxDocDate"}

func (s *Bank) tbCreate(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		tbError(w, r, http.StatusBadRequest, "INVALID_DATA", "Тело запроса должно быть JSON", nil)
		return
	}
	details := map[string]string{}
	str := func(k string) string { v, _ := body[k].(string); return v }
	for _, p := range patterns {
		if !regexp.MustCompile(p.re).MatchString(str(p.field)) {
			details[p.label] = "Не соответствует формату " + p.re
		}
	}
	if name := str("recipientName"); strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > 160 {
		details["Наименование получателя"] = "Обязательное поле, не более 160 символов"
	}
	if n := utf8.RuneCountInString(str("paymentPurpose")); n < 1 || n > 210 {
		details["Назначение платежа"] = "От 1 до 210 символов"
	}
	for _, k := range taxFields {
		if str(k) == "" {
			details[k] = "Обязательное поле (\"0\" для платежа не в бюджет)"
		}
	}
	amount, ok := body["amount"].(json.Number)
	if f, err := amount.Float64(); !ok || err != nil || f <= 0 || strings.Contains(amount.String(), ".") && len(amount.String())-strings.Index(amount.String(), ".") > 3 {
		details["Сумма"] = "Положительное число, не более двух знаков после запятой"
	}
	if len(details) > 0 {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", details)
		return
	}
	switch {
	case requisites.Treasury(str("bankAcnt"), str("bankBik")) && !requisites.CorrAccountKeyOK(str("recipientCorrAccountNumber"), str("bankBik")):
		tbError(w, r, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"Корсчет банка получателя": "Неверный контрольный разряд счета"})
		return
	case !requisites.Treasury(str("bankAcnt"), str("bankBik")) && !requisites.AccountKeyOK(str("bankAcnt"), str("bankBik")):
		tbError(w, r, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"Счет получателя": "Неверный контрольный разряд счета"})
		return
	case str("inn") != "0" && !requisites.INNOK(str("inn")):
		tbError(w, r, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"ИНН получателя": "Неверный контрольный разряд ИНН"})
		return
	case str("accountNumber") != demo.MainAccount && str("accountNumber") != demo.TaxAccount && str("accountNumber") != demo.USDAccount:
		tbError(w, r, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"Счет плательщика": "Счет не найден у компании"})
		return
	}
	d := draft{ID: wire.NewID(), Status: "DRAFT", Body: body}
	s.mu.Lock()
	s.drafts[d.ID] = d
	s.draftsOrder = append(s.draftsOrder, d.ID)
	s.mu.Unlock()
	wire.WriteJSON(w, http.StatusOK, map[string]string{"documentId": d.ID})
}

func (s *Bank) tbStatus(w http.ResponseWriter, r *http.Request) {
	var req struct {
		DocumentIDs []string `json:"documentIds"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.DocumentIDs) < 1 || len(req.DocumentIDs) > 100 {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"documentIds": "От 1 до 100 идентификаторов"})
		return
	}
	type result struct {
		DocumentID string `json:"documentId"`
		Status     string `json:"status"`
		Comment    string `json:"comment"`
	}
	type resultError struct {
		DocumentID   string `json:"documentId"`
		ErrorMessage string `json:"errorMessage"`
	}
	out := struct {
		Result      []result      `json:"result"`
		ResultError []resultError `json:"resultError"`
	}{Result: []result{}, ResultError: []resultError{}}
	s.mu.Lock()
	for _, id := range req.DocumentIDs {
		if d, ok := s.drafts[id]; ok {
			out.Result = append(out.Result, result{id, d.Status, "Черновик ожидает подписи в интернет-банке"})
		} else {
			out.ResultError = append(out.ResultError, resultError{id, "Документ не найден"})
		}
	}
	s.mu.Unlock()
	wire.WriteJSON(w, http.StatusOK, out)
}

// DraftIDs returns the ids of the drafts created so far, oldest first.
func (s *Bank) DraftIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.draftsOrder...)
}

// Drafts returns the drafts created so far, oldest first.
func (s *Bank) Drafts() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.draftsOrder))
	for _, id := range s.draftsOrder {
		out = append(out, s.drafts[id].Body)
	}
	return out
}

// ExecuteDraft plays the person who signs a draft and the bank that executes it: the draft's
// status becomes EXECUTED and the payer's statement gets the debit, with the draft's number,
// amount, recipient and purpose, now.
func (s *Bank) ExecuteDraft(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.drafts[id]
	if !ok {
		return fmt.Errorf("no draft %q", id)
	}
	d.Status = "EXECUTED"
	s.drafts[id] = d
	str := func(k string) string { v, _ := d.Body[k].(string); return v }
	amount, _ := d.Body["amount"].(json.Number)
	whole, frac, _ := strings.Cut(amount.String()+".", ".")
	k, _ := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	op := &demo.Operation{I: 900000 + len(s.executed), At: time.Now().UTC().Truncate(time.Second), Status: "Transaction",
		Category: "supplierPayment", Kopecks: k, Number: str("documentNumber"), Account: str("accountNumber"),
		Purpose: str("paymentPurpose"), Description: str("paymentPurpose"),
		Party: demo.Party{Name: str("recipientName"), INN: str("inn"), KPP: str("kpp"), Account: str("bankAcnt"), BIC: str("bankBik"), Corr: str("recipientCorrAccountNumber")}}
	op.ID = "op-executed-" + id
	s.executed = append(s.executed, op)
	return nil
}
