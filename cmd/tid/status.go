package tid

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tid"
)

// Status is the T-ID part of `bankctl status`.
type Status struct {
	URL        string   `json:"url"`
	ClientID   string   `json:"client_id,omitempty"`
	Stored     bool     `json:"stored"`
	Expiry     string   `json:"expiry,omitempty"`
	Expired    bool     `json:"expired,omitempty"`
	Scopes     []string `json:"scopes,omitempty"`
	CanRefresh bool     `json:"can_refresh"`
	Active     *bool    `json:"active,omitempty"`
	cmdutil.Check
}

// CheckStatus reads the stored T-ID tokens (never refreshing them); when the access token is
// still valid and the client secret is at hand (never asked for here), T-ID is asked whether it
// is active.
func CheckStatus(ctx context.Context, f *cmdutil.Factory, s *cmdutil.Settings) *Status {
	st := &Status{URL: s.TID.URL, ClientID: s.TID.ClientID}
	fail := func(err error) *Status { st.Fail(err); return st }
	src, err := f.TIDSource()
	if err != nil {
		return fail(err)
	}
	t, err := src.Stored()
	if errors.Is(err, tid.ErrNotLoggedIn) {
		return st
	}
	if err != nil {
		return fail(err)
	}
	st.Stored = true
	st.Set(cmdutil.Works, "")
	st.Scopes, st.CanRefresh = t.Scope, t.RefreshToken != ""
	if !t.Expiry.IsZero() {
		st.Expiry = msk.RFC3339(t.Expiry)
		st.Expired = !time.Now().Before(t.Expiry)
	}
	if st.Expired && !st.CanRefresh {
		return fail(apperr.Auth(errors.New("the access token expired and cannot be refreshed: run `bankctl" + src.Flag() + " tid login`")))
	}
	if st.Expired || st.ClientID == "" {
		return st
	}
	c, _, err := f.TIDClient(ctx, s.TID.ClientID, s.TID.RedirectURI, false)
	if err != nil {
		return st // no client secret at hand: the tokens are there, unchecked
	}
	in, err := c.Introspect(ctx, t.AccessToken)
	if err != nil {
		return fail(err)
	}
	st.Active = &in.Active
	if len(in.Scope) > 0 {
		st.Scopes = in.Scope
	}
	if !in.Active {
		return fail(apperr.Auth(errors.New("T-ID says the access token is not active")))
	}
	return st
}

// Rows adds the T-ID rows to the status table.
func (st *Status) Rows(t *render.Table) {
	t.Append("T-ID client", cmdutil.OrDash(st.ClientID))
	if !st.Stored {
		if st.Error != "" {
			t.Append("T-ID tokens", "could not be read: "+st.Error)
		}
		return
	}
	exp := "unknown expiry"
	if st.Expiry != "" {
		e, _ := time.Parse(time.RFC3339, st.Expiry)
		exp = "access token until " + cmdutil.When(e, time.Now())
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
