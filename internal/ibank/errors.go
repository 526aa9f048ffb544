package ibank

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
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

// StatusError is an error status from the bank, with what its body said.
type StatusError struct {
	Status  int
	Method  string
	URL     string
	Message string // from a JSON body, or a summary of an HTML page
}

func (e *StatusError) Error() string {
	var s string
	switch e.Status {
	case http.StatusUnauthorized:
		s = "the token is invalid, expired or deleted: issue a new one in Настройки → Интеграция, then `bankctl login`"
	case http.StatusForbidden:
		s = "refused: the token may be limited to other IP addresses, or its owner lacks the right"
	case http.StatusNotFound:
		s = fmt.Sprintf("no such endpoint: check the API URL (%s %s)", e.Method, e.URL)
	default:
		s = fmt.Sprintf("the bank answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.URL)
	}
	if e.Message != "" {
		s += " (bank says: " + e.Message + ")"
	}
	return redact.String(s)
}

// CheckResponse returns nil for a 2xx status, else a StatusError, typed for its exit code.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	return ResponseError(resp, body)
}

// ResponseError is CheckResponse for a body already read; nil for a 2xx status.
func ResponseError(resp *http.Response, body []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &StatusError{
		Status:  resp.StatusCode,
		Method:  resp.Request.Method,
		URL:     resp.Request.URL.Redacted(),
		Message: ErrorMessage(resp.Header.Get("Content-Type"), body),
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return apperr.Auth(e)
	case http.StatusForbidden:
		return apperr.Forbidden(e)
	}
	return e
}

var (
	titleRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`) })
	h1Re    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`) })
	tagRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<[^>]*>`) })
	spaceRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
)

// ErrorMessage extracts a short message from an error body: a JSON body's message field, or an
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
		return clip(strings.Join(parts, ": "))
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(trimmed, "<") {
		for _, re := range []*regexp.Regexp{titleRe(), h1Re()} {
			if m := re.FindStringSubmatch(trimmed); m != nil {
				if t := cleanHTML(m[1]); t != "" {
					return "an HTML page: " + clip(t)
				}
			}
		}
		return "an HTML page"
	}
	return clip(spaceRe().ReplaceAllString(trimmed, " "))
}

func cleanHTML(s string) string {
	return strings.TrimSpace(spaceRe().ReplaceAllString(html.UnescapeString(tagRe().ReplaceAllString(s, " ")), " "))
}

func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// requestError explains a failure to get any answer.
func requestError(u *url.URL, err error) error {
	host := u.Host
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("no answer from %s in time: raise --timeout if the bank is slow", host)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("could not find host %s: check the API URL", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("could not connect to %s: connection refused", host)
	}
	if msg := err.Error(); strings.Contains(msg, "x509: ") || strings.Contains(msg, "tls: ") {
		return fmt.Errorf("TLS failed with %s: %s (if the bank uses the Russian Trusted Root CA, pass it with --ca-file)", host, tlsCause(msg))
	}
	return fmt.Errorf("request to %s failed: %s", host, redact.String(unwrapURLError(err).Error()))
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
