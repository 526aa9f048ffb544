package cmd

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/render"
)

// TIDStatus is the T-ID part of a Status.
type TIDStatus struct {
	URL        string   `json:"url"`
	ClientID   string   `json:"client_id,omitempty"`
	Stored     bool     `json:"stored"`
	Expiry     string   `json:"expiry,omitempty"`
	Expired    bool     `json:"expired,omitempty"`
	Scopes     []string `json:"scopes,omitempty"`
	CanRefresh bool     `json:"can_refresh"`
	Active     *bool    `json:"active,omitempty"`
	Error      string   `json:"error,omitempty"`
	stored     bool
	broken     bool
}

// tidStatus reports the stored T-ID tokens; when the access token is still valid and the client
// secret is at hand (never asked for here), T-ID is asked whether it is active.
func tidStatus(ctx context.Context, f *Factory, s *Settings) *TIDStatus {
	st := &TIDStatus{URL: s.TID.URL, ClientID: s.TID.ClientID}
	t, err := loadTIDToken(f, s.Profile)
	var auth *apperr.AuthError
	var unavailable *keystore.UnavailableError
	switch {
	case errors.As(err, &auth):
		return st
	case errors.As(err, &unavailable):
		st.Error = "not found: " + unavailable.Cause.Error()
		return st
	case err != nil:
		st.Error, st.broken = err.Error(), true
		return st
	}
	st.stored, st.Stored = true, true
	st.Scopes, st.CanRefresh = t.Scope, t.RefreshToken != ""
	if !t.Expiry.IsZero() {
		st.Expiry = t.Expiry.Local().Format(time.RFC3339)
		st.Expired = !time.Now().Before(t.Expiry)
	}
	if st.Expired || st.ClientID == "" {
		if st.Expired && !st.CanRefresh {
			st.Error, st.broken = "the access token expired and cannot be refreshed: run `bankctl tid login`", true
		}
		return st
	}
	c, _, err := tidClient(f, s, s.TID.ClientID, s.TID.RedirectURI, true, false)
	if err != nil {
		return st
	}
	in, err := c.Introspect(ctx, t.AccessToken)
	if err != nil {
		st.Error, st.broken = err.Error(), true
		return st
	}
	st.Active = &in.Active
	if len(in.Scope) > 0 {
		st.Scopes = in.Scope
	}
	if !in.Active {
		st.Error, st.broken = "T-ID says the access token is not active", true
	}
	return st
}

func appendTIDStatus(t *render.Table, st *TIDStatus) {
	t.Append("T-ID client", orDash(st.ClientID))
	if !st.stored {
		if st.Error != "" {
			t.Append("T-ID tokens", st.Error)
		}
		return
	}
	exp := "unknown expiry"
	if st.Expiry != "" {
		e, _ := time.Parse(time.RFC3339, st.Expiry)
		exp = "access token until " + whenLocal(e, time.Now())
	}
	t.Append("T-ID tokens", exp)
	refresh := "no"
	if st.CanRefresh {
		refresh = "yes"
	}
	t.Append("T-ID refresh", refresh)
	if len(st.Scopes) > 0 {
		t.Append("T-ID scopes", strings.Join(st.Scopes, ", "))
	}
	switch {
	case st.Error != "":
		t.Append("T-ID check", "failed: "+st.Error)
	case st.Active != nil:
		t.Append("T-ID check", "ok: active")
	}
}
