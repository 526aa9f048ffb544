package tid

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/rest"
)

const maxBody = 1 << 20

// post sends a form with HTTP Basic client authentication (bearer, when given, instead).
func (c *Client) post(ctx context.Context, op, path string, form url.Values, bearer string) ([]byte, error) {
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	if bearer != "" {
		h.Set("Authorization", "Bearer "+bearer)
	} else {
		// As x/oauth2 does for the token endpoint (RFC 6749 §2.3.1).
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(c.ClientID)+":"+url.QueryEscape(c.ClientSecret))))
	}
	resp, err := c.api.Do(ctx, &rest.Request{Method: http.MethodPost, Path: path, Header: h, Body: []byte(form.Encode())})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	body, err := c.api.ReadBody(resp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, parseError(op, resp.StatusCode, body)
	}
	return body, nil
}

// Introspection is T-ID's (RFC 7662) answer about a token.
type Introspection struct {
	Active    bool     `json:"active"`
	Scope     []string `json:"-"`
	ClientID  string   `json:"client_id,omitempty"`
	TokenType string   `json:"token_type,omitempty"`
	Exp       int64    `json:"exp,omitempty"`
	Iat       int64    `json:"iat,omitempty"`
	Sub       string   `json:"sub,omitempty"`
	Aud       []string `json:"-"`
	Iss       string   `json:"iss,omitempty"`
	Raw       []byte   `json:"-"`
}

// Expiry is the token's expiry, or zero.
func (i *Introspection) Expiry() time.Time {
	if i.Exp == 0 {
		return time.Time{}
	}
	return time.Unix(i.Exp, 0)
}

// Issued is when the token was issued, or zero.
func (i *Introspection) Issued() time.Time {
	if i.Iat == 0 {
		return time.Time{}
	}
	return time.Unix(i.Iat, 0)
}

// ParseIntrospection reads an introspection answer: scope as T-ID's JSON array or RFC 7662's
// space-separated string, aud as an array or a string, exp and iat as numbers.
func ParseIntrospection(body []byte) (*Introspection, error) {
	var raw struct {
		Introspection
		Scope json.RawMessage `json:"scope"`
		Aud   json.RawMessage `json:"aud"`
		Exp   json.Number     `json:"exp"`
		Iat   json.Number     `json:"iat"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("T-ID's introspection answer is not valid JSON: %w", err)
	}
	in := raw.Introspection
	in.Raw = body
	in.Scope = stringList(raw.Scope, true)
	in.Aud = stringList(raw.Aud, false)
	in.Exp, _ = raw.Exp.Int64()
	in.Iat, _ = raw.Iat.Int64()
	if in.Exp == 0 {
		if f, err := raw.Exp.Float64(); err == nil {
			in.Exp = int64(f)
		}
	}
	return &in, nil
}

func stringList(raw json.RawMessage, splitSpaces bool) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		if splitSpaces {
			return strings.Fields(s)
		}
		return []string{s}
	}
	return nil
}

// Introspect asks T-ID about a token.
func (c *Client) Introspect(ctx context.Context, token string) (*Introspection, error) {
	redact.Add(token)
	body, err := c.post(ctx, "could not introspect the token", "/auth/introspect", url.Values{"token": {token}}, "")
	if err != nil {
		return nil, err
	}
	return ParseIntrospection(body)
}

// Revoke ends a token; revoking the refresh token ends the whole authorization.
func (c *Client) Revoke(ctx context.Context, token, hint string) error {
	redact.Add(token)
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	_, err := c.post(ctx, "could not revoke the token", "/auth/revoke", form, "")
	return err
}

// UserInfo returns what T-ID knows of the user, as it sent it. T-ID wants the client
// credentials in the form body here, beside the bearer token.
func (c *Client) UserInfo(ctx context.Context, accessToken string) ([]byte, error) {
	redact.Add(accessToken)
	form := url.Values{"client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}
	return c.post(ctx, "could not get the user's info", "/userinfo/userinfo", form, accessToken)
}
