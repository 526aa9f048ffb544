package tid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/fsutil"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
)

// RefreshMargin: a token expiring sooner than this is refreshed before use.
const RefreshMargin = time.Minute

// Source is the one place a profile's T-ID tokens are read, refreshed, stored and forgotten.
// Every command that needs an access token (tid token, tid userinfo, the T-Business commands)
// asks Token; status and introspect read Stored, which never spends a refresh.
//
// A refresh runs under a per-profile lock held across read, refresh and store, so concurrent
// bankctl processes refresh once: T-ID rotates the refresh token on every use and kills a token
// refreshed too often.
type Source struct {
	Store   keystore.Store
	Profile string
	LockDir string // the state folder; the lock is <LockDir>/locks/<profile>.tid.lock
	// Client builds the T-ID client (it needs the client secret): asked only for a refresh or an
	// introspection.
	Client func() (*Client, error)
	Now    func() time.Time
}

// Flag is " -p NAME" for the commands an error suggests, "" for the default profile.
func (s *Source) Flag() string { return config.ProfileFlag(s.Profile) }

func (s *Source) key() keystore.Key { return keystore.Key{Profile: s.Profile, Kind: keystore.KindTID} }

func (s *Source) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// ErrNotLoggedIn means no T-ID tokens are stored for the profile.
var ErrNotLoggedIn = errors.New("not logged in to T-ID")

// Stored reads the stored tokens without refreshing them. Nothing stored is an AuthError
// wrapping ErrNotLoggedIn.
func (s *Source) Stored() (*Token, error) {
	raw, err := s.Store.Get(s.key())
	if errors.Is(err, keystore.ErrNotFound) {
		return nil, apperr.Auth(fmt.Errorf("%w%s: run `bankctl%s tid login`", ErrNotLoggedIn, config.ProfileNote(s.Profile), s.Flag()))
	}
	if err != nil {
		return nil, err
	}
	var t Token
	if err := json.Unmarshal([]byte(raw), &t); err != nil || t.AccessToken == "" {
		return nil, apperr.Auth(fmt.Errorf("the stored T-ID tokens are damaged: run `bankctl%s tid login`", s.Flag()))
	}
	redact.Add(t.AccessToken, t.RefreshToken)
	return &t, nil
}

// Save stores a token pair (a login's, or a refresh's under the lock).
func (s *Source) Save(t *Token) error {
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if err := s.Store.Set(s.key(), string(data)); err != nil {
		return fmt.Errorf("could not store the T-ID tokens: %w", err)
	}
	return nil
}

// Forget removes the stored tokens.
func (s *Source) Forget() error { return s.Store.Delete(s.key()) }

// Token returns an access token good for at least RefreshMargin, refreshing it under the
// profile lock when needed. It never opens a browser.
func (s *Source) Token(ctx context.Context) (*Token, error) {
	t, err := s.Stored()
	if err != nil {
		return nil, err
	}
	if !t.ExpiresWithin(RefreshMargin, s.now()) {
		return t, nil
	}
	return s.refresh(ctx, false)
}

// Refresh uses the refresh token now, whatever the access token's expiry.
func (s *Source) Refresh(ctx context.Context) (*Token, error) { return s.refresh(ctx, true) }

// refresh runs under the lock. Unless forced, a token another process refreshed while this one
// waited for the lock is used as it is.
func (s *Source) refresh(ctx context.Context, force bool) (*Token, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := s.Stored()
	if err != nil {
		return nil, err
	}
	if !force && !t.ExpiresWithin(RefreshMargin, s.now()) {
		return t, nil
	}
	if t.RefreshToken == "" {
		return nil, apperr.Auth(fmt.Errorf("the T-ID access token expired and there is no refresh token (the client was registered without one): run `bankctl%s tid login`", s.Flag()))
	}
	c, err := s.Client()
	if err != nil {
		return nil, err
	}
	nt, err := c.Refresh(ctx, t.RefreshToken)
	if IsInvalidGrant(err) {
		return nil, apperr.Auth(fmt.Errorf("%w: run `bankctl%s tid login`", err, s.Flag()))
	}
	if err != nil {
		return nil, err
	}
	if len(nt.Scope) == 0 {
		nt.Scope = t.Scope // granted once per login; the new access token is introspected again
	}
	// The new pair is stored before the access token is used: the old refresh token is spent.
	if err := s.Save(nt); err != nil {
		return nil, err
	}
	return nt, nil
}

// Scopes returns the access token's scopes, learnt by introspection once per access token and
// kept with the token.
func (s *Source) Scopes(ctx context.Context, t *Token) ([]string, error) {
	if t.Introspected {
		return t.Scope, nil
	}
	c, err := s.Client()
	if err != nil {
		return nil, err
	}
	in, err := c.Introspect(ctx, t.AccessToken)
	if err != nil {
		return nil, err
	}
	if !in.Active {
		return nil, apperr.Auth(fmt.Errorf("T-ID says the access token is not active: run `bankctl%s tid login`", s.Flag()))
	}
	t.Scope, t.Introspected = in.Scope, true
	unlock, err := s.lock(ctx)
	if err != nil {
		return t.Scope, nil // the scopes are right; keeping them is only a saving
	}
	defer unlock()
	if cur, err := s.Stored(); err == nil && cur.AccessToken == t.AccessToken {
		cur.Scope, cur.Introspected = t.Scope, true
		s.Save(cur)
	}
	return t.Scope, nil
}

func (s *Source) lock(ctx context.Context) (func(), error) {
	d, err := fsutil.OpenDir(s.LockDir, "locks")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Lock(ctx, s.Profile+".tid.lock", fmt.Sprintf("the T-ID lock of profile %q", s.Profile), 60*time.Second)
}
