package httpx

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"0": 0, "5": 5 * time.Second, now.Add(3 * time.Second).Format(http.TimeFormat): 3 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat): 0,
	} {
		got, ok := retryAfter(in, now)
		if !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "soon", "-1"} {
		if _, ok := retryAfter(bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBackoffGrowsAndIsBounded(t *testing.T) {
	prev := time.Duration(0)
	for i := 0; i < 4; i++ {
		d := backoff(i)
		base := 500 * time.Millisecond << i
		if d < base || d > base+base/4 || d <= prev {
			t.Errorf("attempt %d: %v", i, d)
		}
		prev = d
	}
}
