package rest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ ct, body, want string }{
		{"application/json", `{"code":"X","message":"токен удалён"}`, "токен удалён: X"},
		{"application/json", `{"error":"invalid_token","error_description":"expired"}`, "expired: invalid_token"},
		{"text/html", "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("x", 5000) + "</body></html>", "an HTML page: 502 Bad Gateway"},
		{"", "<html><body><h1>Доступ &laquo;запрещён&raquo;</h1></body></html>", "an HTML page: Доступ «запрещён»"},
		{"text/plain", "   ", ""},
	}
	for _, tt := range tests {
		if got := ErrorMessage(tt.ct, []byte(tt.body)); got != tt.want {
			t.Errorf("ErrorMessage(%q) = %q, want %q", tt.body[:min(len(tt.body), 40)], got, tt.want)
		}
	}
	long := ErrorMessage("text/plain", []byte(strings.Repeat("я", 1000)))
	if len([]rune(long)) > 201 {
		t.Errorf("message not clipped: %d runes", len([]rune(long)))
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"0": 0, "5": 5 * time.Second, now.Add(3 * time.Second).Format(http.TimeFormat): 3 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat): 0,
	} {
		got, ok := RetryAfter(in, now)
		if !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "soon", "-1"} {
		if _, ok := RetryAfter(bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBackoffGrowsAndIsBounded(t *testing.T) {
	prev := time.Duration(0)
	for i := 0; i < 4; i++ {
		d := Backoff(i)
		base := 500 * time.Millisecond << i
		if d < base || d > base+base/4 || d <= prev {
			t.Errorf("attempt %d: %v", i, d)
		}
		prev = d
	}
}
