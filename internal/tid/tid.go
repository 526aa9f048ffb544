// Package tid holds the T-ID (T-Bank ID) OAuth 2.0 flow: the authorize URL, the loopback
// listener and the manual paste, the code exchange, refresh, introspection, revocation and
// userinfo. Every call takes URLs and an *http.Client; nothing here knows cobra or viper.
//
// golang.org/x/oauth2 builds the authorize URL and does PKCE, the code exchange and refresh.
// Introspect, revoke and userinfo are not in it, so they are plain form posts here, with the
// same HTTP Basic client authentication.
package tid

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/rest"
)

// DefaultURL is T-ID's production host.
const DefaultURL = "https://id.tbank.ru"

// Client talks to one T-ID for one partner client. Build it with NewClient.
type Client struct {
	Base         *url.URL
	ClientID     string
	ClientSecret string
	RedirectURI  string
	api          *rest.Client
}

// NewClient returns a client for the T-ID at base on the shared HTTP client. Client credentials
// and tokens go to base's origin only; no call is retried, no POST follows a redirect, so
// tokens are accepted only from the configured T-ID.
func NewClient(base *url.URL, clientID, clientSecret, redirectURI string, hc *http.Client) *Client {
	if clientSecret != "" {
		redact.BasicAuth(clientID, clientSecret)
	}
	api := rest.New(base, hc, nil)
	api.MaxBody = maxBody
	api.Keys = redact.OAuthKeys
	return &Client{Base: base, ClientID: clientID, ClientSecret: clientSecret, RedirectURI: redirectURI, api: api}
}

// ParseBaseURL checks a T-ID base URL like any API's: https, or plain http to loopback (the
// sandbox), no user name, query or fragment.
func ParseBaseURL(raw string) (*url.URL, error) {
	return rest.ParseBaseURL(raw, "T-ID", DefaultURL)
}

func (c *Client) endpoint(path string) string { return c.Base.String() + path }

func (c *Client) oauth2Config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURI,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.endpoint("/auth/authorize"),
			TokenURL:  c.endpoint("/auth/token"),
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}
}

// ScopeParameters name the company a T-Business login is for.
type ScopeParameters struct {
	INN string `json:"inn"`
	KPP string `json:"kpp"`
}

// Authorization is one login attempt: its state and, under PKCE, its verifier.
type Authorization struct {
	State    string
	Verifier string // empty without PKCE
	URL      string
}

// NewAuthorization makes a fresh state (32 random bytes) and verifier and the authorize URL:
// client_id, redirect_uri, state, response_type=code, scope_parameters when the INN is known.
func (c *Client) NewAuthorization(sp *ScopeParameters, pkce bool) (*Authorization, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	a := &Authorization{State: base64.RawURLEncoding.EncodeToString(b)}
	var opts []oauth2.AuthCodeOption
	if sp != nil && sp.INN != "" {
		if sp.KPP == "" {
			sp.KPP = "0"
		}
		js, _ := json.Marshal(sp) // compact: {"inn":"…","kpp":"…"}
		opts = append(opts, oauth2.SetAuthURLParam("scope_parameters", string(js)))
	}
	if pkce {
		a.Verifier = oauth2.GenerateVerifier()
		redact.Add(a.Verifier)
		opts = append(opts, oauth2.S256ChallengeOption(a.Verifier))
	}
	a.URL = c.oauth2Config().AuthCodeURL(a.State, opts...)
	return a, nil
}

// Token is what bankctl stores for a profile: never the id_token.
type Token struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Scope        []string  `json:"scope,omitempty"`
	// Introspected: Scope was learnt by introspecting this access token (T-ID's token answer
	// carries none), so T-Business scope checks need not ask again.
	Introspected bool `json:"introspected,omitempty"`
}

// ExpiresWithin reports whether the access token expires within d (or has no known expiry and
// so must be treated as expiring).
func (t *Token) ExpiresWithin(d time.Duration, now time.Time) bool {
	return t.Expiry.IsZero() || !now.Add(d).Before(t.Expiry)
}

func fromOAuth2(t *oauth2.Token) *Token {
	tok := &Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: t.TokenType, Expiry: t.Expiry}
	if s, ok := t.Extra("scope").(string); ok && s != "" {
		tok.Scope = strings.Fields(s)
	}
	redact.Add(tok.AccessToken, tok.RefreshToken)
	if id, ok := t.Extra("id_token").(string); ok {
		redact.Add(id)
	}
	return tok
}

// ctx hands x/oauth2 the guarded client and marks the traffic as OAuth for the --debug log.
func (c *Client) ctx(ctx context.Context) context.Context {
	return context.WithValue(rest.WithKeys(ctx, redact.OAuthKeys), oauth2.HTTPClient, c.api.HTTP)
}

// Exchange trades an authorization code for tokens, sending the byte-identical redirect_uri
// (and the PKCE verifier, when there is one).
func (c *Client) Exchange(ctx context.Context, code, verifier string) (*Token, error) {
	redact.Add(code)
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	t, err := c.oauth2Config().Exchange(c.ctx(ctx), code, opts...)
	if err != nil {
		return nil, tokenError("could not exchange the code", err)
	}
	return fromOAuth2(t), nil
}

// Refresh uses a refresh token once. T-ID rotates it: the answer's refresh token replaces it,
// and if T-ID sends none the old one is kept.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	redact.Add(refreshToken)
	// Expiry in the past makes the token source refresh now, exactly once.
	src := c.oauth2Config().TokenSource(c.ctx(ctx), &oauth2.Token{RefreshToken: refreshToken, Expiry: time.Unix(1, 0)})
	t, err := src.Token()
	if err != nil {
		return nil, tokenError("could not refresh the token", err)
	}
	return fromOAuth2(t), nil
}

// Error is an OAuth error from T-ID: {"error": …, "error_description" or "error_message": …}.
type Error struct {
	Op          string
	Code        string
	Description string
	Status      int
}

func (e *Error) Error() string {
	s := e.Op + ": " + rest.Clip(e.Code)
	if e.Description != "" {
		s += " (" + rest.Clip(e.Description) + ")"
	}
	return redact.String(s)
}

// IsInvalidGrant reports whether err is T-ID's invalid_grant: the user must log in again.
func IsInvalidGrant(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "invalid_grant"
}

type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorMessage     string `json:"error_message"`
}

func parseError(op string, status int, body []byte) *Error {
	var eb errorBody
	json.Unmarshal(body, &eb)
	e := &Error{Op: op, Code: eb.Error, Description: eb.ErrorDescription, Status: status}
	if e.Description == "" {
		e.Description = eb.ErrorMessage
	}
	if e.Code == "" {
		e.Code = fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	}
	return e
}

// tokenError turns x/oauth2's errors into ours, reading T-ID's error_message too.
func tokenError(op string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		return parseError(op, status, re.Body)
	}
	var redirect *rest.RedirectError
	if errors.As(err, &redirect) {
		return fmt.Errorf("%s: %w", op, redirect)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return fmt.Errorf("%s: %w", op, rest.RequestError(u, ue.Err))
		}
	}
	return fmt.Errorf("%s: %s", op, redact.String(err.Error()))
}
