package tracker

import (
	"regexp"
	"strconv"
	"time"
)

// Span is a length of time as a person reads it at a glance, in its two
// largest units ("1d 4h", "3h 20m", "45m"), and overdue when it is time
// past a due rather than left before it ("overdue 3h"). Its String is
// tracker's English (TimeLeft, the deadline alerts); a screen in another
// language says its parts in its own words, so an alert's stored "2d 3h"
// is read back as a Span rather than left as text.
type Span struct {
	Days, Hours, Mins int
	Overdue           bool
}

// SpanOf is d as a Span of its two largest units, rounded down.
func SpanOf(d time.Duration) Span {
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	if days > 0 {
		mins = 0 // two units at most: a day count drops the minutes
	}
	return Span{Days: days, Hours: hours, Mins: mins}
}

// LeftSpan is the time from now until due, or past it once due.
func LeftSpan(due, now time.Time) Span {
	// Each way round on its own: Sub saturates, and negating the most
	// negative duration leaves it negative (a year-1 due read "overdue -47m").
	if due.Before(now) {
		s := SpanOf(now.Sub(due))
		s.Overdue = true
		return s
	}
	return SpanOf(due.Sub(now))
}

func (s Span) String() string {
	var out string
	switch {
	case s.Days > 0 && s.Hours > 0:
		out = strconv.Itoa(s.Days) + "d " + strconv.Itoa(s.Hours) + "h"
	case s.Days > 0:
		out = strconv.Itoa(s.Days) + "d"
	case s.Hours > 0 && s.Mins > 0:
		out = strconv.Itoa(s.Hours) + "h " + strconv.Itoa(s.Mins) + "m"
	case s.Hours > 0:
		out = strconv.Itoa(s.Hours) + "h"
	default:
		out = strconv.Itoa(s.Mins) + "m"
	}
	if s.Overdue {
		return "overdue " + out
	}
	return out
}

// spanRE reads a Span's English back: "2d 3h", "overdue 45m".
var spanRE = regexp.MustCompile(`^(overdue )?(?:(\d+)d)? ?(?:(\d+)h)? ?(?:(\d+)m)?$`)

// spanArg reads a Span from its English; ok false for anything its String
// would not write again exactly.
func spanArg(s string) (any, bool) {
	m := spanRE.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	n := func(x string) int {
		v, _ := strconv.Atoi(x) // "" is 0; the pattern lets nothing else through
		return v
	}
	sp := Span{Days: n(m[2]), Hours: n(m[3]), Mins: n(m[4]), Overdue: m[1] != ""}
	if sp.String() != s {
		return nil, false
	}
	return sp, true
}
