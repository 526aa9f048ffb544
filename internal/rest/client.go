package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bankctl/bankctl/internal/redact"
)

// DefaultMaxBody bounds how much of an answer is read into memory.
const DefaultMaxBody = 64 << 20

// Client calls one API at one base URL with one credential.
type Client struct {
	Base    *url.URL
	HTTP    *http.Client // guarded: the credential goes to Base's origin only
	MaxBody int64
	Retry   Retry
	Keys    redact.Keys // which fields are secret in this API's traffic
	// Errors turns a non-2xx answer into an error; nil means DefaultError with no hints.
	Errors func(resp *http.Response, body []byte) error
	// Log gets a line for each retry (the --debug log), or nil.
	Log io.Writer
	// Private says which paths answer with personal data, logged by size only (nil: none).
	Private func(path string) bool
}

// New returns a client for the API at base on the shared hc; auth (nil for none) gives the
// Authorization value, asked for each request so a token can be refreshed in between.
func New(base *url.URL, hc *http.Client, auth func(ctx context.Context) (string, error)) *Client {
	return &Client{Base: base, HTTP: Guard(hc, base, auth), MaxBody: DefaultMaxBody}
}

// Request is one call. Body is bytes, so a retry can send it again.
type Request struct {
	Method string
	Path   string // relative to Base, or an absolute URL at Base's origin
	Header http.Header
	Body   []byte
	// Idempotent lets a POST be retried (as T-Business payment/status is); GET and HEAD always are.
	Idempotent bool
}

// Retry is a caller's retry policy: which answers are tried again, how often, and for how long.
type Retry struct {
	Attempts int // tries after the first for a 5xx; 0: never retried
	// Attempts429 are the tries after the first for a 429; 0: as Attempts.
	Attempts429 int
	MaxWait     time.Duration // a single wait longer than this (a long Retry-After) ends the retries
	Budget      time.Duration // all waits of one request together; 0: no limit but the attempts
}

// attempts is how many tries after the first a status gets: 0 for one not worth another try.
func (p Retry) attempts(status int) int {
	switch {
	case status == http.StatusTooManyRequests && p.Attempts429 > 0:
		return p.Attempts429
	case Retryable(status):
		return p.Attempts
	}
	return 0
}

// Do sends the request and returns the answer whatever its status; a retryable answer to an
// idempotent request is tried again as the policy says. The caller closes the body.
//
// A request that is not idempotent is sent at most once by every layer: its body is handed to
// the transport as a stream it cannot rewind (no GetBody), so Go's transport cannot replay it
// after an HTTP/2 stream reset, a GOAWAY or a dead keep-alive connection. When it fails before
// any connection was made (DNS, connect, TLS handshake, or cancelled first), the error is
// NotSent: no byte of it can have reached the server.
func (c *Client) Do(ctx context.Context, r *Request) (*http.Response, error) {
	u, err := Resolve(c.Base, r.Path)
	if err != nil {
		return nil, err
	}
	ctx = WithKeys(ctx, c.Keys)
	if c.Private != nil && c.Private(u.Path) {
		ctx = Private(ctx)
	}
	if r.Body != nil {
		ctx = context.WithValue(ctx, sentBodyKey{}, r.Body) // what --debug shows: the bytes sent
	}
	replayable := r.idempotent()
	if replayable {
		ctx = ReplayOK(ctx)
	}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, &NotSentError{err}
		}
		var connected atomic.Bool
		tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }})
		req, err := http.NewRequestWithContext(tctx, r.Method, u.String(), nil)
		if err != nil {
			return nil, err
		}
		if r.Body != nil {
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(r.Body)), int64(len(r.Body))
			if len(r.Body) == 0 {
				req.Body = http.NoBody
			}
			if replayable {
				req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(r.Body)), nil }
			}
		}
		for k, vs := range r.Header {
			req.Header[k] = append([]string(nil), vs...)
		}
		if req.Header.Get("Accept") == "" {
			req.Header.Set("Accept", "application/json")
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			err = RequestError(u, err)
			if !connected.Load() {
				err = &NotSentError{err}
			}
			return nil, err
		}
		if loc := resp.Header.Get("Location"); loc != "" && (resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect) && !replayable {
			// Go hands back a 307 or 308 whose body it could not send again: say why, as
			// checkRedirect does for the others.
			resp.Body.Close()
			to, perr := u.Parse(loc)
			if perr != nil {
				to = &url.URL{Path: "(an unreadable address)"}
			}
			return nil, &RedirectError{r.Method, Origin(u), shown(to), "only GET requests follow redirects, so a request body is never sent twice"}
		}
		wait, again := c.retryWait(r, resp, attempt, waited)
		if !again {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if c.Log != nil {
			fmt.Fprintf(c.Log, "* %s: retrying in %s (attempt %d of %d)\n", resp.Status, wait.Round(time.Millisecond), attempt+2, c.Retry.attempts(resp.StatusCode)+1)
		}
		waited += wait
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// idempotent requests may be sent again: GET and HEAD, and a POST its caller says changes
// nothing (T-Business payment/status).
func (r *Request) idempotent() bool {
	return r.Idempotent || r.Method == http.MethodGet || r.Method == http.MethodHead
}

// NotSentError is a request that failed before any connection carried it: no byte of it can
// have reached the server, so sending it again cannot make a second of anything.
type NotSentError struct{ Err error }

func (e *NotSentError) Error() string { return e.Err.Error() }
func (e *NotSentError) Unwrap() error { return e.Err }

// NotSent reports whether err says the request never left (NotSentError).
func NotSent(err error) bool {
	var ns *NotSentError
	return errors.As(err, &ns)
}

type sentBodyKey struct{}

// retryWait says whether to try again, and after how long.
func (c *Client) retryWait(r *Request, resp *http.Response, attempt int, waited time.Duration) (time.Duration, bool) {
	p := c.Retry
	if !r.idempotent() || attempt >= p.attempts(resp.StatusCode) {
		return 0, false
	}
	wait, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if !ok {
		wait = Backoff(attempt)
	}
	if p.MaxWait > 0 && wait > p.MaxWait || p.Budget > 0 && waited+wait > p.Budget {
		return 0, false // the server asks for longer than a command should hang: report it now
	}
	return wait, true
}

// Retryable is the default: 429 and 5xx but 501 Not Implemented.
func Retryable(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)
}

// RetryAfter parses Retry-After as seconds or an HTTP date.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Backoff is 0.5s, 1s, 2s… with up to 25% jitter, so many scripts hitting a busy bank spread out.
func Backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt, 10)
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

// Call sends the request and returns the whole body of a 2xx answer; any other status becomes
// the client's error.
func (c *Client) Call(ctx context.Context, r *Request) ([]byte, *http.Response, error) {
	resp, err := c.Do(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := c.ReadBody(resp)
	if err != nil {
		return nil, resp, err
	}
	if err := c.Check(resp, body); err != nil {
		return body, resp, err
	}
	return body, resp, nil
}

// Check returns nil for a 2xx answer, else the client's error for it.
func (c *Client) Check(resp *http.Response, body []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	if c.Errors != nil {
		return c.Errors(resp, body)
	}
	return DefaultError(resp, body, nil)
}

// ReadBody reads a whole answer, up to MaxBody.
func (c *Client) ReadBody(resp *http.Response) ([]byte, error) {
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	return ReadBody(resp, limit)
}

// ReadBody reads a whole answer, up to limit bytes.
func ReadBody(resp *http.Response, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("the answer from %s broke off: %s", resp.Request.URL.Host, redact.String(unwrapURLError(err).Error()))
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("the answer from %s is larger than %s: refusing to read it all", resp.Request.URL.Host, size(limit))
	}
	return body, nil
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
