package ibank

import (
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
	for _, bad := range []string{"ibank.bank.ru", "ftp://x/api", "http://ibank.bank.ru/api", "https://x/api?a=1", "https://user@x/api", "https://x/api#f", ""} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
