package redact

import (
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

func TestStringMasksURLEncodedSecrets(t *testing.T) {
	Add("t.a+b/c=d==")
	got := String("x?token=t.a%2Bb%2Fc%3Dd%3D%3D")
	if strings.Contains(got, "%2Fc") {
		t.Fatalf("url-encoded secret survived: %q", got)
	}
}

func TestBodyMasksSecretFieldsNotYetRegistered(t *testing.T) {
	tests := []struct{ ct, body, secret string }{
		{"application/json", `{"access_token":"t.never-seen-1","nested":{"refresh_token":"never-seen-2"}}`, "never-seen"},
		{"application/x-www-form-urlencoded", "grant_type=authorization_code&code=c.never-seen-3&redirect_uri=x", "never-seen"},
	}
	for _, tt := range tests {
		if got := Body(tt.ct, []byte(tt.body)); strings.Contains(got, tt.secret) {
			t.Errorf("Body(%s) kept a secret: %s", tt.ct, got)
		}
	}
	if got := Body("application/x-www-form-urlencoded", []byte("grant_type=authorization_code")); !strings.Contains(got, "authorization_code") {
		t.Errorf("non-secret field lost: %s", got)
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
	if got := Tail("8e2ea61a-4091-459e-83bb-5d2e5ef0c4ee", 12); got != "…5d2e5ef0c4ee" {
		t.Fatalf("got %q", got)
	}
	if got := Tail("short", 12); strings.Contains(got, "short") {
		t.Fatalf("short secret shown whole: %q", got)
	}
}
