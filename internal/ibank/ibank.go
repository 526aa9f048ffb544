// Package ibank is a client for the iBank для Бизнеса (BIFIT) token API:
// https://<bank-host>/api/<path> with Authorization: Bearer <token>.
//
// The API's schema is not public, so bodies are passed through as raw JSON and errors are read
// defensively from whatever the bank or its proxy sends.
package ibank

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/redact"
)

// MaxBody bounds how much of a response bankctl reads into memory.
const MaxBody = 64 << 20

// Client calls one bank's API with one token.
type Client struct {
	base *url.URL
	hc   *http.Client
}

// ParseURL checks an API base URL: absolute, https (plain http only to a loopback host, such as
// the sandbox), no query or fragment. The trailing slash is dropped.
func ParseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("invalid iBank URL %q: use the API address, e.g. https://ibank.bankname.ru/api", raw)
	}
	if u.Scheme == "http" && !loopback.Host(u.Hostname()) {
		return nil, fmt.Errorf("refusing plain http for %s: the token would travel unencrypted; use https", u.Host)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("invalid iBank URL %q: no query, fragment or user name expected", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// New returns a client for the API at base. The token rides on a RoundTripper that adds it only
// to requests for base's scheme and host, so a redirect elsewhere never carries it.
func New(base *url.URL, token string, hc *http.Client) *Client {
	redact.Add(token)
	c := *hc
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = &tokenTransport{next: next, token: token, scheme: base.Scheme, host: base.Host}
	return &Client{base: base, hc: &c}
}

type tokenTransport struct {
	next                http.RoundTripper
	token, scheme, host string
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if req.URL.Scheme == t.scheme && strings.EqualFold(req.URL.Host, t.host) {
		req.Header.Set("Authorization", "Bearer "+t.token)
	} else {
		req.Header.Del("Authorization")
	}
	return t.next.RoundTrip(req)
}

// URL resolves an API path ("client/info", "/client/info") against the base URL. An absolute
// URL is accepted only on the configured host.
func (c *Client) URL(path string) (*url.URL, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, err := url.Parse(path)
		if err != nil {
			return nil, fmt.Errorf("invalid URL %q: %w", path, err)
		}
		if u.Scheme != c.base.Scheme || !strings.EqualFold(u.Host, c.base.Host) {
			return nil, fmt.Errorf("refusing to send the token to %s: it belongs to %s", u.Host, c.base.Host)
		}
		return u, nil
	}
	rel, err := url.Parse(strings.TrimLeft(path, "/"))
	if err != nil || rel.Scheme != "" || rel.Host != "" {
		return nil, fmt.Errorf("invalid API path %q", path)
	}
	u := *c.base
	u.Path = c.base.Path + "/" + rel.Path
	u.RawQuery = rel.RawQuery
	return &u, nil
}

// Base is the API base URL.
func (c *Client) Base() *url.URL { return c.base }

// Do sends a request to an API path and returns the response as it came, whatever its status;
// CheckResponse turns an error status into an error.
func (c *Client) Do(ctx context.Context, method, path string, header http.Header, body io.Reader) (*http.Response, error) {
	u, err := c.URL(path)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, requestError(u, err)
	}
	return resp, nil
}

// ClientInfo calls GET client/info and returns the body as the bank sent it.
func (c *Client) ClientInfo(ctx context.Context) ([]byte, error) {
	return c.GetJSON(ctx, "client/info")
}

// GetJSON calls GET path and returns the body after checking the status.
func (c *Client) GetJSON(ctx context.Context, path string) ([]byte, error) {
	resp, err := c.Do(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := CheckResponse(resp); err != nil {
		return nil, err
	}
	body, err := ReadBody(resp)
	if err != nil {
		return nil, err
	}
	if !json.Valid(body) {
		return nil, notJSON(resp, body)
	}
	return body, nil
}

// ReadBody reads a whole answer, up to MaxBody.
func ReadBody(resp *http.Response) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("the answer from %s broke off: %s", resp.Request.URL.Host, redact.String(err.Error()))
	}
	if len(body) > MaxBody {
		return nil, fmt.Errorf("the answer from %s is larger than %d MiB: refusing to read it all", resp.Request.URL.Host, MaxBody>>20)
	}
	return body, nil
}

// notJSON explains a 2xx answer that is not JSON: often a proxy's or captive portal's page.
func notJSON(resp *http.Response, body []byte) error {
	var what string
	if msg := ErrorMessage(resp.Header.Get("Content-Type"), body); strings.HasPrefix(msg, "an HTML page") {
		what = "the bank sent " + msg + " instead of JSON: check the API URL"
	} else if !strings.HasPrefix(strings.TrimSpace(string(body)), "{") && !strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		what = "the answer is not JSON"
	} else {
		what = "the answer is not valid JSON (cut short or damaged)"
	}
	return fmt.Errorf("%s %s: %s", resp.Request.Method, resp.Request.URL.Redacted(), what)
}
