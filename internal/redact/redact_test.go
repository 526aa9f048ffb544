package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestStringMasksRegisteredSecrets(t *testing.T) {
	Add("8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee", "abc") // "abc" is too short to register
	got := String("token=8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee abc")
	if strings.Contains(got, "5d2e5ef0c4ee") {
		t.Fatalf("secret survived: %q", got)
	}
	if !strings.Contains(got, "abc") {
		t.Fatalf("short common string was masked: %q", got)
	}
}

// Three Cyrillic letters are six bytes but no secret: a short value must not mask ordinary words.
func TestShortCyrillicIsNotASecret(t *testing.T) {
	Add("ООО")
	if got := String("ООО «Северный ветер»"); got != "ООО «Северный ветер»" {
		t.Fatalf("an ordinary word was masked: %q", got)
	}
}

func TestStringMasksURLEncodedSecrets(t *testing.T) {
	Add("t.a+b/c=d== x")
	for _, in := range []string{"x?token=t.a%2Bb%2Fc%3Dd%3D%3D+x", "/p/t.a+b%2Fc=d==%20x"} {
		if got := String(in); strings.Contains(got, "%2Fc") {
			t.Fatalf("url-encoded secret survived: %q", got)
		}
	}
}

func TestBasicAuthFormsAreMasked(t *testing.T) {
	BasicAuth("partner-id", "s3cr+t/value")
	enc := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape("partner-id") + ":" + url.QueryEscape("s3cr+t/value")))
	for _, in := range []string{"echo: Basic " + enc, "secret=" + url.QueryEscape("s3cr+t/value"), "raw s3cr+t/value"} {
		if got := String(in); strings.Contains(got, "s3cr") || strings.Contains(got, enc) {
			t.Errorf("survived: %q", got)
		}
	}
}

func TestBodyMasksSecretFieldsNotYetRegistered(t *testing.T) {
	tests := []struct {
		keys         Keys
		body, secret string
	}{
		{APIKeys, `{"access_token":"t.never-seen-1","nested":{"refresh_token":"never-seen-2"}}`, "never-seen"},
		{OAuthKeys, "grant_type=authorization_code&code=c.never-seen-3&redirect_uri=x", "never-seen"},
		// Labelled as text, or not labelled at all: the keys are masked all the same.
		{APIKeys, `access_token: t.never-seen-4, expires 1800`, "never-seen"},
		{OAuthKeys, `<html>code="c.never-seen-5"</html>`, "never-seen"},
		{APIKeys, `{"access_token":"t.never-seen-6"` + strings.Repeat(" ", 10), "never-seen"}, // not valid JSON: scrubbed
	}
	for _, tt := range tests {
		if got := Body(tt.keys, []byte(tt.body)); strings.Contains(got, tt.secret) {
			t.Errorf("Body(%s) kept a secret: %s", tt.body, got)
		}
	}
	if got := Body(OAuthKeys, []byte("grant_type=authorization_code")); !strings.Contains(got, "authorization_code") {
		t.Errorf("non-secret field lost: %s", got)
	}
}

// A bank's {"code": ...} is an error code, not an OAuth code: it stays readable outside T-ID.
func TestCodeIsSecretOnlyInOAuthTraffic(t *testing.T) {
	if got := Body(APIKeys, []byte(`{"code":"TOKEN_EXPIRED","message":"x"}`)); !strings.Contains(got, "TOKEN_EXPIRED") {
		t.Fatalf("bank field masked: %s", got)
	}
	if got := Body(OAuthKeys, []byte(`{"code":"c.1234567"}`)); strings.Contains(got, "c.1234567") {
		t.Fatalf("OAuth code kept: %s", got)
	}
	if got := Body(APIKeys, []byte("plain text OK")); got != "plain text OK" {
		t.Fatalf("plain text changed: %q", got)
	}
}

func TestHeader(t *testing.T) {
	if got := Header("Authorization", "Bearer secret-value-123"); got != "Bearer "+Mask {
		t.Fatalf("got %q", got)
	}
	if got := Header("Content-Type", "application/json"); got != "application/json" {
		t.Fatalf("got %q", got)
	}
}

func TestTail(t *testing.T) {
	for in, want := range map[string]string{
		"8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee": "…5d2e5ef0c4ee", // 36: the last 12
		"0123456789abcdef":                     "…cdef",         // 16: a quarter
		"abc":                                  "***",
	} {
		if got := Tail(in); got != want {
			t.Errorf("Tail(%q) = %q, want %q", in, got, want)
		}
	}
}
