package aftership

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"waybill/tracker"
)

// Following a tracking for as long as it matters. AfterShip's "active" is
// "false when tag (status) is Delivered, Expired, or further updates for
// 30 days since last update", and POST /trackings/{id}/retrack follows an
// inactive tracking again, once (2024-04; AfterShip/tracking-sdk-go
// model/tracking.go and request/retrack_tracking_by_id.go).
//
// The adapter is a tracker.Restarter only. Not a Stopper: AfterShip stops
// following delivered and expired trackings by itself, and its one way to
// stop others, mark-as-completed, rewrites the tag (to Delivered, or to
// Exception for LOST and RETURNED_TO_SENDER), which would change what the
// parcel says. Not a QuotaReader: the 2024-04 Tracking API documents no
// call that reports the plan's use, only per-second X-RateLimit headers.
const (
	codeRetrackActive = 4013 // "You can only retrack an inactive tracking."
	codeRetrackOnce   = 4016 // "You can only retrack each shipment once."
)

var _ tracker.Restarter = (*Carrier)(nil)

// stopped reports whether AfterShip has stopped following the tracking
// early: inactive, and not because it was delivered (which ends every
// tracking, and is no reason to follow it again).
func (t *apiTracking) stopped() bool {
	return t.Active != nil && !*t.Active && t.Tag.String() != "Delivered"
}

// Restart retracks each number's tracking (found by listing the numbers,
// as Track does). Each answer is nil when AfterShip took it,
// tracker.ErrNotStopped when it still follows the tracking (4013),
// tracker.ErrRestartSpent when the tracking was retracked before (4016),
// or the number's own error. The error return is a failed call.
func (c *Carrier) Restart(ctx context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	out := make([]error, len(reqs))
	for start := 0; start < len(reqs); start += c.batch {
		part := reqs[start:min(start+c.batch, len(reqs))]
		var numbers []string
		for i, r := range part {
			n := strings.TrimSpace(r.TrackingNo)
			if err := checkNumber(n); err != nil {
				out[start+i] = c.http.Fail(tracker.FailRequest, 0, err)
				continue
			}
			numbers = append(numbers, n)
		}
		if len(numbers) == 0 {
			continue
		}
		found, err := c.list(ctx, numbers, "")
		if err != nil {
			return nil, annotate(err, "get trackings of %d numbers to retrack", len(numbers))
		}
		done := map[string]error{} // tracking id → answer, for a number asked twice
		for i, r := range part {
			if out[start+i] != nil {
				continue
			}
			n := strings.TrimSpace(r.TrackingNo)
			t := pick(found[key(n)], CourierSlug(r.Carrier))
			if t == nil {
				out[start+i] = c.http.Fail(tracker.FailRequest, 0, fmt.Errorf("no AfterShip tracking of %s to retrack", n))
				continue
			}
			id := t.ID.String()
			answer, ok := done[id]
			if !ok {
				if answer, err = c.retrack(ctx, id); err != nil {
					return nil, annotate(err, "retrack %s", n)
				}
				done[id] = answer
			}
			out[start+i] = answer
		}
	}
	return out, nil
}

// retrack asks AfterShip to follow one tracking again: the answer for the
// number, or the error of a failed call.
func (c *Carrier) retrack(ctx context.Context, id string) (error, error) {
	req, err := c.http.JSONRequest(http.MethodPost, trackingsPath+"/"+url.PathEscape(id)+"/retrack", nil, nil)
	if err != nil {
		return nil, err
	}
	_, err = c.do(ctx, req)
	var ve *VendorError
	switch {
	case err == nil:
		return nil, nil
	case tracker.FailKindOf(err) != tracker.FailRequest || !errors.As(err, &ve):
		return nil, err
	case ve.Code == codeRetrackActive:
		return fmt.Errorf("%s: %w (%v)", Slug, tracker.ErrNotStopped, ve), nil
	case ve.Code == codeRetrackOnce:
		return fmt.Errorf("%s: %w (%v)", Slug, tracker.ErrRestartSpent, ve), nil
	}
	return err, nil
}
