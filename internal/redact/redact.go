// Package redact keeps secrets out of everything bankctl prints: --debug logs, error messages
// and status displays all pass through String.
//
// Every secret bankctl reads or receives (tokens, client secrets, authorization codes, PKCE
// verifiers) is registered with Add as soon as it is known, so that it is scrubbed wherever it
// turns up, even in places nobody thought of, such as a server echoing it in an error body.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Mask replaces a secret in output.
const Mask = "[REDACTED]"

// minLen keeps short, common strings (like "0" or "ok") from being treated as secrets. It counts
// characters, not bytes: three Cyrillic letters are six bytes, and "ООО" is no secret.
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
		if utf8.RuneCountInString(v) < minLen || strings.Contains(Mask, v) {
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
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
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

// tokenKeys are JSON, form and query keys whose values are secret in any API's traffic, even
// before bankctl has seen and registered the value (a token answer, say).
var tokenKeys = map[string]bool{
	"access_token": true, "refresh_token": true, "id_token": true, "client_secret": true,
	"password": true, "authorization": true,
}

// oauthKeys are secret in T-ID traffic only: a bank's {"code":"TOKEN_EXPIRED"} is an ordinary
// field and stays readable.
var oauthKeys = map[string]bool{"code": true, "state": true, "code_verifier": true, "session_state": true, "token": true}

// Keys says which field names carry secrets in one kind of traffic.
type Keys uint8

// Kinds of traffic.
const (
	APIKeys   Keys = iota // a bank API: token keys only
	OAuthKeys             // T-ID: token keys and the OAuth flow's code, state, verifier, token
)

// IsSecretKey reports whether a field of this name carries a secret in this traffic.
func (k Keys) IsSecretKey(name string) bool {
	name = strings.ToLower(name)
	return tokenKeys[name] || k == OAuthKeys && oauthKeys[name]
}

// BasicAuth registers HTTP Basic credentials in every form they travel in: the parts, and the
// base64 of "id:secret" as x/oauth2 sends it (each part form-encoded) and as RFC 7617 does.
func BasicAuth(id, secret string) {
	Add(secret)
	enc := base64.StdEncoding
	Add(enc.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))), enc.EncodeToString([]byte(id+":"+secret)))
}

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

// Body returns an HTTP body fit for a log: the fields k calls secret are masked whatever the
// Content-Type says (JSON, a form, or, for text that parses as neither, by a scrub of key
// patterns), then every registered secret.
func Body(k Keys, body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		var v any
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.UseNumber() // an amount in the log is the amount the bank sent
		if dec.Decode(&v) == nil && !dec.More() {
			maskJSON(k, v)
			if out, err := json.Marshal(v); err == nil {
				return String(string(out))
			}
		}
	} else if vals, err := url.ParseQuery(trimmed); err == nil && strings.Contains(trimmed, "=") && !strings.ContainsAny(trimmed, " \n\t\"{}") {
		return query(k, vals)
	}
	return String(scrub(k, string(body)))
}

// keyPatterns find "key": "value", key=value and key: value for the secret keys of each kind of
// traffic in text of no known shape. Only secret keys are matched, so an ordinary key before one
// ("error: access_token: …") cannot swallow it as its value; an Authorization value keeps its
// scheme with it.
var keyPatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	var out [2]*regexp.Regexp
	for _, k := range []Keys{APIKeys, OAuthKeys} {
		var names []string
		for n := range tokenKeys {
			names = append(names, n)
		}
		if k == OAuthKeys {
			for n := range oauthKeys {
				names = append(names, n)
			}
		}
		sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
		out[k] = regexp.MustCompile(`(?i)("?)\b(` + strings.Join(names, "|") + `)("?\s*[:=]\s*"?)((?:bearer\s+|basic\s+)?[^"&\s,;}]*)`)
	}
	return out
})

func scrub(k Keys, s string) string {
	re := keyPatterns()[k&1]
	return re.ReplaceAllStringFunc(s, func(m string) string {
		sub := re.FindStringSubmatch(m)
		if sub[4] == "" {
			return m
		}
		return sub[1] + sub[2] + sub[3] + Mask
	})
}

// Query masks the secret parameters of a query string or form body.
func Query(k Keys, q string) string {
	vals, err := url.ParseQuery(q)
	if err != nil {
		return String(scrub(k, q))
	}
	return query(k, vals)
}

func query(k Keys, vals url.Values) string {
	for name := range vals {
		if k.IsSecretKey(name) {
			vals[name] = []string{Mask}
		}
	}
	return String(vals.Encode())
}

// URL masks the secret query parameters of a URL.
func URL(k Keys, u *url.URL) string {
	if u.RawQuery == "" {
		return String(u.String())
	}
	c := *u
	c.RawQuery = Query(k, u.RawQuery)
	return String(c.String())
}

func maskJSON(k Keys, v any) {
	switch t := v.(type) {
	case map[string]any:
		for name, x := range t {
			if _, isString := x.(string); isString && k.IsSecretKey(name) {
				t[name] = Mask
				continue
			}
			maskJSON(k, x)
		}
	case []any:
		for _, x := range t {
			maskJSON(k, x)
		}
	}
}

// Tail shows enough of a token to recognise it and too little to use it: the last 12
// characters of a token of 32 or more (a UUID iBank token: the web bank's token search matches
// those), and at most a quarter of a shorter one.
func Tail(secret string) string {
	r := []rune(secret)
	n := 12
	if len(r) < 32 {
		n = len(r) / 4
	}
	if n == 0 {
		return strings.Repeat("*", len(r))
	}
	return "…" + string(r[len(r)-n:])
}
