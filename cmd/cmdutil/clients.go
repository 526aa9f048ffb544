package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/tid"
)

// SourceEnv says a secret came from the environment (the stores name their own sources).
const SourceEnv = "env"

// IBankToken finds the profile's iBank token: BANKCTL_IBANK_TOKEN beats the store. source is
// "env", "keyring" or "file".
func (f *Factory) IBankToken() (token, source string, err error) {
	s, err := f.Settings()
	if err != nil {
		return "", "", err
	}
	if v := f.Secret("ibank.token"); v != "" {
		redact.Add(v)
		return v, SourceEnv, nil
	}
	store, err := f.Keystore()
	if err != nil {
		return "", "", err
	}
	token, source, err = keystore.GetWithSource(store, keystore.Key{Profile: s.Profile, Kind: keystore.KindIBank})
	if errors.Is(err, keystore.ErrNotFound) {
		return "", "", apperr.Auth(fmt.Errorf("not logged in to iBank%s: run `bankctl%s login`", config.ProfileNote(s.Profile), config.ProfileFlag(s.Profile)))
	}
	if err != nil {
		return "", "", err
	}
	redact.Add(token)
	return token, source, nil
}

// IBank builds the profile's iBank client with its stored or environment token.
func (f *Factory) IBank() (*rest.Client, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	if s.IBankURL == "" {
		return nil, apperr.Auth(fmt.Errorf("no iBank URL%s: run `bankctl%s login --url https://ibank.bankname.ru/api` or set BANKCTL_IBANK_URL", config.ProfileNote(s.Profile), config.ProfileFlag(s.Profile)))
	}
	base, err := ibank.ParseURL(s.IBankURL)
	if err != nil {
		return nil, err
	}
	token, source, err := f.IBankToken()
	if err != nil {
		return nil, err
	}
	return f.IBankAt(base, token, source == SourceEnv)
}

// IBankAt is the iBank client for one bank and token, on the shared HTTP client.
func (f *Factory) IBankAt(base *url.URL, token string, fromEnv bool) (*rest.Client, error) {
	hc, err := f.HTTPClient()
	if err != nil {
		return nil, err
	}
	c := ibank.New(base, token, ibank.FromEnv(fromEnv), hc)
	c.Log = f.debugLog()
	return c, nil
}

// debugLog is where retry notes go: the --debug log, or nowhere.
func (f *Factory) debugLog() interface{ Write([]byte) (int, error) } {
	if s, err := f.Settings(); err == nil && s.Debug {
		return f.IO.ErrOut
	}
	return nil
}

// TIDClientSecret finds the client secret: BANKCTL_TID_CLIENT_SECRET, then the store, then (only
// when mayPrompt and a person is there) a hidden prompt. prompted is true when it was asked for,
// and should be stored once it proves right.
func (f *Factory) TIDClientSecret(ctx context.Context, mayPrompt bool) (secret string, prompted bool, err error) {
	s, err := f.Settings()
	if err != nil {
		return "", false, err
	}
	if v := f.Secret("tid.client_secret"); v != "" {
		redact.Add(v)
		return v, false, nil
	}
	store, err := f.Keystore()
	if err != nil {
		return "", false, err
	}
	v, err := store.Get(keystore.Key{Profile: s.Profile, Kind: keystore.KindTIDClientSecret})
	switch {
	case err == nil:
		redact.Add(v)
		return v, false, nil
	case !errors.Is(err, keystore.ErrNotFound):
		return "", false, err
	case !mayPrompt || !f.IO.CanPrompt():
		return "", false, apperr.Auth(fmt.Errorf("no T-ID client secret%s: set BANKCTL_TID_CLIENT_SECRET, or run `bankctl%s tid login` on a terminal to be asked for it", config.ProfileNote(s.Profile), config.ProfileFlag(s.Profile)))
	}
	v, err = ReadSecret(ctx, f.IO, SecretInput{Prompt: "T-ID client secret (input is hidden): ", Empty: "the client secret is empty"})
	if err != nil {
		return "", false, err
	}
	return v, true, nil
}

// TIDClient builds a T-ID client for clientID and redirectURI, with the client secret.
func (f *Factory) TIDClient(ctx context.Context, clientID, redirectURI string, mayPrompt bool) (c *tid.Client, prompted bool, err error) {
	s, err := f.Settings()
	if err != nil {
		return nil, false, err
	}
	base, err := tid.ParseBaseURL(s.TID.URL)
	if err != nil {
		return nil, false, UsageErr(err)
	}
	if clientID == "" {
		return nil, false, apperr.Auth(fmt.Errorf("no T-ID client_id%s: pass --client-id, set BANKCTL_TID_CLIENT_ID, or `bankctl config set tid.client_id ID`", config.ProfileNote(s.Profile)))
	}
	hc, err := f.HTTPClient()
	if err != nil {
		return nil, false, err
	}
	secret, prompted, err := f.TIDClientSecret(ctx, mayPrompt)
	if err != nil {
		return nil, false, err
	}
	return tid.NewClient(base, clientID, secret, redirectURI, hc), prompted, nil
}

// TIDSource is the profile's T-ID token source: load, lock, refresh, store.
func (f *Factory) TIDSource() (*tid.Source, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	store, err := f.Keystore()
	if err != nil {
		return nil, err
	}
	return &tid.Source{
		Store: store, Profile: s.Profile, LockDir: s.StateDir,
		Client: func() (*tid.Client, error) {
			c, _, err := f.TIDClient(context.Background(), s.TID.ClientID, s.TID.RedirectURI, false)
			return c, err
		},
	}, nil
}
