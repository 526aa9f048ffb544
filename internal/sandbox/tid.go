package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// The demo T-ID partner the sandbox knows.
const (
	DemoClientID     = "bankctl-sandbox"
	DemoClientSecret = "sandbox-secret-7Qm2Vx9Lr4"
	DemoRedirectURI  = "http://127.0.0.1:8765/auth/complete"
	DemoSubject      = "7b1e0c52-93f4-4f3e-a1f4-0d6c1a2b3c4d"
)

// tidState is the T-ID emulator: codes, access tokens and rotating refresh tokens.
type tidState struct {
	mu        sync.Mutex
	accessTTL time.Duration
	noRefresh bool
	codes     map[string]*grant
	access    map[string]*issued
	refresh   map[string]*issued
	refreshes int
	exchanges int
	minted    []string // every token issued, for tests that look for them in output
	// deniedScopes are T-Business scopes a login does not get, as for an employee without
	// the right or a partner registered without them.
	deniedScopes []string
	// grantCompany, when set, is the company every login is granted, whatever it asked for: as
	// when the person picks another company on T-ID's page, or a code of another login arrives.
	grantCompany *struct{ INN, KPP string }
}

// BusinessScopes are the T-Business scopes the sandbox's T-ID grants for the company a login
// names (scope_parameters).
var BusinessScopes = []string{"bank-accounts/get", "bank-statements/get", "payments/draft/create"}

type grant struct {
	redirectURI string
	challenge   string
	scopes      []string
	expires     time.Time
}

type issued struct {
	scopes  []string
	iat     time.Time
	exp     time.Time // zero for refresh tokens (they live a year)
	family  string    // one login: revoking the refresh token ends its access tokens
	revoked bool
}

func newTIDState() *tidState {
	return &tidState{accessTTL: 30 * time.Minute, codes: map[string]*grant{}, access: map[string]*issued{}, refresh: map[string]*issued{}}
}

// AccessScopes returns an active access token's scopes, or ok false.
func (s *Server) AccessScopes(token string) ([]string, bool) {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	a := s.tid.access[token]
	if a == nil || a.revoked || !time.Now().Before(a.exp) {
		return nil, false
	}
	return a.scopes, true
}

func (s *Server) routeTID() {
	s.mux.HandleFunc("GET /auth/authorize", s.tidAuthorize)
	s.mux.HandleFunc("POST /auth/authorize", s.tidDecision)
	s.mux.HandleFunc("POST /auth/token", s.tidClient(s.tidToken))
	s.mux.HandleFunc("POST /auth/introspect", s.tidClient(s.tidIntrospect))
	s.mux.HandleFunc("POST /auth/revoke", s.tidClient(s.tidRevoke))
	s.mux.HandleFunc("POST /userinfo/userinfo", s.tidUserinfo)
	s.mux.HandleFunc("POST /_sandbox/tid", s.tidSettings)
}

// tidClient checks HTTP Basic client credentials (form-encoded, RFC 6749 §2.3.1).
func (s *Server) tidClient(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if ok {
			id, _ = url.QueryUnescape(id)
			secret, _ = url.QueryUnescape(secret)
		}
		if !ok || id != DemoClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(DemoClientSecret)) != 1 {
			tidError(w, http.StatusUnauthorized, "invalid_client", "неверные client_id или client_secret")
			return
		}
		r.ParseForm()
		next(w, r)
	}
}

// tidError answers as T-ID does, with error_message (the SDK's field) beside error_description.
func tidError(w http.ResponseWriter, status int, code, msg string) {
	wire.WriteJSON(w, status, map[string]string{"error": code, "error_message": msg})
}

func (s *Server) tidToken(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	t := s.tid
	t.mu.Lock()
	defer t.mu.Unlock()
	switch f.Get("grant_type") {
	case "authorization_code":
		g := t.codes[f.Get("code")]
		delete(t.codes, f.Get("code")) // one use only
		switch {
		case g == nil || time.Now().After(g.expires):
			tidError(w, http.StatusBadRequest, "invalid_grant", "код недействителен или уже использован")
		case g.redirectURI != f.Get("redirect_uri"):
			tidError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri не совпадает")
		case g.challenge != "" && !pkceOK(g.challenge, f.Get("code_verifier")):
			tidError(w, http.StatusBadRequest, "invalid_grant", "code_verifier не подходит")
		default:
			t.exchanges++
			s.issue(w, g.scopes, randToken())
		}
	case "refresh_token":
		old := t.refresh[f.Get("refresh_token")]
		if old == nil || old.revoked {
			tidError(w, http.StatusBadRequest, "invalid_grant", "refresh token недействителен")
			return
		}
		old.revoked = true // rotation: a refresh token works once
		t.refreshes++
		s.issue(w, old.scopes, old.family)
	default:
		tidError(w, http.StatusBadRequest, "unsupported_grant_type", "неизвестный grant_type")
	}
}

// issue answers a token request; the caller holds t.mu.
func (s *Server) issue(w http.ResponseWriter, scopes []string, family string) {
	t := s.tid
	now := time.Now()
	access := "t." + randToken()
	t.access[access] = &issued{scopes: scopes, iat: now, exp: now.Add(t.accessTTL), family: family}
	resp := map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": int(t.accessTTL.Seconds()),
		"id_token": fakeJWT(now),
	}
	if !t.noRefresh {
		rt := "r." + randToken()
		t.refresh[rt] = &issued{scopes: scopes, iat: now, family: family}
		resp["refresh_token"] = rt
		t.minted = append(t.minted, rt)
	}
	t.minted = append(t.minted, access)
	wire.WriteJSON(w, http.StatusOK, resp)
}

func pkceOK(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return verifier != "" && subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func (s *Server) tidIntrospect(w http.ResponseWriter, r *http.Request) {
	tok := r.PostForm.Get("token")
	t := s.tid
	t.mu.Lock()
	defer t.mu.Unlock()
	if a := t.access[tok]; a != nil && !a.revoked && time.Now().Before(a.exp) {
		wire.WriteJSON(w, http.StatusOK, map[string]any{
			"active": true, "scope": a.scopes, "client_id": DemoClientID, "token_type": "access_token",
			"exp": a.exp.Unix(), "iat": a.iat.Unix(), "sub": DemoSubject, "aud": []string{"ibsme", "companyInfo"},
			"iss": "https://id.tbank.ru/",
		})
		return
	}
	if rt := t.refresh[tok]; rt != nil && !rt.revoked {
		wire.WriteJSON(w, http.StatusOK, map[string]any{"active": true, "scope": rt.scopes, "client_id": DemoClientID,
			"token_type": "refresh_token", "iat": rt.iat.Unix(), "sub": DemoSubject})
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"active": false})
}

func (s *Server) tidRevoke(w http.ResponseWriter, r *http.Request) {
	tok := r.PostForm.Get("token")
	t := s.tid
	t.mu.Lock()
	defer t.mu.Unlock()
	if rt := t.refresh[tok]; rt != nil {
		// Revoking the refresh token ends the whole authorization.
		for _, m := range []map[string]*issued{t.access, t.refresh} {
			for _, x := range m {
				if x.family == rt.family {
					x.revoked = true
				}
			}
		}
	}
	if a := t.access[tok]; a != nil {
		a.revoked = true
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) tidUserinfo(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if r.PostForm.Get("client_id") != DemoClientID || r.PostForm.Get("client_secret") != DemoClientSecret {
		tidError(w, http.StatusUnauthorized, "invalid_client", "неверные client_id или client_secret")
		return
	}
	s.tid.mu.Lock()
	a := s.tid.access[tok]
	ok := a != nil && !a.revoked && time.Now().Before(a.exp)
	s.tid.mu.Unlock()
	if !ok {
		tidError(w, http.StatusUnauthorized, "invalid_token", "токен недействителен")
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{
		"sub": DemoSubject, "name": "Иванова Мария Сергеевна", "given_name": "Мария", "family_name": "Иванова",
		"middle_name": "Сергеевна", "gender": "female", "birthdate": "1985-04-12",
		"phone_number": "+79991234567", "phone_number_verified": true,
		"email": "m.ivanova@severnyveter.ru", "email_verified": true,
	})
}

func randToken() string {
	return strings.ReplaceAll(wire.NewID(), "-", "")
}

func fakeJWT(now time.Time) string {
	enc := base64.RawURLEncoding
	h := enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	p := enc.EncodeToString([]byte(fmt.Sprintf(`{"iss":"https://id.tbank.ru/","sub":"%s","aud":"%s","iat":%d,"nonce":"%s"}`, DemoSubject, DemoClientID, now.Unix(), randToken())))
	return h + "." + p + "."
}
