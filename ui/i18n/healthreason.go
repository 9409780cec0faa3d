package i18n

import "waybill/tracker"

// HealthReason is why a tracking service is paused or stopped
// (tracker.ServiceHealth.Reason) in the printer's language, as far as
// tracker knows its form (tracker.HealthReasonPhrase): the carrier's own
// error in it, counts and reset times as they are. A reason in no known
// form (a marketplace's error) reads as written; English reads it
// untouched.
func (p *Printer) HealthReason(reason string) string {
	if p.Lang() == En {
		return reason
	}
	if ph, ok := tracker.HealthReasonPhrase(reason); ok {
		return p.Phrase(ph)
	}
	return reason
}
