// Package msk is Moscow time, the one zone bankctl prints times in: the bank's days (a statement
// from 1 to 30 November is Moscow days), 1С's dates, the journal's times and a token's expiry are
// all written as Moscow time, so two lines of bankctl's output never disagree about a day.
package msk

import (
	"strconv"
	"time"
)

// Zone is UTC+3 all year (since 2014, and statements go back only to 2023): the days of a
// statement and of 1С are Moscow days. A fixed zone needs no tz database on the user's machine.
var Zone = time.FixedZone("MSK", 3*3600)

// Parse is a bank time ("2025-03-31T21:00:00Z") in Moscow, or the zero time. The usual
// UTC shape is read by hand: a statement has two of them in each of 100,000 operations.
func Parse(s string) time.Time {
	if len(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z' {
		n := func(i, j int) int {
			v := 0
			for _, c := range s[i:j] {
				if c < '0' || c > '9' {
					return -1
				}
				v = v*10 + int(c-'0')
			}
			return v
		}
		y, mo, d, h, mi, se := n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)
		if y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC).In(Zone)
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.In(Zone)
}

// AppendDay writes t's day as 2006-01-02, or as 02.01.2006 (dmy, as 1С writes it).
func AppendDay(b []byte, t time.Time, dmy bool) []byte {
	y, m, d := t.Date()
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	if dmy {
		b = two(b, d)
		b = append(b, '.')
		b = two(b, int(m))
		b = append(b, '.')
		return strconv.AppendInt(b, int64(y), 10)
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = two(b, int(m))
	b = append(b, '-')
	return two(b, d)
}

// Stamp writes t in Moscow time as 2006-01-02 15:04:05: how bankctl prints a time in a table.
func Stamp(t time.Time) string {
	t = t.In(Zone)
	b := AppendDay(make([]byte, 0, 19), t, false)
	h, mi, se := t.Clock()
	b = append(b, ' ', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+se/10), byte('0'+se%10))
	return string(b)
}

// Day reads a calendar day typed as ГГГГ-ММ-ДД or ДД.ММ.ГГГГ (as accountants type it), as the
// Moscow midnight that begins it.
func Day(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02.01.2006"} {
		if t, err := time.ParseInLocation(layout, s, Zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Midnight is the Moscow midnight that begins t's Moscow day.
func Midnight(t time.Time) time.Time {
	t = t.In(Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
}

// RFC3339 writes t in Moscow time with its offset, as bankctl's JSON carries a time.
func RFC3339(t time.Time) string { return t.In(Zone).Format(time.RFC3339) }
