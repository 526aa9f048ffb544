package xlsx

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// escape writes text for XML: markup escaped, and what XML 1.0 cannot hold (control characters
// but tab and line breaks) as a space; a cell holds at most 32,767 characters, as Excel's do.
func escape(b []byte, s string) []byte {
	if plainText(s) {
		return append(b, s...)
	}
	n := 0
	for _, r := range s {
		if n++; n > 32767 {
			break
		}
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '\t' || r == '\n' || r == '\r':
			b = utf8.AppendRune(b, r)
		case r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0xfffe || r == 0xffff || r == utf8.RuneError:
			b = append(b, ' ')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// plainText: nothing in s needs escaping (the usual cell), and it is short enough.
func plainText(s string) bool {
	if len(s) > 32767 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&' || c == '<' || c == '>' || c < 0x20 || c == 0x7f:
			return false
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f: // a C1 control
			return false
		case c == 0xef || c >= 0xf8: // U+FFFE, U+FFFF and friends, or not UTF-8: the slow path checks
			return false
		}
	}
	return utf8.ValidString(s)
}

// numeric: a decimal a spreadsheet number holds exactly (15 significant digits at most).
func numeric(v string) bool {
	digits := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 || c != '0' {
				digits++
			}
		case c == '.' && i > 0, c == '-' && i == 0:
		default:
			return false
		}
	}
	return len(v) > 0 && digits <= 15
}

// excelTime is a Moscow "2006-01-02 15:04:05" or "2006-01-02" as Excel's day count from
// 30 December 1899.
func excelTime(v string) (string, bool) {
	if len(v) != 10 && len(v) != 19 {
		return "", false
	}
	num := func(i, j int) int {
		n := 0
		for _, c := range v[i:j] {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d := num(0, 4), num(5, 7), num(8, 10)
	h, mi, se := 0, 0, 0
	if len(v) == 19 {
		h, mi, se = num(11, 13), num(14, 16), num(17, 19)
	}
	if v[4] != '-' || v[7] != '-' || y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 {
		return "", false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d {
		return "", false // 31 February
	}
	days := t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Seconds() / 86400
	return strconv.FormatFloat(days, 'f', -1, 64), true
}

func width(k Kind, v string) int {
	switch k {
	case DateTime:
		return 19
	case Date:
		return 10
	}
	return utf8.RuneCountInString(v) + 1
}
