package track17

import (
	"context"
	"fmt"
	"strings"

	"waybill/tracker"
)

// Following a number for as long as it matters. 17TRACK stops following a
// number by itself "after 30 days of no event changes", or "15 days after
// delivery if there are no data changes", and a stopped number can be
// restarted once, free of quota, with retrack
// (https://help.17track.net/hc/en-us/articles/37524573677721-Why-tracking-stopped-How-to-restart-it,
// https://help.17track.net/hc/en-us/articles/37575160271001-Quota-Deduction-Standards-and-Rules).
// stoptrack ends following a number we no longer need, and getquota tells
// the plan's use. Each takes at most 40 numbers, like register.
const (
	pathRetrack   = "/track/v2.2/retrack"
	pathStop      = "/track/v2.2/stoptrack"
	pathQuota     = "/track/v2.2/getquota"
	pathTrackList = "/track/v2.2/gettracklist"

	// From the documented error table
	// (https://help.17track.net/hc/en-us/articles/37570440168473-Error-Codes-and-Troubleshooting).
	errRetrackNotStopped = -18019904 // only stopped numbers can be retracked
	errRetrackOnce       = -18019905 // a number is retracked once at most
	errStopNotTracked    = -18019906 // only tracked numbers can be stopped

	// quietCandidateDays is when a number may have been stopped for want
	// of news: the shorter of the two documented waits (15 days after
	// delivery, 30 otherwise). gettrackinfo does not say whether 17TRACK
	// still follows a number; gettracklist's tracking_status does, so it
	// is asked about these numbers only.
	quietCandidateDays = 15
)

var (
	_ tracker.Restarter   = (*Carrier)(nil)
	_ tracker.Stopper     = (*Carrier)(nil)
	_ tracker.QuotaReader = (*Carrier)(nil)
)

// quiet reports whether 17TRACK may have stopped following a number, from
// what gettrackinfo said of it: no news for quietCandidateDays, or its own
// verdict Expired.
func quiet(ti *trackInfo) bool {
	if ti == nil {
		return false
	}
	if d := ti.TimeMetrics.DaysAfterLastUpdate; d != nil && *d >= quietCandidateDays {
		return true
	}
	return classify(ti.LatestStatus.SubStatus, "", ti.LatestStatus.Status).status == tracker.StatusExpired
}

// trackListData is data of gettracklist: one entry per registered number
// the query matched, with whether 17TRACK still follows it.
type trackListData struct {
	Accepted []struct {
		Number          string `json:"number"`
		TrackingStatus  string `json:"tracking_status"` // "Tracking" or "Stopped"
		StopTrackReason string `json:"stop_track_reason"`
		IsRetracked     bool   `json:"is_retracked"`
	} `json:"accepted"`
	Errors []apiError `json:"errors"`
}

func (d *trackListData) errorList() []apiError { return d.Errors }

// markStopped asks gettracklist about the numbers of a batch that may have
// been stopped and marks those 17TRACK says it stopped. It is a second
// opinion on answers already in hand: when it fails, the batch keeps them
// and the next poll asks again.
func (c *Carrier) markStopped(ctx context.Context, items []item, answers map[string]*answer) {
	var numbers []string
	for _, it := range items {
		if a := answers[it.key]; a != nil && a.quiet && a.err == nil {
			numbers = append(numbers, it.number)
		}
	}
	if len(numbers) == 0 {
		return
	}
	// The number field takes the numbers comma-separated (v2.2 docs,
	// gettracklist); at most a batch of them, as everywhere.
	var data trackListData
	if err := c.call(ctx, pathTrackList, map[string]any{"number": strings.Join(numbers, ",")}, &data); err != nil {
		return
	}
	for _, acc := range data.Accepted {
		if a := answers[normalize(acc.Number)]; a != nil && acc.TrackingStatus == "Stopped" {
			a.stopped = true
		}
	}
}

// batchData is data of retrack and stoptrack.
type batchData struct {
	Accepted []struct {
		Number  string `json:"number"`
		Carrier int    `json:"carrier"`
	} `json:"accepted"`
	Rejected []rejected `json:"rejected"`
	Errors   []apiError `json:"errors"`
}

func (d *batchData) errorList() []apiError { return d.Errors }

// Restart asks 17TRACK to follow stopped numbers again (retrack). Each
// answer is nil when 17TRACK took it, tracker.ErrNotStopped when it still
// follows the number, tracker.ErrRestartSpent when the number's one
// retrack was used before, or the number's own error.
func (c *Carrier) Restart(ctx context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	return c.each(ctx, "retrack", pathRetrack, reqs, func(code int, e apiError) error {
		switch code {
		case errRetrackNotStopped:
			return fmt.Errorf("%s: %w (%v)", Service, tracker.ErrNotStopped, e)
		case errRetrackOnce:
			return fmt.Errorf("%s: %w (%v)", Service, tracker.ErrRestartSpent, e)
		}
		return c.client.Fail(kindOf(code), 0, e)
	})
}

// Stop asks 17TRACK to stop following numbers (stoptrack). A number it
// already does not follow, stopped or never registered, is no failure:
// what Stop asks for holds.
func (c *Carrier) Stop(ctx context.Context, reqs []tracker.TrackRequest) ([]error, error) {
	return c.each(ctx, "stoptrack", pathStop, reqs, func(code int, e apiError) error {
		if code == errStopNotTracked || code == errNotRegistered {
			return nil
		}
		return c.client.Fail(kindOf(code), 0, e)
	})
}

// each sends reqs to path in batches and returns one answer per request,
// in order: nil for accepted numbers, refuse's verdict on rejected ones.
func (c *Carrier) each(ctx context.Context, op, path string, reqs []tracker.TrackRequest, refuse func(int, apiError) error) ([]error, error) {
	out := make([]error, len(reqs))
	for start := 0; start < len(reqs); start += c.batch {
		part := reqs[start:min(start+c.batch, len(reqs))]
		var body []numberItem
		seen := map[string]bool{}
		for _, r := range part {
			k := normalize(r.TrackingNo)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			body = append(body, numberItem{Number: strings.TrimSpace(r.TrackingNo), Carrier: c.knownCarrier(k)})
		}
		verdict := map[string]error{}
		if len(body) > 0 {
			var data batchData
			if err := c.call(ctx, path, body, &data); err != nil {
				return nil, annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, op, len(body)))
			}
			for _, r := range data.Rejected {
				if callLevel(r.Error.Code) {
					return nil, annotate(c.client.Fail(kindOf(r.Error.Code), 0, r.Error), op+" "+r.Number)
				}
				verdict[normalize(r.Number)] = refuse(r.Error.Code, r.Error)
			}
		}
		for i, r := range part {
			if normalize(r.TrackingNo) == "" {
				out[start+i] = c.client.Fail(tracker.FailRequest, 0, fmt.Errorf("empty tracking number"))
				continue
			}
			out[start+i] = verdict[normalize(r.TrackingNo)]
		}
	}
	return out, nil
}

// quotaData is data of getquota (fields as the v2.2 docs list them).
type quotaData struct {
	QuotaTotal    int        `json:"quota_total"`
	QuotaUsed     int        `json:"quota_used"`
	QuotaRemain   int        `json:"quota_remain"`
	TodayUsed     int        `json:"today_used"`
	MaxTrackDaily int        `json:"max_track_daily"` // 0: no daily limit
	Errors        []apiError `json:"errors"`
}

func (d *quotaData) errorList() []apiError { return d.Errors }

// Quota reads the plan's use (getquota): numbers registered of the plan's
// total. 17TRACK gives no reset time: plans are bought as a number of
// registrations, not by the month.
func (c *Carrier) Quota(ctx context.Context) (tracker.Quota, error) {
	var data quotaData
	// The body is an empty array: getquota takes no fields.
	if err := c.call(ctx, pathQuota, []numberItem{}, &data); err != nil {
		return tracker.Quota{}, annotate(err, "getquota")
	}
	return tracker.Quota{Used: data.QuotaUsed, Limit: data.QuotaTotal}, nil
}
