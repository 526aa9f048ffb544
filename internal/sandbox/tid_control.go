package sandbox

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// SetAccessTTL sets how long new access tokens live (T-ID: 30 minutes).
func (s *Server) SetAccessTTL(d time.Duration) {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	s.tid.accessTTL = d
}

// SetNoRefresh makes the token endpoint send no refresh token, as for clients registered without.
func (s *Server) SetNoRefresh(v bool) {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	s.tid.noRefresh = v
}

// DenyScopes makes later logins lack these T-Business scopes (e.g. "payments/draft/create").
func (s *Server) DenyScopes(scopes ...string) {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	s.tid.deniedScopes = scopes
}

// GrantCompany makes later logins that name a company get that one's scopes instead (an empty
// INN: the one they name).
func (s *Server) GrantCompany(inn, kpp string) {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	s.tid.grantCompany = nil
	if inn != "" {
		s.tid.grantCompany = &struct{ INN, KPP string }{inn, kpp}
	}
}

// Refreshes counts successful refresh_token grants.
func (s *Server) Refreshes() int {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	return s.tid.refreshes
}

// Minted is every access and refresh token issued so far.
func (s *Server) Minted() []string {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	return append([]string(nil), s.tid.minted...)
}

// ExpireAccessTokens makes every issued access token expired now.
func (s *Server) ExpireAccessTokens() {
	s.tid.mu.Lock()
	defer s.tid.mu.Unlock()
	for _, a := range s.tid.access {
		a.exp = time.Now().Add(-time.Second)
	}
}

// tidSettings lets a script set the access token lifetime: {"access_ttl_seconds": 5}.
func (s *Server) tidSettings(w http.ResponseWriter, r *http.Request) {
	var v struct {
		AccessTTLSeconds int      `json:"access_ttl_seconds"`
		NoRefresh        bool     `json:"no_refresh"`
		DenyScopes       []string `json:"deny_scopes"`
		GrantCompany     *struct {
			INN string `json:"inn"`
			KPP string `json:"kpp"`
		} `json:"grant_company"`
	}
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil || v.AccessTTLSeconds < 0 {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"message": `send {"access_ttl_seconds": N}`})
		return
	}
	if v.AccessTTLSeconds > 0 {
		s.SetAccessTTL(time.Duration(v.AccessTTLSeconds) * time.Second)
	}
	s.SetNoRefresh(v.NoRefresh)
	s.DenyScopes(v.DenyScopes...)
	if v.GrantCompany != nil {
		s.GrantCompany(v.GrantCompany.INN, v.GrantCompany.KPP)
	}
	w.WriteHeader(http.StatusNoContent)
}
