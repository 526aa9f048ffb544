package ibank

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://ibank.bank.ru/api/": "https://ibank.bank.ru/api",
		" https://ibank.bank.ru/api": "https://ibank.bank.ru/api",
		"http://127.0.0.1:8080/api":  "http://127.0.0.1:8080/api",
		"http://localhost/api":       "http://localhost/api",
		"http://[::1]:9/api":         "http://[::1]:9/api",
	} {
		u, err := ParseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v", in, u, err)
		}
	}
	for _, bad := range []string{"ibank.bank.ru", "ftp://x/api", "http://ibank.bank.ru/api", "https://x/api?a=1", "https://user@x/api", ""} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

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
