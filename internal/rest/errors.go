package rest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"syscall"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/redact"
)

// StatusError is an error status from an API, with what its body said.
type StatusError struct {
	Status  int
	Method  string
	URL     string
	Message string // from a JSON body, or a summary of an HTML page
	Hint    string // what the status means for this API and what to do; empty: the status alone
}

func (e *StatusError) Error() string {
	s := e.Hint
	if s == "" {
		s = fmt.Sprintf("the bank answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.URL)
	}
	if e.Message != "" {
		s += " (bank says: " + e.Message + ")"
	}
	return redact.String(s)
}

// DefaultError describes a non-2xx answer: hint (may be nil) says what the status means, and
// 401 and 403 are typed for exit codes 4 and 5.
func DefaultError(resp *http.Response, body []byte, hint func(e *StatusError) string) error {
	e := &StatusError{
		Status:  resp.StatusCode,
		Method:  resp.Request.Method,
		URL:     resp.Request.URL.Redacted(),
		Message: ErrorMessage(resp.Header.Get("Content-Type"), body),
	}
	if hint != nil {
		e.Hint = hint(e)
	}
	return Typed(resp.StatusCode, e)
}

// Typed wraps err for its exit code: 401 needs a login (4), 403 is a refusal (5).
func Typed(status int, err error) error {
	switch status {
	case http.StatusUnauthorized:
		return apperr.Auth(err)
	case http.StatusForbidden:
		return apperr.Forbidden(err)
	}
	return err
}

var (
	titleRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`) })
	h1Re    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`) })
	tagRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<[^>]*>`) })
	spaceRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
)

// ErrorMessage extracts a short message from an error body: a JSON body's message fields, or an
// HTML page's title, never the page itself.
func ErrorMessage(contentType string, body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return ""
	}
	var obj map[string]any
	if json.Unmarshal(body, &obj) == nil {
		var parts []string
		for _, k := range []string{"message", "errorMessage", "error_message", "error_description", "error", "code", "errorCode"} {
			if s, ok := obj[k].(string); ok && s != "" {
				parts = append(parts, s)
			}
			if len(parts) == 2 {
				break
			}
		}
		return Clip(strings.Join(parts, ": "))
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(trimmed, "<") {
		for _, re := range []*regexp.Regexp{titleRe(), h1Re()} {
			if m := re.FindStringSubmatch(trimmed); m != nil {
				if t := cleanHTML(m[1]); t != "" {
					return "an HTML page: " + Clip(t)
				}
			}
		}
		return "an HTML page"
	}
	return Clip(spaceRe().ReplaceAllString(trimmed, " "))
}

func cleanHTML(s string) string {
	return strings.TrimSpace(spaceRe().ReplaceAllString(html.UnescapeString(tagRe().ReplaceAllString(s, " ")), " "))
}

// Clip keeps a server's text to one line of 200 characters: line breaks and runs of white
// space become one space, so the text cannot start a line of its own in an error message.
func Clip(s string) string {
	if len(s) > 4096 {
		s = s[:4096]
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// NotJSON explains a 2xx answer that is not JSON: often a proxy's or captive portal's page.
func NotJSON(resp *http.Response, body []byte, what string) error {
	var why string
	trimmed := strings.TrimSpace(string(body))
	if msg := ErrorMessage(resp.Header.Get("Content-Type"), body); strings.HasPrefix(msg, "an HTML page") {
		why = fmt.Sprintf("%s sent %s instead of JSON: check the API URL", what, msg)
	} else if !strings.HasPrefix(trimmed, "{") && !strings.HasPrefix(trimmed, "[") {
		why = "the answer is not JSON"
	} else {
		why = "the answer is not valid JSON (cut short or damaged)"
	}
	return fmt.Errorf("%s %s: %s", resp.Request.Method, resp.Request.URL.Redacted(), why)
}

// RequestError explains a failure to get any answer.
func RequestError(u *url.URL, err error) error {
	host := u.Host
	var dnsErr *net.DNSError
	var redirect *RedirectError
	var refused *CertRefusedError
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &redirect):
		return redirect
	case errors.As(err, &refused):
		return refused
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("no answer from %s in time: raise --timeout if the server is slow", host)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("could not find host %s: check the API URL", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("could not connect to %s: connection refused", host)
	}
	var cause error = err
	if e := unwrapURLError(err); e != nil {
		cause = e
	}
	if msg := cause.Error(); strings.Contains(msg, "x509: ") || strings.Contains(msg, "tls: ") {
		return fmt.Errorf("TLS failed with %s: %s (if the bank uses the Russian Trusted Root CA, pass it with --ca-file)", host, Clip(tlsCause(msg)))
	}
	return fmt.Errorf("request to %s failed: %s", host, redact.String(cause.Error()))
}

func tlsCause(s string) string {
	if i := strings.Index(s, "x509: "); i >= 0 {
		return s[i:]
	}
	if i := strings.Index(s, "tls: "); i >= 0 {
		return s[i:]
	}
	return s
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
