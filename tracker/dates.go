package tracker

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateForms is what a date field takes, for hints and errors: every form
// ParseDate reads, shortest first.
const DateForms = "YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday (fri)"

// weekdays are the day names ParseDate knows, in time.Weekday order.
var weekdays = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// ParseDate reads a day as a person types one, relative to now, the
// caller's clock (the store's, which is the demo's in a demo store), and
// returns the start of that day where now is:
//
//	2026-12-10               that day
//	today, tomorrow, yesterday
//	+3d, -2d, 3d, +2w, +1 week    days or weeks from today
//	mon, monday, fri …       the next such day after today (a week on, today's)
//
// Case and surrounding spaces do not matter. It is the one reader of a
// typed date: the screen's date fields and the command line's date flags
// both call it, so `s d` and `exception snooze --until` read alike. The
// error names the value and the forms; the caller adds the field.
func ParseDate(s string, now time.Time) (time.Time, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return time.Time{}, refusal(refuseNoDate, Hint(DateForms))
	}
	y, m, d := now.Date()
	day := func(n int) time.Time { return time.Date(y, m, d+n, 0, 0, 0, 0, now.Location()) }
	switch v {
	case "today":
		return day(0), nil
	case "tomorrow":
		return day(1), nil
	case "yesterday":
		return day(-1), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, now.Location()); err == nil {
		return t, nil
	}
	if n, ok := relativeDays(v); ok {
		return day(n), nil
	}
	if wd, ok := weekdayNamed(v); ok {
		ahead := (int(wd) - int(now.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7 // "fri" on a Friday is next Friday: today is "today"
		}
		return day(ahead), nil
	}
	return time.Time{}, refusal(refuseNotADate, strings.TrimSpace(s), Hint(DateForms))
}

// ParseDay reads a day as ParseDate does and wants it after now: a snooze
// or a follow-up "until the 10th" ends as the 10th begins, so today
// (already begun) is refused.
func ParseDay(s string, now time.Time) (time.Time, error) {
	day, err := ParseDate(s, now)
	if err != nil {
		return time.Time{}, err
	}
	if !day.After(now) {
		return time.Time{}, refusal(refuseNotFuture, DateQuoted(s, day))
	}
	return day, nil
}

// DateQuoted is a typed date, quoted, for a message: with the day it came
// to when it was a word or a count ("fri" (Fri 2025-06-06)), so the person
// sees what "today" or "+3d" meant.
func DateQuoted(typed string, day time.Time) string {
	v := strings.TrimSpace(typed)
	if v == day.Format("2006-01-02") {
		return strconv.Quote(v)
	}
	return fmt.Sprintf("%q (%s)", v, day.Format("Mon 2006-01-02"))
}

// relativeDays reads +3d, -2d, 3d, +2w, +1 week … as a number of days.
// At most four digits: nobody snoozes for 27 years, and the bound keeps
// the arithmetic far from overflow.
func relativeDays(v string) (int, bool) {
	sign := 1
	switch {
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	case strings.HasPrefix(v, "-"):
		sign, v = -1, v[1:]
	}
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return 0, false
	}
	n, _ := strconv.Atoi(v[:i])
	switch strings.TrimSpace(v[i:]) {
	case "d", "day", "days":
		return sign * n, true
	case "w", "wk", "week", "weeks":
		return sign * n * 7, true
	}
	return 0, false
}

// weekdayNamed reads a day's English name or its first three letters or
// more (mon, tues, thurs, friday).
func weekdayNamed(v string) (time.Weekday, bool) {
	if len(v) < 3 {
		return 0, false
	}
	for i, name := range weekdays {
		if strings.HasPrefix(name, v) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}
