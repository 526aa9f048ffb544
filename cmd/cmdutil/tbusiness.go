package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/tbusiness"
	"github.com/bankctl/bankctl/internal/tid"
)

// TBusinessAuth is the token T-Business calls use, in SPEC's order: BANKCTL_TBUSINESS_TOKEN, else
// a self-service token stored by `tbusiness login`, else the profile's T-ID token.
type TBusinessAuth struct {
	Kind   tbusiness.TokenKind
	Where  string // env, keyring, file, or T-ID
	Token  string // the env or stored token; for T-ID, empty: the source gives a fresh one
	Source *tid.Source

	mu  sync.Mutex
	cur *tid.Token // the T-ID token in hand, read from the keyring once
}

// TBusinessAuth finds the token.
func (f *Factory) TBusinessAuth() (*TBusinessAuth, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	if v := f.Secret("tbusiness.token"); v != "" {
		redact.Add(v)
		return &TBusinessAuth{Kind: tbusiness.FromEnv, Where: SourceEnv, Token: v}, nil
	}
	store, err := f.Keystore()
	if err != nil {
		return nil, err
	}
	v, where, err := keystore.GetWithSource(store, keystore.Key{Profile: s.Profile, Kind: keystore.KindTBusiness})
	switch {
	case err == nil:
		redact.Add(v)
		return &TBusinessAuth{Kind: tbusiness.FromSelfService, Where: where, Token: v}, nil
	case !errors.Is(err, keystore.ErrNotFound):
		return nil, err
	}
	src, err := f.TIDSource()
	if err != nil {
		return nil, err
	}
	t, err := src.Stored()
	if errors.Is(err, tid.ErrNotLoggedIn) {
		flag := config.ProfileFlag(s.Profile)
		return nil, apperr.Auth(fmt.Errorf("no T-Business token%s: run `bankctl%s tid login --inn INN --kpp KPP`, or `bankctl%s tbusiness login` with a token from the web bank, or set BANKCTL_TBUSINESS_TOKEN", config.ProfileNote(s.Profile), flag, flag))
	} else if err != nil {
		return nil, err
	}
	return &TBusinessAuth{Kind: tbusiness.FromTID, Where: "T-ID", Source: src, cur: t}, nil
}

// TBusinessTID is the T-Business client with the profile's T-ID token, whatever other token
// is stored or set: the methods for a person's data serve the partner scenario only.
func (f *Factory) TBusinessTID() (*tbusiness.Client, *TBusinessAuth, error) {
	return f.tbusiness(f.tidAuth)
}

// tidAuth is the profile's T-ID token, or why there is none to use.
func (f *Factory) tidAuth() (*TBusinessAuth, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	src, err := f.TIDSource()
	if err != nil {
		return nil, err
	}
	t, err := src.Stored()
	if errors.Is(err, tid.ErrNotLoggedIn) {
		err = fmt.Errorf("not logged in to T-ID%s: a person's data is read with the T-ID token the person allowed", config.ProfileNote(s.Profile))
		if other, _ := f.TBusinessAuth(); other != nil && other.Kind != tbusiness.FromTID {
			err = errors.New("a person's data is for the partner scenario only (a person signs in with T-ID and allows the partner to read it): a self-service or BANKCTL_TBUSINESS_TOKEN token cannot read it")
		}
		return nil, apperr.Auth(apperr.Suggest(err, fmt.Sprintf("sign the person in with `bankctl%s tid login`", config.ProfileFlag(s.Profile))))
	} else if err != nil {
		return nil, err
	}
	return &TBusinessAuth{Kind: tbusiness.FromTID, Where: "T-ID", Source: src, cur: t}, nil
}

// Scopes are the T-ID token's scopes, learnt once per access token (introspection) and kept
// with it. known is false when they cannot be learnt for another reason than the token (no
// answer from T-ID): the bank decides then. A token of another kind has none to learn.
func (a *TBusinessAuth) Scopes(ctx context.Context) (scopes []string, known bool, err error) {
	if a.Kind != tbusiness.FromTID {
		return nil, false, nil
	}
	t, err := a.TIDToken(ctx)
	if err != nil {
		return nil, false, err
	}
	scopes, err = a.Source.Scopes(ctx, t)
	switch {
	case err == nil:
		return scopes, true, nil
	case ExitCode(err) == ExitAuth:
		return nil, false, err
	}
	return nil, false, nil
}

// StoredTID is the T-ID token as it was read from the keyring, never refreshed (status).
func (a *TBusinessAuth) StoredTID() *tid.Token { return a.cur }

// TIDToken is the T-ID access token to use now: the one in hand, asked of the source again
// (refreshed under the T-ID lock) only when it expires within a minute, so a command reads the
// keyring once and a long statement refreshes once.
func (a *TBusinessAuth) TIDToken(ctx context.Context) (*tid.Token, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cur == nil || a.cur.ExpiresWithin(tid.RefreshMargin, time.Now()) {
		t, err := a.Source.Token(ctx)
		if err != nil {
			return nil, err
		}
		a.cur = t
	}
	return a.cur, nil
}

// bearer gives the Authorization value for each request.
func (a *TBusinessAuth) bearer() func(ctx context.Context) (string, error) {
	if a.Token != "" || a.Source == nil {
		return func(context.Context) (string, error) { return "Bearer " + a.Token, nil }
	}
	return func(ctx context.Context) (string, error) {
		t, err := a.TIDToken(ctx)
		if err != nil {
			return "", err
		}
		return "Bearer " + t.AccessToken, nil
	}
}

// TBusiness builds the profile's T-Business client with the token it should use.
func (f *Factory) TBusiness() (*tbusiness.Client, *TBusinessAuth, error) {
	return f.tbusiness(f.TBusinessAuth)
}

// tbusiness is the client at the profile's T-Business URL with the token auth finds.
func (f *Factory) tbusiness(auth func() (*TBusinessAuth, error)) (*tbusiness.Client, *TBusinessAuth, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, nil, err
	}
	base, err := tbusiness.ParseURL(s.TBusiness.URL)
	if err != nil {
		return nil, nil, UsageErr(err)
	}
	a, err := auth()
	if err != nil {
		return nil, nil, err
	}
	c, err := f.TBusinessAt(base, a)
	return c, a, err
}

// TBusinessAt is the client for one API and token, on the shared HTTP client.
func (f *Factory) TBusinessAt(base *url.URL, auth *TBusinessAuth) (*tbusiness.Client, error) {
	hc, err := f.HTTPClient()
	if err != nil {
		return nil, err
	}
	return f.TBusinessWith(base, auth, hc)
}

// TBusinessWith is the client for one API and token on hc (the secured host's, with the client
// certificate).
func (f *Factory) TBusinessWith(base *url.URL, auth *TBusinessAuth, hc *http.Client) (*tbusiness.Client, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	c := tbusiness.New(tbusiness.Options{Base: base, HTTP: hc, Auth: auth.bearer(), Kind: auth.Kind,
		StateDir: s.StateDir, Profile: s.Profile})
	c.REST().Log = f.debugLog()
	return c, nil
}
