package tracker

import (
	"context"
	"errors"
	"time"
)

// FailKind classifies why a call to a tracking service failed, because each
// kind wants a different response: a bad key stops that service until a
// person fixes the config, a rate limit waits, a server error retries with
// backoff, malformed data keeps the shipment's last good state.
type FailKind string

const (
	FailAuth        FailKind = "auth"         // key missing, wrong or not allowed (401/403, vendor codes)
	FailQuota       FailKind = "quota"        // daily or plan quota used up
	FailRateLimited FailKind = "rate_limited" // 429: slow down, see RetryAfter
	FailServer      FailKind = "server"       // 5xx or a vendor "try later" code
	FailTimeout     FailKind = "timeout"      // no answer in time
	FailConnect     FailKind = "connect"      // not reached: refused, name not resolved, connection dropped
	FailTLS         FailKind = "tls"          // no trusted TLS connection: certificate or handshake refused
	FailMalformed   FailKind = "malformed"    // an answer we cannot read
	FailRequest     FailKind = "request"      // the service refused the request itself (4xx)
)

// FailKinds are every FailKind, for readers of a failure's text and the
// catalog's test.
var FailKinds = []FailKind{FailAuth, FailQuota, FailRateLimited, FailServer, FailTimeout, FailConnect, FailTLS, FailMalformed, FailRequest}

// Retryable reports whether the same call may succeed if tried again later
// without anyone changing anything. A failed TLS handshake is not: the same
// certificate (a proxy's own, a name that does not match, an expired one)
// or the same plain-HTTP port answers every try, until someone changes the
// config, the trusted certificates or the service its certificate.
func (k FailKind) Retryable() bool {
	return k == FailRateLimited || k == FailServer || k == FailTimeout || k == FailConnect
}

// backsOff reports whether a call that failed so is tried again within the
// pass after a wait, and counts toward the service's breaker: the service
// is struggling or out of reach, and may be back in seconds.
func (k FailKind) backsOff() bool {
	return k == FailServer || k == FailTimeout || k == FailConnect
}

// CarrierError is a failed call to a tracking service.
type CarrierError struct {
	Service    string        // our service slug, e.g. "17track"
	Kind       FailKind      //
	Status     int           // HTTP status, 0 when none
	RetryAfter time.Duration // from Retry-After or the vendor, 0 when not said
	Err        error
}

// Error is the English: the phrase with its cause as it is, not read
// (the refresher takes it for every failed parcel).
func (e *CarrierError) Error() string { return e.phrase(false).String() }

// Wait is how long a service asked us to wait: it prints as Go prints a
// duration ("2m0s"), and a screen in another language says it in its words.
type Wait time.Duration

func (w Wait) String() string { return time.Duration(w).String() }

// The forms of a CarrierError's text: the service, the kind, the HTTP
// status and the wait asked for when there are, and the cause after it.
// The kind and the frame are ours, said in a reader's language; the
// service's slug, the status and the cause's outside words are values.
const (
	carrierFail                = "%s: %s"
	carrierFailStatus          = "%s: %s (HTTP %d)"
	carrierFailStatusWait      = "%s: %s (HTTP %d), retry after %s"
	carrierFailWait            = "%s: %s, retry after %s"
	carrierFailCause           = "%s: %s: %s"
	carrierFailStatusCause     = "%s: %s (HTTP %d): %s"
	carrierFailStatusWaitCause = "%s: %s (HTTP %d), retry after %s: %s"
	carrierFailWaitCause       = "%s: %s, retry after %s: %s"
)

// Phrased is the error as a Phrase of the forms above, its cause read
// into one of ours where it is one.
func (e *CarrierError) Phrased() Phrase { return e.phrase(true) }

func (e *CarrierError) phrase(readCause bool) Phrase {
	format, args := "%s: %s", []any{e.Service, e.Kind}
	if e.Status != 0 {
		format += " (HTTP %d)"
		args = append(args, e.Status)
	}
	if e.RetryAfter > 0 {
		format += ", retry after %s"
		args = append(args, Wait(e.RetryAfter.Round(time.Second)))
	}
	if e.Err != nil {
		format += ": %s"
		var cause any = e.Err
		if readCause {
			cause = causePhrase(e.Err)
		}
		args = append(args, cause)
	}
	return Phrase{Format: format, Args: args}
}

func (e *CarrierError) Unwrap() error { return e.Err }

// FailKindOf returns the kind of a carrier failure, or "" when err is not one.
func FailKindOf(err error) FailKind {
	var ce *CarrierError
	if errors.As(err, &ce) {
		return ce.Kind
	}
	return ""
}

// Push is what a tracking service sent us by webhook for one number. It goes
// through the same store path as a poll's answer.
type Push struct {
	TrackingNo string
	Events     []Event
	ETA        time.Time
	LastMile   LastMile
	Stopped    bool // the service says it stopped following the number
}

// PushSink takes what a service pushed by webhook and stores it through the
// same path as a poll's answer; service is our slug for the sender.
type PushSink func(ctx context.Context, service string, pushes []Push) (ApplySummary, error)
