package tbusiness

import (
	"strconv"
	"time"
)

// Moscow is UTC+3 all year (since 2014, and statements go back only to 2023): the days of a
// statement and of 1С are Moscow days. A fixed zone needs no tz database on the user's machine.
var Moscow = time.FixedZone("MSK", 3*3600)

// MoscowTime is a bank time ("2025-03-31T21:00:00Z") in Moscow, or the zero time. The usual
// UTC shape is read by hand: a statement has two of them in each of 100,000 operations.
func MoscowTime(s string) time.Time {
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
			return time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC).In(Moscow)
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.In(Moscow)
}

// formatDay writes t's day as 2006-01-02 (sep '-', ymd) or 02.01.2006 (sep '.', dmy).
func formatDay(b []byte, t time.Time, dmy bool) []byte {
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

// formatStamp writes t as 2006-01-02 15:04:05.
func formatStamp(t time.Time) string {
	b := formatDay(make([]byte, 0, 19), t, false)
	h, mi, se := t.Clock()
	b = append(b, ' ', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+se/10), byte('0'+se%10))
	return string(b)
}
