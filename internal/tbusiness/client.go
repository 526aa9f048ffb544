// Package tbusiness is a client for T-Bank's T-Business API (business.tbank.ru/openapi): company,
// accounts, statements streamed page by page into JSON Lines, CSV and 1С, payment-order drafts
// checked before they are sent and journaled so that none is sent twice, and the pacing that
// keeps every bankctl process under the bank's per-method limits.
package tbusiness

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/rest"
)

// DefaultURL is T-Business's production API base.
const DefaultURL = "https://business.tbank.ru/openapi"

// ParseURL checks an API base URL (see rest.ParseBaseURL).
func ParseURL(raw string) (*url.URL, error) {
	return rest.ParseBaseURL(raw, "T-Business", DefaultURL)
}

// TokenKind says where the token came from, which decides the advice after a 401.
type TokenKind string

// Kinds of token.
const (
	FromEnv         TokenKind = "env"    // BANKCTL_TBUSINESS_TOKEN
	FromSelfService TokenKind = "stored" // issued in the web bank, stored by tbusiness login
	FromTID         TokenKind = "tid"    // the profile's T-ID token
)

// Client calls one T-Business API with one token.
type Client struct {
	api  *rest.Client
	Kind TokenKind
	auth func(ctx context.Context) (string, error)
	pace *pacer
}

// Options configure New.
type Options struct {
	Base     *url.URL
	HTTP     *http.Client
	Auth     func(ctx context.Context) (string, error) // "Bearer …", asked for each request
	Kind     TokenKind
	StateDir string // for pacing; "" paces nothing
	Profile  string // for the advice after a 401
}

// New returns a client. Every request carries a fresh X-Request-Id and waits for its method's
// slot (statement 20/s, company and accounts 6/s, create 10/s, status 1/s), shared by every
// bankctl process using the same token. GET and status calls wait out a 429 with backoff, for
// at most a minute in all, and try a 5xx three more times; create is never retried.
func New(o Options) *Client {
	hc := *o.HTTP
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	var rt http.RoundTripper = &requestID{next: next}
	var pace *pacer
	if o.StateDir != "" {
		pace = &pacer{next: rt, root: o.StateDir, origin: rest.Origin(o.Base)}
		rt = pace
	}
	hc.Transport = rt
	api := rest.New(o.Base, &hc, o.Auth)
	api.Retry = rest.Retry{Attempts: 3, Attempts429: 10, MaxWait: 20 * time.Second, Budget: time.Minute}
	api.Errors = func(resp *http.Response, body []byte) error { return responseError(resp, body, o.Kind, o.Profile) }
	api.Private = Personal
	return &Client{api: api, Kind: o.Kind, auth: o.Auth, pace: pace}
}

// REST is the client's REST core, for `bankctl tbusiness api`.
func (c *Client) REST() *rest.Client { return c.api }

// requestID gives every request (and every retry) its own X-Request-Id: T-Business uses it to
// trace, never to deduplicate.
type requestID struct{ next http.RoundTripper }

func (t *requestID) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-Request-Id", uuid.NewString())
	return t.next.RoundTrip(req)
}

// method names a call for pacing: the path's last part.
func method(path string) string {
	switch {
	case strings.HasSuffix(path, "/statement"):
		return "statement"
	case strings.HasSuffix(path, "/company"):
		return "company"
	case strings.Contains(path, "/bank-accounts"):
		return "accounts"
	case strings.HasSuffix(path, "/payment/create"):
		return "create"
	case strings.HasSuffix(path, "/payment/status"):
		return "status"
	case strings.HasSuffix(path, "/invoice/send"):
		return "invoice"
	case strings.Contains(path, "/b2b/qr/"):
		return "qr"
	case strings.HasSuffix(path, "/payment-document"):
		return "document"
	case Personal(path):
		return "individual"
	}
	return "other"
}

// tokenKey names a token in state files without the token: a hash of origin and token.
func tokenKey(origin, authorization string) string {
	sum := sha256.Sum256([]byte(origin + "\n" + authorization))
	return hex.EncodeToString(sum[:12])
}

// Company calls GET /api/v1/company.
func (c *Client) Company(ctx context.Context) ([]byte, error) {
	return c.getJSON(ctx, "api/v1/company")
}

// Accounts calls GET /api/v4/bank-accounts.
func (c *Client) Accounts(ctx context.Context, invest bool) ([]byte, error) {
	path := "api/v4/bank-accounts"
	if invest {
		path += "?withInvest=true"
	}
	return c.getJSON(ctx, path)
}

func (c *Client) getJSON(ctx context.Context, path string) ([]byte, error) {
	body, resp, err := c.api.Call(ctx, &rest.Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return nil, err
	}
	if !jsonscan.Valid(body) {
		return nil, rest.NotJSON(resp, body, "the bank")
	}
	return body, nil
}

// AccountBICs reads an accounts answer: each account's BIC, and the account when there is only one.
func AccountBICs(body []byte) (map[string]string, string, error) {
	var accounts []struct {
		AccountNumber string `json:"accountNumber"`
		BankBik       string `json:"bankBik"`
	}
	if err := json.Unmarshal(body, &accounts); err != nil {
		return nil, "", fmt.Errorf("the accounts answer is not the list the API documents: %w", err)
	}
	m := map[string]string{}
	for _, a := range accounts {
		m[a.AccountNumber] = a.BankBik
	}
	only := ""
	if len(accounts) == 1 {
		only = accounts[0].AccountNumber
	}
	return m, only, nil
}
