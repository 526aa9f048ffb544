package httpx

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryTransport tries GET and HEAD again after 429 and 5xx, waiting as Retry-After asks or with
// exponential backoff. Other methods are never repeated: a payment must not be sent twice.
type retryTransport struct {
	next    http.RoundTripper
	retries int
	maxWait time.Duration
	debug   io.Writer
}

const defaultMaxWait = 20 * time.Second

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return t.next.RoundTrip(req)
	}
	maxWait := t.maxWait
	if maxWait <= 0 {
		maxWait = defaultMaxWait
	}
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		if err != nil || !retryable(resp.StatusCode) || attempt >= t.retries {
			return resp, err
		}
		wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		if !ok {
			wait = backoff(attempt)
		}
		if wait > maxWait {
			// The server asks for longer than a command should hang: report it now.
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if t.debug != nil {
			fmt.Fprintf(t.debug, "* %s: retrying in %s (attempt %d of %d)\n", resp.Status, wait.Round(time.Millisecond), attempt+2, t.retries+1)
		}
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// backoff is 0.5s, 1s, 2s… with up to 25% jitter, so many scripts hitting a busy bank spread out.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << attempt
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}
