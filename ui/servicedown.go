package ui

import (
	"errors"
	"time"

	"waybill/tracker"
)

// serviceDownText says why `r` checked nothing, as the status bar says a
// service's pause or stop: "dhl paused until 01:00: daily quota used up,
// resets 00:00 GMT", the time on the session's clock. ok is false when
// err is not a *tracker.ServiceDown.
func serviceDownText(err error, loc *time.Location) (text string, ok bool) {
	var down *tracker.ServiceDown
	if !errors.As(err, &down) {
		return "", false
	}
	h := down.ServiceHealth
	if h.State == tracker.HealthPaused {
		return Sanitize(h.Service) + " paused until " + h.Until.In(loc).Format("15:04") + ": " + Sanitize(h.Reason), true
	}
	return Sanitize(h.Service) + " " + string(h.State) + ": " + Sanitize(h.Reason), true
}
