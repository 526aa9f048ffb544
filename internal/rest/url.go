// Package rest is the one HTTP core under every bankctl API client (iBank, T-ID, T-Business):
// the base-URL rules, the HTTP client with its redirect policy and pinned localhost, the
// credential that goes only to its own origin, the body-size limit, error summaries with their
// exit codes, retries whose policy each caller sets, and the --debug log with every secret
// redacted. An API client is a thin layer of paths and types on top.
package rest

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/loopback"
)

// ParseBaseURL checks an API base URL: absolute, https (plain http only to a loopback host,
// such as the sandbox), with no user name, query or fragment. The trailing slash is dropped.
// what names the API in errors ("iBank"), example is a good URL to suggest.
func ParseBaseURL(raw, what, example string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		shown := strconv.Quote(raw)
		if strings.ContainsAny(raw, "@?#") {
			shown = "(not repeated: it may hold a password or a token)"
		}
		return nil, fmt.Errorf("invalid %s URL %s: use the API address, e.g. %s", what, shown, example)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		// The user name, query or fragment may hold a password or a token: not repeated.
		return nil, fmt.Errorf("invalid %s URL %s: no user name, query or fragment expected", what, shown(u))
	}
	if u.Scheme == "http" && !loopback.Host(u.Hostname()) {
		return nil, fmt.Errorf("refusing plain http for %s at %s: credentials would travel unencrypted; use https", what, u.Host)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Origin is scheme://host:port with the default port made explicit and the host in lower case:
// two URLs with the same origin may share a credential, any others may not.
func Origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// SameOrigin reports whether a and b have the same scheme, host and port.
func SameOrigin(a, b *url.URL) bool { return Origin(a) == Origin(b) }

// Resolve joins an API path ("client/info", "/client/info?x=1") to base. An absolute URL is
// accepted only at base's origin: the credential belongs there. A path it refuses is the
// caller's mistake: a usage error (exit 2), and nothing is sent.
func Resolve(base *url.URL, path string) (*url.URL, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, err := url.Parse(path)
		if err != nil {
			return nil, apperr.Usage(fmt.Errorf("invalid URL %q: %w", path, err))
		}
		if !SameOrigin(u, base) {
			return nil, apperr.Usage(fmt.Errorf("refusing to send the token to %s: it belongs to %s", Origin(u), Origin(base)))
		}
		return u, nil
	}
	rel, err := url.Parse(strings.TrimLeft(path, "/"))
	if err != nil || rel.Scheme != "" || rel.Host != "" {
		return nil, apperr.Usage(fmt.Errorf("invalid API path %q", path))
	}
	u := *base
	u.Path = base.Path + "/" + rel.Path
	u.RawPath = ""
	u.RawQuery = rel.RawQuery
	return &u, nil
}
