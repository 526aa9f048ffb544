package tbank

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// Tokens is how the bank learns an access token's scopes: from the sandbox's T-ID.
type Tokens interface {
	// AccessScopes returns an active access token's scopes, or false.
	AccessScopes(token string) ([]string, bool)
}

// Bank is the sandbox's T-Business API: the demo company's accounts, statement and drafts, its
// rate limits, and the controls tests and scripts use.
type Bank struct {
	mu           sync.Mutex
	tokens       Tokens
	hostile      bool   // the statement and accounts made to test exports (demo.Op)
	operations   int    // the statement's size
	pageLimit    int    // the largest page the sandbox sends
	limitsOff    bool   // per-method rate limits
	repeatCursor bool   // answer every page after the first with the cursor it was asked with
	endless      bool   // every page empty, with a new cursor: paging that never ends
	cursorJunk   string // appended to every cursor (a hostile bank's control characters)
	limited      int    // requests answered 429 by the rate limits
	hits         map[string][]time.Time
	drafts       map[string]draft
	draftsOrder  []string
	executed     []*demo.Operation // drafts a person "signed" (ExecuteDraft): debits in the statement

	passportUnconfirmed bool // passport-short answers 422
	invoices            map[string]*Invoice
	invoiceOrder        []string
	qrs                 map[string]*QR
	qrOrder             []string
}

// New is a bank whose T-ID tokens are tokens'.
func New(tokens Tokens) *Bank {
	return &Bank{tokens: tokens, operations: 14, pageLimit: 5000, hits: map[string][]time.Time{}, drafts: map[string]draft{}}
}

// SetHostile makes the statement and the accounts the ones made to test bankctl's exports
// against hostile data (a forged 1С document, formulas, escapes, huge amounts).
func (s *Bank) SetHostile(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hostile = on
}

// SetStatementSize sets how many operations a statement holds, spread over the period asked.
func (s *Bank) SetStatementSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.operations = n
}

// RateLimited counts the requests the rate limits refused.
func (s *Bank) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// SetPageLimit sets the most operations the sandbox sends in one page.
func (s *Bank) SetPageLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageLimit = n
}

// SetRepeatCursor makes every page after the first answer with the cursor it was asked with.
func (s *Bank) SetRepeatCursor(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repeatCursor = on
}

// SetEndless makes the statement's paging never end: empty pages, each with a new cursor.
func (s *Bank) SetEndless(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endless = on
}

// SetCursorJunk appends junk (control characters, say) to every cursor the statement sends.
func (s *Bank) SetCursorJunk(junk string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cursorJunk = junk
}

// SetRateLimits turns the per-method rate limits on or off.
func (s *Bank) SetRateLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitsOff = !on
}

// Register serves the bank's methods and controls on mux.
func (s *Bank) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /openapi/api/v1/company", s.tbAuth("company", "", s.tbCompany))
	mux.HandleFunc("GET /openapi/api/v4/bank-accounts", s.tbAuth("accounts", "bank-accounts/get", s.tbAccounts))
	mux.HandleFunc("GET /openapi/api/v1/statement", s.tbAuth("statement", "bank-statements/get", s.tbStatement))
	mux.HandleFunc("POST /openapi/api/v1/payment/create", s.tbAuth("create", "payments/draft/create", s.tbCreate))
	mux.HandleFunc("POST /openapi/api/v1/payment/status", s.tbAuth("status", "", s.tbStatus))
	s.registerIndividual(mux)
	s.registerInvoices(mux)
	mux.HandleFunc("/openapi/", s.tbAuth("other", "", func(w http.ResponseWriter, r *http.Request) {
		tbError(w, r, http.StatusNotFound, "NOT_FOUND", "Метод не найден", nil)
	}))
	mux.HandleFunc("POST /_sandbox/tbusiness", s.tbSettings)
	mux.HandleFunc("POST /_sandbox/tbusiness/drafts/{id}/execute", func(w http.ResponseWriter, r *http.Request) {
		if err := s.ExecuteDraft(r.PathValue("id")); err != nil {
			wire.WriteJSON(w, http.StatusNotFound, map[string]string{"message": err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// limits are the documented requests per second, per method and token.
var limits = map[string]int{"statement": 20, "company": 6, "accounts": 6, "create": 10, "status": 1, "individual": 20,
	"invoice": 4, "qr": 4, "document": 1}

// tbAuth checks the bearer token as the bank would: the self-service token, or an active T-ID
// access token whose scopes include the method's for the demo company; then the rate limit.
func (s *Bank) tbAuth(method, scope string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Требуется токен доступа", nil)
			return
		}
		if token != demo.TBusinessToken {
			scopes, active := s.tokens.AccessScopes(token)
			if !active {
				tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Токен недействителен", nil)
				return
			}
			if scope != "" && !slices.Contains(scopes, fmt.Sprintf("opensme/inn/[%s]/kpp/[%s]/%s", demo.CompanyINN, demo.CompanyKPP, scope)) {
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
func (s *Bank) tbAllow(method, token string) bool {
	limit, ok := limits[method]
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ok || s.limitsOff {
		return true
	}
	key := method + " " + token
	now := time.Now()
	hits := s.hits[key]
	for len(hits) > 0 && now.Sub(hits[0]) >= time.Second {
		hits = hits[1:]
	}
	if len(hits) >= limit {
		s.hits[key] = hits
		s.limited++
		return false
	}
	s.hits[key] = append(hits, now)
	return true
}

// tbError answers with T-Business's error body.
func tbError(w http.ResponseWriter, r *http.Request, status int, code, msg string, details map[string]string) {
	body := map[string]any{"errorId": wire.NewID(), "errorMessage": msg, "errorCode": code}
	if details != nil {
		body["errorDetails"] = details
	}
	wire.WriteJSON(w, status, body)
}

func (s *Bank) tbCompany(w http.ResponseWriter, r *http.Request) {
	wire.WriteJSON(w, http.StatusOK, demo.Company())
}

func (s *Bank) tbAccounts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	hostile := s.hostile
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	io.WriteString(w, demo.Accounts(hostile))
}

// tbSettings is the control API: {"operations": 100000, "page_limit": 5000, "rate_limits": false,
// "repeat_cursor": true, "endless_cursor": true, "cursor_junk": "…", "hostile_data": true,
// "passport_unconfirmed": true}.
func (s *Bank) tbSettings(w http.ResponseWriter, r *http.Request) {
	var v struct {
		Operations   *int    `json:"operations"`
		PageLimit    *int    `json:"page_limit"`
		RateLimits   *bool   `json:"rate_limits"`
		RepeatCursor *bool   `json:"repeat_cursor"`
		Endless      *bool   `json:"endless_cursor"`
		CursorJunk   *string `json:"cursor_junk"`
		Hostile      *bool   `json:"hostile_data"`
		Unconfirmed  *bool   `json:"passport_unconfirmed"`
	}
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil || v.Operations != nil && *v.Operations < 0 {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"message": `send {"operations": N, "rate_limits": false}`})
		return
	}
	s.mu.Lock()
	if v.Operations != nil {
		s.operations = *v.Operations
	}
	if v.PageLimit != nil && *v.PageLimit > 0 {
		s.pageLimit = *v.PageLimit
	}
	if v.RateLimits != nil {
		s.limitsOff = !*v.RateLimits
	}
	if v.RepeatCursor != nil {
		s.repeatCursor = *v.RepeatCursor
	}
	if v.Endless != nil {
		s.endless = *v.Endless
	}
	if v.CursorJunk != nil {
		s.cursorJunk = *v.CursorJunk
	}
	if v.Hostile != nil {
		s.hostile = *v.Hostile
	}
	if v.Unconfirmed != nil {
		s.passportUnconfirmed = *v.Unconfirmed
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
