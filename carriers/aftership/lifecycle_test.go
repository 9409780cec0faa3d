package aftership

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/tracker"
)

const day = 24 * time.Hour

func transit(at time.Time, msg string) aftershipfake.Checkpoint {
	return aftershipfake.Checkpoint{CheckpointTime: at.UTC().Format(time.RFC3339), Location: "Guangzhou", Message: msg, Tag: "InTransit", Subtag: "InTransit_001"}
}

func trackOne(t *testing.T, c *Carrier, n string) tracker.TrackResult {
	t.Helper()
	res, err := c.Track(context.Background(), reqs("china-post", n))
	if err != nil || len(res) != 1 {
		t.Fatalf("Track: %v, %d results", err, len(res))
	}
	return res[0]
}

// TestStoppedWhenInactive: AfterShip stops following a tracking after 30
// days without news ("active": false; a Pending one turns Expired); the
// result says so then, and not for a delivered tracking, which every
// tracking ends as.
func TestStoppedWhenInactive(t *testing.T) {
	shipped := time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		script  func(f *aftershipfake.Server, n string)
		quiet   time.Duration
		want    bool
		wantTag tracker.Status
	}{
		{"in transit, 29 quiet days", func(f *aftershipfake.Server, n string) { f.AddEvents(n, transit(shipped, "Departed")) }, 29 * day, false, tracker.StatusInTransit},
		{"in transit, 31 quiet days", func(f *aftershipfake.Server, n string) { f.AddEvents(n, transit(shipped, "Departed")) }, 31 * day, true, tracker.StatusInTransit},
		{"pending, 31 quiet days: Expired", func(f *aftershipfake.Server, n string) {
			f.AddTracking(aftershipfake.Tracking{TrackingNumber: n, Slug: "china-post"})
		}, 31 * day, true, ""},
		{"delivered, 31 quiet days", func(f *aftershipfake.Server, n string) { f.AddDelivered(n, shipped) }, 31 * day, false, tracker.StatusDelivered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := aftershipfake.New(t, 0)
			c := newCarrier(t, f)
			n := "RR123456785CN"
			tc.script(f, n)
			if res := trackOne(t, c, n); res.Stopped {
				t.Fatal("a fresh tracking reads as stopped")
			}
			f.Advance(tc.quiet)
			res := trackOne(t, c, n)
			if res.Stopped != tc.want || res.Err != nil {
				t.Fatalf("Stopped = %v (err %v), want %v", res.Stopped, res.Err, tc.want)
			}
			if tc.wantTag != "" && (len(res.Events) == 0 || res.Events[len(res.Events)-1].Status != tc.wantTag) {
				t.Fatalf("events %+v, want the last %s", res.Events, tc.wantTag)
			}
			if tr, _ := f.Tracking(n, ""); tc.wantTag == "" && tr.Tag != "Expired" {
				t.Fatalf("tag %s, want Expired", tr.Tag)
			}
		})
	}
}

// TestRestartOnce: an inactive tracking is retracked once; the news it
// missed then shows; a second retrack is refused with 4016, a retrack of
// a tracking still followed with 4013.
func TestRestartOnce(t *testing.T) {
	f := aftershipfake.New(t, 0)
	c := newCarrier(t, f)
	ctx := context.Background()
	shipped := time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
	stopped, busy := "RR123456785CN", "RR000000055CN"
	f.AddEvents(stopped, transit(shipped, "Departed"))
	f.AddEvents(busy, transit(shipped, "Departed"))
	f.Advance(20 * day)
	f.AddEvents(busy, transit(shipped.Add(20*day), "Arrived"))
	f.Advance(11 * day)
	f.AddEvents(stopped, transit(shipped.Add(31*day), "Arrived at the destination"))
	if res := trackOne(t, c, stopped); !res.Stopped || len(res.Events) != 1 {
		t.Fatalf("before the retrack: stopped %v, %d events", res.Stopped, len(res.Events))
	}
	errs, err := c.Restart(ctx, reqs("china-post", stopped, busy))
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || !errors.Is(errs[1], tracker.ErrNotStopped) {
		t.Fatalf("Restart = %v, want [nil, ErrNotStopped]", errs)
	}
	if res := trackOne(t, c, stopped); res.Stopped || len(res.Events) != 2 {
		t.Fatalf("after the retrack: stopped %v, %d events; want followed, 2", res.Stopped, len(res.Events))
	}
	f.Advance(31 * day)
	errs, err = c.Restart(ctx, reqs("china-post", stopped))
	if err != nil || !errors.Is(errs[0], tracker.ErrRestartSpent) {
		t.Fatalf("second Restart = %v, %v; want ErrRestartSpent", errs, err)
	}
	if f.Retracks() != 1 {
		t.Fatalf("the fake retracked %d times, want 1", f.Retracks())
	}
	var posts []string
	for _, r := range f.Requests() {
		if r.Method == http.MethodPost {
			posts = append(posts, r.Path)
		}
	}
	if len(posts) != 3 || posts[0] != "/tracking/2024-04/trackings/"+mustID(t, f, stopped)+"/retrack" {
		t.Fatalf("POSTs %v, want three retracks by tracking id", posts)
	}
}

func mustID(t *testing.T, f *aftershipfake.Server, n string) string {
	t.Helper()
	tr, ok := f.Tracking(n, "")
	if !ok {
		t.Fatalf("no tracking of %s", n)
	}
	return tr.ID
}

// TestWebhookStopped: a push of an inactive, undelivered tracking says the
// number is no longer followed.
func TestWebhookStopped(t *testing.T) {
	f := aftershipfake.New(t, 0)
	n := "RR123456785CN"
	f.AddEvents(n, transit(time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC), "Departed"))
	f.Advance(31 * day)
	body := f.WebhookBody(n)
	var rec sinkRecorder
	w := post(webhookCarrier(t).Webhook("s3cret", rec.sink), http.MethodPost, body, aftershipfake.Sign("s3cret", body), true)
	if w.Code != http.StatusOK || rec.calls != 1 || !rec.pushes[0].Stopped {
		t.Fatalf("status %d calls %d pushes %+v, want one stopped push", w.Code, rec.calls, rec.pushes)
	}
}
