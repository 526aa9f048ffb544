// Package redact keeps secrets out of everything bankctl prints: --debug logs, error messages
// and status displays all pass through String.
//
// Every secret bankctl reads or receives (tokens, client secrets, authorization codes, PKCE
// verifiers) is registered with Add as soon as it is known, so that it is scrubbed wherever it
// turns up, even in places nobody thought of, such as a server echoing it in an error body.
package redact

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Mask replaces a secret in output.
const Mask = "[REDACTED]"

// minLen keeps short, common strings (like "0" or "ok") from being treated as secrets.
const minLen = 6

var (
	mu      sync.RWMutex
	secrets []string
)

// Add registers values as secrets to be scrubbed from all output.
func Add(values ...string) {
	mu.Lock()
	defer mu.Unlock()
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) < minLen || strings.Contains(Mask, v) {
			// Too short to be a secret, or part of the mask itself (then no output could hide it).
			continue
		}
		dup := false
		for _, s := range secrets {
			if s == v {
				dup = true
				break
			}
		}
		if !dup {
			secrets = append(secrets, v)
			// Longest first, so a secret that contains another is masked whole.
			sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
		}
	}
}

// String returns s with every registered secret, raw or URL-encoded, replaced by Mask.
//
// Matches are merged before masking, and masking repeats until nothing is found, because a mask
// next to ordinary text can spell a secret again ("…ED]" + "ED]"). If that does not settle,
// the whole text is masked: secrets must not leak, whatever the text.
func String(s string) string {
	mu.RLock()
	defer mu.RUnlock()
	if len(secrets) == 0 {
		return s
	}
	for pass := 0; pass < 4; pass++ {
		out, found := maskOnce(s)
		if !found {
			return s
		}
		s = out
	}
	if _, found := maskOnce(s); found {
		return Mask
	}
	return s
}

// maskOnce replaces every occurrence of every secret (raw and URL-encoded) in one go.
func maskOnce(s string) (string, bool) {
	type span struct{ from, to int }
	var spans []span
	for _, v := range secrets {
		for _, form := range []string{v, url.QueryEscape(v)} {
			for i := 0; ; {
				j := strings.Index(s[i:], form)
				if j < 0 {
					break
				}
				spans = append(spans, span{i + j, i + j + len(form)})
				i += j + 1
			}
		}
	}
	if len(spans) == 0 {
		return s, false
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	var b strings.Builder
	last := 0
	for k := 0; k < len(spans); {
		from, to := spans[k].from, spans[k].to
		for k++; k < len(spans) && spans[k].from < to; k++ {
			to = max(to, spans[k].to)
		}
		if from >= last {
			b.WriteString(s[last:from])
		}
		b.WriteString(Mask)
		last = to
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// secretKeys are JSON, form and query keys whose values are always secret, even before bankctl
// has seen and registered the value (a token response, say).
var secretKeys = map[string]bool{
	"access_token": true, "refresh_token": true, "id_token": true, "token": true,
	"client_secret": true, "code": true, "code_verifier": true, "password": true,
	"authorization": true, "state": true, "session_state": true,
}

// IsSecretKey reports whether a field of this name carries a secret.
func IsSecretKey(k string) bool { return secretKeys[strings.ToLower(k)] }

// Header returns the value of an HTTP header fit for a log.
func Header(name, value string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		if scheme, _, ok := strings.Cut(value, " "); ok {
			return scheme + " " + Mask
		}
		return Mask
	case "cookie", "set-cookie":
		return Mask
	}
	return String(value)
}

// Body returns an HTTP body fit for a log: secret JSON fields and form fields are masked, then
// every registered secret.
func Body(contentType string, body []byte) string {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "json"):
		var v any
		if json.Unmarshal(body, &v) == nil {
			maskJSON(v)
			if out, err := json.Marshal(v); err == nil {
				return String(string(out))
			}
		}
	case strings.Contains(ct, "x-www-form-urlencoded"):
		return Query(string(body))
	}
	return String(string(body))
}

// Query masks secret parameters in a query string or form body.
func Query(q string) string {
	vals, err := url.ParseQuery(q)
	if err != nil {
		return String(q)
	}
	for k := range vals {
		if IsSecretKey(k) {
			vals[k] = []string{Mask}
		}
	}
	return String(vals.Encode())
}

// URL masks secret query parameters of a URL.
func URL(u *url.URL) string {
	if u.RawQuery == "" {
		return String(u.String())
	}
	c := *u
	c.RawQuery = Query(u.RawQuery)
	return String(c.String())
}

func maskJSON(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if _, isString := x.(string); isString && IsSecretKey(k) {
				t[k] = Mask
				continue
			}
			maskJSON(x)
		}
	case []any:
		for _, x := range t {
			maskJSON(x)
		}
	}
}

// Tail shows only the last n characters of a secret, as the web bank's token search expects
// (it matches the last 12 characters of a token).
func Tail(secret string, n int) string {
	r := []rune(secret)
	if len(r) <= n {
		// A token this short would be shown whole: show nothing instead.
		return strings.Repeat("*", len(r))
	}
	return "…" + string(r[len(r)-n:])
}
