// Package ibank is a client for the iBank для Бизнеса (BIFIT) token API:
// https://<bank-host>/api/<path> with Authorization: Bearer <token>, on the rest core.
//
// The API's schema is not public, so bodies are passed through as raw JSON and errors are read
// defensively from whatever the bank or its proxy sends.
package ibank

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/rest"
)

// MaxBody bounds how much of a response bankctl reads into memory.
const MaxBody = rest.DefaultMaxBody

// ParseURL checks an API base URL (see rest.ParseBaseURL).
func ParseURL(raw string) (*url.URL, error) {
	return rest.ParseBaseURL(raw, "iBank", "https://ibank.bankname.ru/api")
}

// FromEnv says the token came from BANKCTL_IBANK_TOKEN, which changes the advice after a 401.
type FromEnv bool

// New returns a client for the API at base with token. GET requests are tried again up to
// three times on 429 and 5xx, honouring Retry-After; nothing else ever is.
func New(base *url.URL, token string, fromEnv FromEnv, hc *http.Client) *rest.Client {
	redact.Add(token)
	c := rest.New(base, hc, func(context.Context) (string, error) { return "Bearer " + token, nil })
	c.Retry = rest.Retry{Attempts: 3, MaxWait: 20 * time.Second}
	c.Errors = func(resp *http.Response, body []byte) error { return rest.DefaultError(resp, body, hints(fromEnv)) }
	return c
}

// hints says what an iBank status means and what to do.
func hints(fromEnv FromEnv) func(e *rest.StatusError) string {
	return func(e *rest.StatusError) string {
		switch e.Status {
		case http.StatusUnauthorized:
			if fromEnv {
				return "the token is invalid, expired or deleted: issue a new one in Настройки → Интеграция and replace BANKCTL_IBANK_TOKEN"
			}
			return "the token is invalid, expired or deleted: issue a new one in Настройки → Интеграция, then `bankctl login`"
		case http.StatusForbidden:
			return "refused: the token may be limited to other IP addresses, or its owner lacks the right"
		case http.StatusNotFound:
			return fmt.Sprintf("no such endpoint: check the API URL (%s %s)", e.Method, e.URL)
		}
		return ""
	}
}

// ClientInfo calls GET client/info and returns the body as the bank sent it.
func ClientInfo(ctx context.Context, c *rest.Client) ([]byte, error) {
	body, resp, err := c.Call(ctx, &rest.Request{Method: http.MethodGet, Path: "client/info"})
	if err != nil {
		return nil, err
	}
	if !json.Valid(body) {
		return nil, rest.NotJSON(resp, body, "the bank")
	}
	return body, nil
}
