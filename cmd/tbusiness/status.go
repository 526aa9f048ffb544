package tbusiness

import (
	"context"
	"errors"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/cert"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// Status is the T-Business part of `bankctl status`: which token is in use, checked with one
// company call.
type Status struct {
	URL     string `json:"url"`
	Token   string `json:"token,omitempty"` // env, keyring, file or T-ID
	Tail    string `json:"token_tail,omitempty"`
	OK      bool   `json:"ok"`
	Company string `json:"company,omitempty"`
	// Cert is the client certificate for the secured host, or nil.
	Cert *cert.Status `json:"certificate,omitempty"`
	cmdutil.Check
}

// CheckStatus finds the token T-Business calls would use and checks it with GET company. A T-ID
// token is used as stored, never refreshed: an expired one is reported, not spent.
func CheckStatus(ctx context.Context, f *cmdutil.Factory, s *cmdutil.Settings) *Status {
	st := &Status{URL: s.TBusiness.URL, Cert: cert.CheckStatus(f, time.Now())}
	fail := func(err error) *Status { st.Fail(err); return st }
	auth, err := f.TBusinessAuth()
	var a *apperr.AuthError
	switch {
	case errors.As(err, &a):
		return st // nothing stored for T-Business
	case err != nil:
		return fail(err)
	}
	st.Token = auth.Where
	if auth.Token != "" {
		st.Tail = redact.Tail(auth.Token)
	} else {
		t := auth.StoredTID()
		if t.Introspected && len(tbusiness.Companies(t.Scope)) == 0 {
			st.Token = "" // a T-ID login for no company: nothing for T-Business
			return st
		}
		if t.ExpiresWithin(0, time.Now()) {
			// The T-ID part says so; status spends no refresh, the next command will.
			st.Set(cmdutil.Works, "the T-ID access token has expired: the next T-Business command refreshes it")
			return st
		}
		auth.Token = t.AccessToken // as stored: status never refreshes
	}
	base, err := tbusiness.ParseURL(s.TBusiness.URL)
	if err != nil {
		return fail(err)
	}
	c, err := f.TBusinessAt(base, auth)
	if err != nil {
		return fail(err)
	}
	body, err := c.Company(ctx)
	if err != nil {
		return fail(err)
	}
	st.Set(cmdutil.Works, "")
	st.OK, st.Company = true, companyLabel(body)
	return st
}

// Rows adds the T-Business rows to the status table.
func (st *Status) Rows(t *render.Table) {
	defer st.certRows(t)
	if st.Token == "" && st.Error == "" {
		t.Append("T-Business", "no token: `bankctl tid login --inn … --kpp …` or `bankctl tbusiness login`")
		return
	}
	tok := st.Token
	if st.Tail != "" {
		tok = st.Tail + " (" + st.Token + ")"
	}
	if tok != "" {
		t.Append("T-Business token", tok)
	}
	switch {
	case st.OK:
		t.Append("T-Business check", "ok: "+st.Company)
	case st.Error != "":
		t.Append("T-Business check", "failed: "+st.Error)
	}
}

// certRows show the client certificate, and the warning from 20 days before it expires.
func (st *Status) certRows(t *render.Table) {
	switch c := st.Cert; {
	case c == nil:
	case c.Error != "":
		t.Append("T-Business certificate", "unreadable: "+c.Error)
	default:
		t.Append("T-Business certificate", c.Subject+", until "+cmdutil.When(c.NotAfter, time.Now()))
		if c.Warning != "" {
			t.Append("Warning", c.Warning)
		}
	}
}
