package carrierhttp

import (
	"context"
	"fmt"

	"waybill/tracker"
)

// TrackEach serves a batch for a service that takes one number a request:
// it asks about each request in turn with one, and returns one result per
// request in order, named by the number as it was asked for. The first call-level failure (or cancellation) ends
// the batch with no results, as tracker.Carrier's contract asks.
func TrackEach(ctx context.Context, service string, reqs []tracker.TrackRequest,
	one func(context.Context, tracker.TrackRequest) (tracker.TrackResult, error)) ([]tracker.TrackResult, error) {
	out := make([]tracker.TrackResult, len(reqs))
	for i, req := range reqs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s track %q: %w", service, req.TrackingNo, err)
		}
		res, err := one(ctx, req)
		if err != nil {
			return nil, err
		}
		res.TrackingNo = req.TrackingNo // as asked, whatever form the service answers in
		out[i] = res
	}
	return out, nil
}
