package i18n

import (
	"time"

	"waybill/tracker"
)

// TimeLeft is tracker.TimeLeft in the printer's language, for the screen
// and the command line alike: "3d 4h", "overdue 2h"; 3天4小时, 已超时 2小时.
func (p *Printer) TimeLeft(due, now time.Time) string {
	return p.Span(tracker.LeftSpan(due, now))
}

// Span is a tracker.Span in the printer's language: a time left as
// TimeLeft says it, or one read back from an alert's stored text.
func (p *Printer) Span(sp tracker.Span) string {
	if p.Lang() == En {
		return sp.String()
	}
	var s string
	switch {
	case sp.Days > 0 && sp.Hours > 0:
		s = p.Plain("%dd", sp.Days) + p.Plain("%dh", sp.Hours)
	case sp.Days > 0:
		s = p.Plain("%dd", sp.Days)
	case sp.Hours > 0 && sp.Mins > 0:
		s = p.Plain("%dh", sp.Hours) + p.Plain("%dm", sp.Mins)
	case sp.Hours > 0:
		s = p.Plain("%dh", sp.Hours)
	default:
		s = p.Plain("%dm", sp.Mins)
	}
	if sp.Overdue {
		return p.Plain("overdue %s", s)
	}
	return s
}
