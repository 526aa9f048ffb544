package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/requisites"
)

// The T-Business company the sandbox serves, and the self-service token it prints (but does not
// export, so "try it" goes through T-ID).
const (
	TBusinessToken = "tb.sandbox-self-service-5c0a9e71d2f84b36"
	CompanyINN     = "9999980892"
	CompanyKPP     = "999991001"
	BankBIC        = "044525974"
)

// Accounts of the demo company; the check digits are right for BankBIC.
var (
	MainAccount = requisites.WithKey("40702810X10000000001", BankBIC)
	USDAccount  = requisites.WithKey("40702840X10000000002", BankBIC)
	TaxAccount  = requisites.WithKey("40702810X10000000003", BankBIC)
)

// MainBalance is a balance float64 would round (to 1000000000000000.0).
const MainBalance = "1000000000000000.01"

type tbState struct {
	mu           sync.Mutex
	operations   int  // the statement's size
	pageLimit    int  // the largest page the sandbox sends
	limitsOff    bool // per-method rate limits
	repeatCursor bool // answer every page after the first with the cursor it was asked with
	limited      int  // requests answered 429 by the rate limits
	hits         map[string][]time.Time
	drafts       map[string]draft
	draftsOrder  []string
	executed     []*operation // drafts a person "signed" (ExecuteDraft): debits in the statement
}

func newTBState() *tbState {
	return &tbState{operations: 14, pageLimit: 5000, hits: map[string][]time.Time{}, drafts: map[string]draft{}}
}

// SetStatementSize sets how many operations a statement holds, spread over the period asked.
func (s *Server) SetStatementSize(n int) {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	s.tb.operations = n
}

// RateLimited counts the requests the rate limits refused.
func (s *Server) RateLimited() int {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	return s.tb.limited
}

// SetPageLimit sets the most operations the sandbox sends in one page.
func (s *Server) SetPageLimit(n int) {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	s.tb.pageLimit = n
}

// SetRepeatCursor makes every page after the first answer with the cursor it was asked with.
func (s *Server) SetRepeatCursor(on bool) {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	s.tb.repeatCursor = on
}

// SetRateLimits turns the per-method rate limits on or off.
func (s *Server) SetRateLimits(on bool) {
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	s.tb.limitsOff = !on
}

func (s *Server) routeTBusiness() {
	s.mux.HandleFunc("GET /openapi/api/v1/company", s.tbAuth("company", "", s.tbCompany))
	s.mux.HandleFunc("GET /openapi/api/v4/bank-accounts", s.tbAuth("accounts", "bank-accounts/get", s.tbAccounts))
	s.mux.HandleFunc("GET /openapi/api/v1/statement", s.tbAuth("statement", "bank-statements/get", s.tbStatement))
	s.mux.HandleFunc("POST /openapi/api/v1/payment/create", s.tbAuth("create", "payments/draft/create", s.tbCreate))
	s.mux.HandleFunc("POST /openapi/api/v1/payment/status", s.tbAuth("status", "", s.tbStatus))
	s.mux.HandleFunc("/openapi/", s.tbAuth("other", "", func(w http.ResponseWriter, r *http.Request) {
		tbError(w, r, http.StatusNotFound, "NOT_FOUND", "Метод не найден", nil)
	}))
	s.mux.HandleFunc("POST /_sandbox/tbusiness", s.tbSettings)
	s.mux.HandleFunc("POST /_sandbox/tbusiness/drafts/{id}/execute", func(w http.ResponseWriter, r *http.Request) {
		if err := s.ExecuteDraft(r.PathValue("id")); err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// limits are the documented requests per second, per method and token.
var limits = map[string]int{"statement": 20, "company": 6, "accounts": 6, "create": 10, "status": 1}

// tbAuth checks the bearer token as the bank would: the self-service token, or an active T-ID
// access token whose scopes include the method's for the demo company; then the rate limit.
func (s *Server) tbAuth(method, scope string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Требуется токен доступа", nil)
			return
		}
		if token != TBusinessToken {
			scopes, active := s.accessScopes(token)
			if !active {
				tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Токен недействителен", nil)
				return
			}
			if scope != "" && !slices.Contains(scopes, fmt.Sprintf("opensme/inn/[%s]/kpp/[%s]/%s", CompanyINN, CompanyKPP, scope)) {
				tbError(w, r, http.StatusForbidden, "FORBIDDEN", "Неподходящие скопы", nil)
				return
			}
		}
		if !s.tbAllow(method, token) {
			tbError(w, r, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Превышен лимит запросов", nil)
			return
		}
		next(w, r)
	}
}

// tbAllow is a sliding one-second window per method and token.
func (s *Server) tbAllow(method, token string) bool {
	limit, ok := limits[method]
	s.tb.mu.Lock()
	defer s.tb.mu.Unlock()
	if !ok || s.tb.limitsOff {
		return true
	}
	key := method + " " + token
	now := time.Now()
	hits := s.tb.hits[key]
	for len(hits) > 0 && now.Sub(hits[0]) >= time.Second {
		hits = hits[1:]
	}
	if len(hits) >= limit {
		s.tb.hits[key] = hits
		s.tb.limited++
		return false
	}
	s.tb.hits[key] = append(hits, now)
	return true
}

// tbError answers with T-Business's error body.
func tbError(w http.ResponseWriter, r *http.Request, status int, code, msg string, details map[string]string) {
	body := map[string]any{"errorId": newID(), "errorMessage": msg, "errorCode": code}
	if details != nil {
		body["errorDetails"] = details
	}
	writeJSON(w, status, body)
}

func (s *Server) tbCompany(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"name": "ООО «Северный ветер»", "city": "Москва",
		"requisites": map[string]string{
			"fullName": "Общество с ограниченной ответственностью «Северный ветер»",
			"address":  "119021, г. Москва, ул. Льва Толстого, д. 16, офис 4",
			"inn":      CompanyINN, "kpp": CompanyKPP, "ogrn": "1157746123456",
		},
		"bank": map[string]string{
			"bankName": "АО «ТБанк»", "bankAddress": "127287, г. Москва, ул. Хуторская 2-я, д. 38А, стр. 26",
			"corrAccount": "30101810145250000974", "bankInn": "7710140679", "bankBic": BankBIC,
		},
		"registrationDate": "2015-03-12", "opf": "ООО",
	})
}

func (s *Server) tbAccounts(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// Written by hand: the balances are JSON numbers with every digit the bank keeps.
	fmt.Fprintf(w, `[{"accountNumber":%q,"name":"Рублевый счет","status":"NORM","tariffName":"Продвинутый","tariffCode":"BIZ2","currency":"643","createdOn":"2015-03-20","mainFlag":"Y","bankBik":%q,"accountType":"Current","activationDate":"2015-03-20","balance":{"balance":%s,"realOtb":%s,"otb":1000000000075000.01,"authorized":0,"pendingPayments":0,"pendingRequisitions":0},"transitAccount":null},`+
		`{"accountNumber":%q,"name":"Валютный счет","status":"NORM","currency":"840","createdOn":"2019-07-01","mainFlag":"N","bankBik":%q,"accountType":"Current","balance":{"balance":15000.5,"realOtb":15000.5,"otb":15000.5,"authorized":0,"pendingPayments":0,"pendingRequisitions":0},"transitAccount":{"accountNumber":"40702840400000000777"}},`+
		`{"accountNumber":%q,"name":"Налоговая копилка","status":"NORM","currency":"643","mainFlag":"N","bankBik":%q,"accountType":"Tax","balance":{"balance":98765.43,"realOtb":98765.43,"otb":98765.43,"authorized":0,"pendingPayments":1200,"pendingRequisitions":0}}]`,
		MainAccount, BankBIC, MainBalance, MainBalance, USDAccount, BankBIC, TaxAccount, BankBIC)
}

// tbSettings is the control API: {"operations": 100000, "page_limit": 5000, "rate_limits": false,
// "repeat_cursor": true}.
func (s *Server) tbSettings(w http.ResponseWriter, r *http.Request) {
	var v struct {
		Operations   *int  `json:"operations"`
		PageLimit    *int  `json:"page_limit"`
		RateLimits   *bool `json:"rate_limits"`
		RepeatCursor *bool `json:"repeat_cursor"`
	}
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil || v.Operations != nil && *v.Operations < 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": `send {"operations": N, "rate_limits": false}`})
		return
	}
	s.tb.mu.Lock()
	if v.Operations != nil {
		s.tb.operations = *v.Operations
	}
	if v.PageLimit != nil && *v.PageLimit > 0 {
		s.tb.pageLimit = *v.PageLimit
	}
	if v.RateLimits != nil {
		s.tb.limitsOff = !*v.RateLimits
	}
	if v.RepeatCursor != nil {
		s.tb.repeatCursor = *v.RepeatCursor
	}
	s.tb.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
