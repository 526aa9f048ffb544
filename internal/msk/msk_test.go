package msk

import (
	"testing"
	"time"
)

func TestMoscowTimeAndFormats(t *testing.T) {
	for in, want := range map[string]string{
		"2025-03-31T21:00:00Z":      "2025-04-01 00:00:00",
		"2026-12-31T20:59:59Z":      "2026-12-31 23:59:59",
		"2026-11-05T10:00:00+03:00": "2026-11-05 10:00:00",
	} {
		tm := Parse(in)
		if got := Stamp(tm); got != want || got != tm.Format("2006-01-02 15:04:05") {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
		if string(AppendDay(nil, tm, true)) != tm.Format("02.01.2006") || string(AppendDay(nil, tm, false)) != tm.Format("2006-01-02") {
			t.Errorf("%s: day formats", in)
		}
	}
	for _, bad := range []string{"", "2025-13-31T21:00:00Z", "2025-03-31", "x"} {
		if !Parse(bad).IsZero() {
			t.Errorf("%q parsed", bad)
		}
	}
	if Parse("2025-03-31T21:00:00Z").Location() != Zone || !Parse("2025-03-31T21:00:00Z").Equal(time.Date(2025, 3, 31, 21, 0, 0, 0, time.UTC)) {
		t.Error("zone")
	}
}
