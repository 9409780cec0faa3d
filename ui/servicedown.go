package ui

import (
	"errors"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// serviceDownText says why `r` checked nothing, as the status bar says a
// service's pause or stop: "dhl paused until 01:00: daily quota used up,
// resets 00:00 GMT", the time on the session's clock. ok is false when
// err is not a *tracker.ServiceDown. The words are the status bar's, in
// the session's language; the reason is the service's, as it gave it.
func serviceDownText(err error, loc *time.Location, tr *i18n.Printer) (text string, ok bool) {
	var down *tracker.ServiceDown
	if !errors.As(err, &down) {
		return "", false
	}
	h := down.ServiceHealth
	switch h.State {
	case tracker.HealthPaused:
		return tr.T("%s paused until %s: %s", Sanitize(h.Service), h.Until.In(loc).Format("15:04"), Sanitize(tr.HealthReason(h.Reason))), true
	case tracker.HealthStopped:
		return tr.T("%s stopped: %s", Sanitize(h.Service), Sanitize(tr.HealthReason(h.Reason))), true
	}
	return Sanitize(h.Service) + " " + string(h.State) + ": " + Sanitize(tr.HealthReason(h.Reason)), true
}

// notCheckedText is what r says when the service is down: "dhl: not
// checked, dhl paused until 01:00: …".
func notCheckedText(label, down string, tr *i18n.Printer) string {
	return tr.T("%s: not checked, %s", label, down)
}
