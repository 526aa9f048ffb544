package tbusiness

import (
	"strings"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/msk"
)

// period turns --from and --to (or --month) into the API's UTC [from, to). Errors repeat what
// the user typed.
func period(fromArg, toArg, month string, now time.Time) (time.Time, time.Time, error) {
	now = now.In(msk.Zone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, msk.Zone)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, msk.Zone)
	if month != "" {
		if fromArg != "" || toArg != "" {
			return from, to, cmdutil.Usagef("--month is a whole month: give it without --from and --to")
		}
		m, err := parseMonth(month)
		if err != nil {
			return from, to, cmdutil.Usagef("invalid --month %q: use 2026-11 or 11.2026", month)
		}
		return m.UTC(), m.AddDate(0, 1, 0).UTC(), nil
	}
	var err error
	if fromArg != "" {
		if from, err = instant(fromArg, false); err != nil {
			return from, to, cmdutil.Usagef("invalid --from %q: use a day such as 2026-11-01 or 01.11.2026, or an RFC 3339 time", fromArg)
		}
	}
	if toArg != "" {
		if to, err = instant(toArg, true); err != nil {
			return from, to, cmdutil.Usagef("invalid --to %q: use a day such as 2026-11-30 or 30.11.2026, or an RFC 3339 time", toArg)
		}
	}
	if !from.Before(to) {
		fromWhat, toWhat := typed("--from", fromArg, "the first of this month"), typed("--to", toArg, "today")
		return from, to, cmdutil.Usagef("the period is empty: %s is not before %s", fromWhat, toWhat)
	}
	return from.UTC(), to.UTC(), nil
}

// typed names a period's end as the user gave it, or its default.
func typed(flag, v, def string) string {
	if v == "" {
		return def + " (" + flag + "'s default)"
	}
	return flag + " " + v
}

// instant reads a Moscow day (as the end of a period, the day after it begins) or an RFC 3339 time.
func instant(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, ok := msk.Day(strings.TrimSpace(s))
	if !ok {
		return time.Time{}, errBadDay
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

type badDay struct{}

func (badDay) Error() string { return "not a day" }

var errBadDay = badDay{}

// parseMonth reads 2026-11 or 11.2026 as that month's first Moscow midnight.
func parseMonth(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01", "01.2006"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), msk.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errBadDay
}
