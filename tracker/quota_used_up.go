package tracker

// QuotaUsedUp is the Err of a FailQuota CarrierError when the service has
// said, or its documentation says, which quota ran out and when it comes
// back. The refresher names Reason as why it paused the service, so the
// status bar and `waybill refresh` say more than "quota used up": "daily
// quota used up, resets 00:00 GMT". The pause itself lasts the error's
// RetryAfter.
type QuotaUsedUp struct {
	Reason string // for a person: what ran out and when it comes back
	Err    error  // what the service answered, nil when nothing more
}

func (q *QuotaUsedUp) Error() string {
	if q.Err == nil {
		return q.Reason
	}
	return q.Reason + ": " + q.Err.Error()
}

func (q *QuotaUsedUp) Unwrap() error { return q.Err }
