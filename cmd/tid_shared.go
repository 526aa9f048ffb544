package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/tid"
)

const envTIDClientSecret = "BANKCTL_TID_CLIENT_SECRET"

// refreshMargin: a token expiring sooner than this is refreshed before use.
const refreshMargin = time.Minute

// tidSecret finds the client secret: environment, then keyring. fromPrompt is true when it had
// to be asked for (and should be stored once it proves right).
func tidSecret(f *Factory, profile string, mayPrompt bool) (secret string, fromPrompt bool, err error) {
	if v := strings.TrimSpace(f.Getenv(envTIDClientSecret)); v != "" {
		redact.Add(v)
		return v, false, nil
	}
	store, err := f.Keystore()
	if err != nil {
		return "", false, err
	}
	v, err := store.Get(keystore.Key{Profile: profile, Kind: keystore.KindTIDClientSecret})
	if err == nil {
		redact.Add(v)
		return v, false, nil
	}
	var unavailable *keystore.UnavailableError
	if errors.As(err, &unavailable) || !errors.Is(err, keystore.ErrNotFound) {
		return "", false, err
	}
	if !mayPrompt || !f.IO.CanPrompt() {
		return "", false, apperr.Auth(fmt.Errorf("no T-ID client secret%s: set %s, or run `bankctl%s tid login` on a terminal to be asked for it", profileNote(profile), envTIDClientSecret, profileFlag(profile)))
	}
	v, err = f.IO.Prompt("T-ID client secret (input is hidden): ", true)
	if err != nil {
		return "", false, err
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", false, usagef("the client secret is empty")
	}
	redact.Add(v)
	return v, true, nil
}

// tidClient builds a T-ID client from the settings (client secret included when needSecret).
func tidClient(f *Factory, s *Settings, clientID, redirectURI string, needSecret, mayPrompt bool) (*tid.Client, bool, error) {
	base, err := tid.ParseBaseURL(s.TID.URL)
	if err != nil {
		return nil, false, usageErr(err)
	}
	if clientID == "" {
		return nil, false, apperr.Auth(fmt.Errorf("no T-ID client_id%s: pass --client-id, set BANKCTL_TID_CLIENT_ID, or `bankctl config set tid.client_id ID`", profileNote(s.Profile)))
	}
	hc, err := f.HTTPClient()
	if err != nil {
		return nil, false, err
	}
	c := &tid.Client{Base: base, ClientID: clientID, RedirectURI: redirectURI, HTTP: hc}
	prompted := false
	if needSecret {
		if c.ClientSecret, prompted, err = tidSecret(f, s.Profile, mayPrompt); err != nil {
			return nil, false, err
		}
	}
	return c, prompted, nil
}

func tidKey(profile string) keystore.Key {
	return keystore.Key{Profile: profile, Kind: keystore.KindTID}
}

// loadTIDToken reads the profile's stored T-ID tokens.
func loadTIDToken(f *Factory, profile string) (*tid.Token, error) {
	store, err := f.Keystore()
	if err != nil {
		return nil, err
	}
	raw, err := store.Get(tidKey(profile))
	if errors.Is(err, keystore.ErrNotFound) {
		return nil, apperr.Auth(fmt.Errorf("not logged in to T-ID%s: run `bankctl%s tid login`", profileNote(profile), profileFlag(profile)))
	}
	if err != nil {
		return nil, err
	}
	var t tid.Token
	if err := json.Unmarshal([]byte(raw), &t); err != nil || t.AccessToken == "" {
		return nil, apperr.Auth(fmt.Errorf("the stored T-ID tokens are damaged: run `bankctl%s tid login`", profileFlag(profile)))
	}
	redact.Add(t.AccessToken, t.RefreshToken)
	return &t, nil
}

func saveTIDToken(f *Factory, profile string, t *tid.Token) error {
	store, err := f.Keystore()
	if err != nil {
		return err
	}
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if err := store.Set(tidKey(profile), string(data)); err != nil {
		return fmt.Errorf("could not store the T-ID tokens: %w", err)
	}
	return nil
}

// lockProfile takes the per-profile lock that serialises read–refresh–store across bankctl
// processes, so that a refresh token (which T-ID rotates, and kills when used too often) is
// spent exactly once.
func lockProfile(ctx context.Context, f *Factory, profile string) (func(), error) {
	path, err := f.secretsPath()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(filepath.Dir(path), "locks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("could not create the lock folder: %w", err)
	}
	l := flock.New(filepath.Join(dir, profile+".tid.lock"))
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 25*time.Millisecond)
	if err != nil || !ok {
		return nil, fmt.Errorf("could not take the T-ID lock for profile %q (another bankctl is refreshing?): %v", profile, err)
	}
	return func() { l.Unlock() }, nil
}

// validTIDToken returns an access token good for at least a minute, refreshing it under the
// profile lock when needed. It never opens a browser.
func validTIDToken(ctx context.Context, f *Factory, s *Settings) (*tid.Token, error) {
	t, err := loadTIDToken(f, s.Profile)
	if err != nil {
		return nil, err
	}
	if !t.ExpiresWithin(refreshMargin, time.Now()) {
		return t, nil
	}
	return refreshTIDToken(ctx, f, s, false)
}

// refreshTIDToken refreshes under the lock. Unless forced, a token another process refreshed
// while this one waited for the lock is used as it is.
func refreshTIDToken(ctx context.Context, f *Factory, s *Settings, force bool) (*tid.Token, error) {
	unlock, err := lockProfile(ctx, f, s.Profile)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := loadTIDToken(f, s.Profile)
	if err != nil {
		return nil, err
	}
	if !force && !t.ExpiresWithin(refreshMargin, time.Now()) {
		return t, nil
	}
	if t.RefreshToken == "" {
		return nil, apperr.Auth(fmt.Errorf("the T-ID access token expired and there is no refresh token (the client was registered without one): run `bankctl%s tid login`", profileFlag(s.Profile)))
	}
	c, _, err := tidClient(f, s, s.TID.ClientID, s.TID.RedirectURI, true, false)
	if err != nil {
		return nil, err
	}
	nt, err := c.Refresh(ctx, t.RefreshToken)
	if tid.IsInvalidGrant(err) {
		return nil, apperr.Auth(fmt.Errorf("%w: run `bankctl%s tid login`", err, profileFlag(s.Profile)))
	}
	if err != nil {
		return nil, err
	}
	if len(nt.Scope) == 0 {
		nt.Scope = t.Scope
	}
	// The new pair is stored before the access token is used: the old refresh token is spent.
	if err := saveTIDToken(f, s.Profile, nt); err != nil {
		return nil, err
	}
	return nt, nil
}
