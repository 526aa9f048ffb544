package ibank

import (
	"context"
	"fmt"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
)

// Status is the iBank part of `bankctl status`.
type Status struct {
	URL          string `json:"url,omitempty"`
	TokenSource  string `json:"token_source,omitempty"`
	TokenTail    string `json:"token_tail,omitempty"`
	Storage      string `json:"storage,omitempty"`
	OK           bool   `json:"ok"`
	Organisation string `json:"organisation,omitempty"`
	cmdutil.Check
}

// CheckStatus finds the profile's iBank token and checks it with client/info.
func CheckStatus(ctx context.Context, f *cmdutil.Factory, s *cmdutil.Settings) *Status {
	st := &Status{URL: s.IBankURL}
	token, source, err := f.IBankToken()
	if err != nil {
		st.Fail(err)
		if st.Outcome() == cmdutil.Rejected {
			st.Set(cmdutil.NotStored, st.Error) // "not logged in" is nothing stored, not a failure
		}
		return st
	}
	st.TokenSource, st.TokenTail = source, redact.Tail(token)
	if source == keystore.SourceFile {
		st.Storage = s.SecretsFile
	}
	fail := func(err error) *Status { st.Fail(err); return st }
	if s.IBankURL == "" {
		return fail(fmt.Errorf("no iBank URL configured"))
	}
	base, err := ibank.ParseURL(s.IBankURL)
	if err != nil {
		return fail(err)
	}
	c, err := f.IBankAt(base, token, source == cmdutil.SourceEnv)
	if err != nil {
		return fail(err)
	}
	body, err := ibank.ClientInfo(ctx, c)
	if err != nil {
		return fail(err)
	}
	st.Set(cmdutil.Works, "")
	st.OK, st.Organisation = true, ibank.Organisation(body)
	return st
}

// Rows adds the iBank rows to the status table.
func (st *Status) Rows(t *render.Table) {
	t.Append("iBank URL", cmdutil.OrDash(st.URL))
	if st.TokenTail != "" {
		where := st.TokenSource
		if st.Storage != "" {
			where += " " + st.Storage
		}
		t.Append("iBank token", fmt.Sprintf("%s (%s)", st.TokenTail, where))
	}
	switch {
	case st.OK:
		t.Append("iBank check", "ok: "+st.Organisation)
	case st.TokenTail != "":
		t.Append("iBank check", "failed: "+st.Error)
	case st.Outcome() == cmdutil.Failed:
		t.Append("iBank token", "could not be read: "+st.Error)
	default:
		t.Append("iBank token", "not logged in")
	}
}
