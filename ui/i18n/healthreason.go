package i18n

import "waybill/tracker"

// HealthReason is why a tracking service is paused or stopped
// (tracker.ServiceHealth.Reason) in the printer's language, as far as
// tracker knows its form (tracker.HealthReasonPhrase): the carrier's own
// error in it, counts and reset times as they are; a marketplace's sync
// paused by its error says it as ServiceError does. A reason in no known
// form reads as written; English reads it untouched.
func (p *Printer) HealthReason(reason string) string {
	if p.Lang() == En {
		return reason
	}
	if ph, ok := tracker.HealthReasonPhrase(reason); ok {
		return p.Phrase(ph)
	}
	// A marketplace's sync paused by its error: the error's text.
	if ph, ok := tracker.ServiceErrorPhrase(reason); ok {
		return p.Phrase(ph)
	}
	return reason
}

// ServiceError is why a call to a tracking service or a marketplace failed
// (tracker.Shipment.CheckError, a refresh's failure reasons, a quota's
// read, a marketplace sync that stopped) in the printer's language, as far as
// tracker knows its form (tracker.ServiceErrorPhrase): a CarrierError's
// frame and kind, our causes inside it; the service's slug, its status and
// its own words as they are. Text in no known form reads as written.
func (p *Printer) ServiceError(text string) string {
	if p.Lang() == En {
		return text
	}
	if ph, ok := tracker.ServiceErrorPhrase(text); ok {
		return p.Phrase(ph)
	}
	return text
}
