package tracker

import "sync"

// Why a tracking service is paused or stopped (ServiceHealth.Reason): the
// refresher writes it in English by these formats (the store's shared
// health, --json and logs read that text), and a screen or the command
// line in another language reads it back into its format and says it in
// its words. The carrier's error in it is the service's own text, kept
// verbatim as a value (it is sanitized where it is shown); a reason in no
// known form (a marketplace's error, a newer build's) reads as written.
const (
	// The carrier's error.
	ReasonKeyRejected = "key rejected: %s"
	ReasonRedirected  = "redirected to another host, key withheld: %s"
	ReasonNoTLS       = "no trusted TLS connection: %s"
	// The failed calls in a row, and the last one's error.
	ReasonBreaker = "circuit open after %d failed calls: %s"
	// A quota used up when the service said no more.
	ReasonQuota       = "quota used up"
	ReasonRateLimited = "rate limited"
	// A quota the service (or its documentation) says more of
	// (QuotaUsedUp.Reason): DHL's day, AfterShip's plan and when it
	// resets.
	ReasonQuotaDailyGMT = "daily quota used up, resets 00:00 GMT"
	ReasonQuotaPlan     = "plan's request limit used up, resets %s"
)

var healthReasons = sync.OnceValue(func() *phraseReader {
	// The carrier's error in a reason is a CarrierError's text: its frame
	// and kind are ours, read back too.
	ce := phraseArg(carrierErrors)
	return newPhraseReader(form(ReasonKeyRejected, ce), form(ReasonRedirected, ce), form(ReasonNoTLS, ce),
		form(ReasonBreaker, nil, ce), form(ReasonQuota), form(ReasonRateLimited), form(ReasonQuotaDailyGMT),
		form(ReasonQuotaPlan))
})

// HealthReasonPhrase is ServiceHealth.Reason as the Phrase the refresher
// wrote it from; ok false for a reason in no known form.
func HealthReasonPhrase(reason string) (Phrase, bool) { return healthReasons().read(reason) }
