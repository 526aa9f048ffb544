package sandbox

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

func (s *Server) tbCreate(w http.ResponseWriter, r *http.Request) {
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
	case str("accountNumber") != MainAccount && str("accountNumber") != TaxAccount && str("accountNumber") != USDAccount:
		tbError(w, r, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{"Счет плательщика": "Счет не найден у компании"})
		return
	}
	d := draft{ID: newID(), Status: "DRAFT", Body: body}
	s.tb.mu.Lock()
	s.tb.drafts[d.ID] = d
	s.tb.draftsOrder = append(s.tb.draftsOrder, d.ID)
	s.tb.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"documentId": d.ID})
}

func (s *Server) tbStatus(w http.ResponseWriter, r *http.Request) {
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
	s.tb.mu.Lock()
	for _, id := range req.DocumentIDs {
		if d, ok := s.tb.drafts[id]; ok {
			out.Result = append(out.Result, result{id, d.Status, "Черновик ожидает подписи в интернет-банке"})
		} else {
			out.ResultError = append(out.ResultError, resultError{id, "Документ не найден"})
		}
	}
	s.tb.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// DraftIDs returns the ids of the drafts created so far, oldest first.
func (s *Server) DraftIDs() []string {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	return append([]string(nil), s.tb.draftsOrder...)
}

// Drafts returns the drafts created so far, oldest first.
func (s *Server) Drafts() []map[string]any {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	out := make([]map[string]any, 0, len(s.tb.draftsOrder))
	for _, id := range s.tb.draftsOrder {
		out = append(out, s.tb.drafts[id].Body)
	}
	return out
}

// ExecuteDraft plays the person who signs a draft and the bank that executes it: the draft's
// status becomes EXECUTED and the payer's statement gets the debit, with the draft's number,
// amount, recipient and purpose, now.
func (s *Server) ExecuteDraft(id string) error {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	d, ok := s.tb.drafts[id]
	if !ok {
		return fmt.Errorf("no draft %q", id)
	}
	d.Status = "EXECUTED"
	s.tb.drafts[id] = d
	str := func(k string) string { v, _ := d.Body[k].(string); return v }
	amount, _ := d.Body["amount"].(json.Number)
	whole, frac, _ := strings.Cut(amount.String()+".", ".")
	k, _ := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	op := &operation{i: 900000 + len(s.tb.executed), at: time.Now().UTC().Truncate(time.Second), status: "Transaction",
		category: "supplierPayment", kopecks: k, number: str("documentNumber"), account: str("accountNumber"),
		purpose: str("paymentPurpose"), description: str("paymentPurpose"),
		party: party{str("recipientName"), str("inn"), str("kpp"), str("bankAcnt"), "", str("bankBik"), str("recipientCorrAccountNumber")}}
	op.id = "op-executed-" + id
	s.tb.executed = append(s.tb.executed, op)
	return nil
}
