package redact

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// A registered secret never survives String, however the text around it is built, raw or
// URL-encoded.
func FuzzString(f *testing.F) {
	f.Add("8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee", "Bearer ", " tail")
	f.Add("ED]ED]", "ED]", "ED]")
	f.Add("t.a+b/c==", "token=", "&x=1")
	f.Add("REDACTED", "[", "]")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		secret = strings.TrimSpace(secret)
		if utf8.RuneCountInString(secret) < minLen || strings.Contains(Mask, secret) {
			return // not registered by design: see Add
		}
		Add(secret)
		for _, text := range []string{before + secret + after, before + url.QueryEscape(secret) + after, secret + secret} {
			if out := String(text); strings.Contains(out, secret) {
				t.Fatalf("secret %q survived in %q", secret, out)
			}
		}
	})
}
