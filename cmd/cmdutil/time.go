package cmdutil

import (
	"fmt"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/msk"
)

// When shows a time as bankctl shows every time — Moscow time, the bank's, with its zone — and
// what remains or has passed.
func When(t, now time.Time) string {
	d := t.Sub(now)
	rel := "in " + HumanDuration(d)
	if d <= 0 {
		rel = HumanDuration(-d) + " ago"
	}
	return fmt.Sprintf("%s MSK (%s)", msk.Stamp(t), rel)
}

// HumanDuration is 29m59s, 30m, 2h5m, 3d4h: precise near, coarse far.
func HumanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		days := d / (24 * time.Hour)
		return fmt.Sprintf("%dd%dh", days, (d-days*24*time.Hour)/time.Hour)
	case d >= time.Hour:
		d = d.Round(time.Minute)
	default:
		d = d.Truncate(time.Second)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
