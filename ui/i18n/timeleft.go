package i18n

import (
	"time"

	"waybill/tracker"
)

// TimeLeft is tracker.TimeLeft in the printer's language, for the screen
// and the command line alike: "3d 4h", "overdue 2h"; 3天4小时, 已超时 2小时.
func (p *Printer) TimeLeft(due, now time.Time) string {
	if p.Lang() == En {
		return tracker.TimeLeft(due, now)
	}
	d := due.Sub(now)
	if due.Before(now) {
		d = now.Sub(due)
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var s string
	switch {
	case days > 0 && hours > 0:
		s = p.Plain("%dd", days) + p.Plain("%dh", hours)
	case days > 0:
		s = p.Plain("%dd", days)
	case hours > 0 && mins > 0:
		s = p.Plain("%dh", hours) + p.Plain("%dm", mins)
	case hours > 0:
		s = p.Plain("%dh", hours)
	default:
		s = p.Plain("%dm", mins)
	}
	if due.Before(now) {
		return p.Plain("overdue %s", s)
	}
	return s
}
