package track17_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/track17"
	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
)

const day = 24 * time.Hour

// inTransit is one scan that leaves a parcel in transit.
func inTransit(at time.Time, what string) track17fake.Event {
	return track17fake.Event{Time: at, Zone: "+08:00", SubStatus: "InTransit_Other", Description: what, Location: "Guangzhou"}
}

// TestStoppedAfterQuietDays: 17TRACK stops following a number after 30
// days without news, or 15 once delivered; the result says so once it
// has, and not before.
func TestStoppedAfterQuietDays(t *testing.T) {
	cases := []struct {
		name      string
		delivered bool
		quiet     time.Duration
		want      bool
	}{
		{"in transit, 29 quiet days", false, 29 * day, false},
		{"in transit, 31 quiet days", false, 31 * day, true},
		{"delivered, 14 quiet days", true, 14 * day, false},
		{"delivered, 16 quiet days", true, 16 * day, true},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := newPair(t)
			n := s10(40000000+i, 1)[0]
			if tc.delivered {
				fake.AddDelivered(n, shipped)
			} else {
				fake.AddEvents(n, inTransit(shipped, "Departed"))
			}
			if res := track(t, c, reqs("china-post", n)); res[0].Stopped {
				t.Fatal("a number just registered reads as stopped")
			}
			fake.Advance(tc.quiet)
			res := track(t, c, reqs("china-post", n))
			if res[0].Stopped != tc.want || res[0].Err != nil {
				t.Fatalf("Stopped = %v (err %v), want %v", res[0].Stopped, res[0].Err, tc.want)
			}
			if stopped, _ := fake.Stopped(n); stopped != tc.want {
				t.Fatalf("the fake says stopped %v", stopped)
			}
		})
	}
}

// TestQuietCandidatesOnly: gettracklist is asked only about numbers that
// may have stopped, so a busy batch costs no second request.
func TestQuietCandidatesOnly(t *testing.T) {
	fake, c := newPair(t)
	nums := s10(41000000, 3)
	for _, n := range nums {
		fake.AddEvents(n, inTransit(shipped, "Departed"))
	}
	track(t, c, reqs("china-post", nums...))
	track(t, c, reqs("china-post", nums...))
	for _, r := range fake.Requests() {
		if r.Path == "/track/v2.2/gettracklist" {
			t.Fatalf("asked gettracklist about numbers with fresh news: %s", r.Body)
		}
	}
}

// TestRestartOnce: a stopped number is retracked once; what the carrier
// said meanwhile then shows; a second retrack is refused with 17TRACK's
// code for it, and a number still followed with its own.
func TestRestartOnce(t *testing.T) {
	fake, c := newPair(t)
	ctx := context.Background()
	nums := s10(42000000, 2)
	stopped, busy := nums[0], nums[1]
	fake.AddEvents(stopped, inTransit(shipped, "Departed"))
	fake.AddEvents(busy, inTransit(shipped, "Departed"))
	track(t, c, reqs("china-post", nums...))
	fake.Advance(20 * day)
	fake.AddEvents(busy, inTransit(shipped.Add(20*day), "Arrived"))
	fake.Advance(11 * day)
	// News while 17TRACK does not look: held until it follows again.
	fake.AddEvents(stopped, inTransit(shipped.Add(40*day), "Arrived at the destination"))
	if res := track(t, c, reqs("china-post", stopped)); !res[0].Stopped || len(res[0].Events) != 1 {
		t.Fatalf("before the restart: stopped %v, %d events; want stopped, 1", res[0].Stopped, len(res[0].Events))
	}

	errs, err := c.Restart(ctx, reqs("china-post", stopped, busy))
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || !errors.Is(errs[1], tracker.ErrNotStopped) {
		t.Fatalf("Restart = %v, want [nil, ErrNotStopped]", errs)
	}
	res := track(t, c, reqs("china-post", stopped))
	if res[0].Stopped || len(res[0].Events) != 2 {
		t.Fatalf("after the restart: stopped %v, %d events; want followed, 2", res[0].Stopped, len(res[0].Events))
	}

	fake.Advance(31 * day)
	if res := track(t, c, reqs("china-post", stopped)); !res[0].Stopped {
		t.Fatal("quiet for 31 more days, yet followed")
	}
	errs, err = c.Restart(ctx, reqs("china-post", stopped))
	if err != nil || !errors.Is(errs[0], tracker.ErrRestartSpent) {
		t.Fatalf("second Restart = %v, %v; want ErrRestartSpent", errs, err)
	}
	if retracks, _ := fake.Lifecycle(); retracks != 1 {
		t.Fatalf("the fake restarted %d numbers, want 1", retracks)
	}
}

// TestStop: stoptrack ends following a number; a number already stopped,
// or never registered, counts as stopped.
func TestStop(t *testing.T) {
	fake, c := newPair(t)
	nums := s10(43000000, 3)
	fake.AddDelivered(nums[0], shipped)
	fake.AddDelivered(nums[1], shipped)
	track(t, c, reqs("china-post", nums[0], nums[1]))
	if errs, err := c.Stop(context.Background(), reqs("china-post", nums[1])); err != nil || errs[0] != nil {
		t.Fatalf("first Stop = %v, %v", errs, err)
	}
	errs, err := c.Stop(context.Background(), reqs("china-post", nums...))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			t.Errorf("Stop %s: %v, want nil", nums[i], e)
		}
	}
	for _, n := range nums[:2] {
		if stopped, why := fake.Stopped(n); !stopped || why != "ByRequest" {
			t.Errorf("%s: stopped %v (%s), want by request", n, stopped, why)
		}
	}
	if _, stops := fake.Lifecycle(); stops != 2 {
		t.Errorf("the fake stopped %d numbers, want 2", stops)
	}
}

// TestLifecycleCallFailures: a rejected key fails the whole call with its
// kind, as Track's calls do.
func TestLifecycleCallFailures(t *testing.T) {
	calls := []struct {
		name string
		call func(*track17.Carrier) error
	}{
		{"retrack", func(c *track17.Carrier) error {
			_, err := c.Restart(context.Background(), reqs("china-post", "RR420000005CN"))
			return err
		}},
		{"stoptrack", func(c *track17.Carrier) error {
			_, err := c.Stop(context.Background(), reqs("china-post", "RR420000005CN"))
			return err
		}},
		{"getquota", func(c *track17.Carrier) error { _, err := c.Quota(context.Background()); return err }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := newPair(t)
			fake.Fail(contract.FaultAuthCode, 1)
			if err := tc.call(c); tracker.FailKindOf(err) != tracker.FailAuth {
				t.Fatalf("error %v, want an auth failure", err)
			}
		})
	}
}

// TestGetQuota reads getquota: registrations used of the plan's total.
func TestGetQuota(t *testing.T) {
	fake, c := newPair(t)
	nums := s10(44000000, 3)
	for _, n := range nums {
		fake.AddDelivered(n, shipped)
	}
	track(t, c, reqs("china-post", nums...))
	q, err := c.Quota(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if q.Used != 3 || q.Limit != 100 {
		t.Fatalf("Quota = %+v, want 3 of 100", q)
	}
	fake.SetQuota(7)
	if q, _ := c.Quota(context.Background()); q.Used != 3 || q.Limit != 10 {
		t.Fatalf("after SetQuota(7): %+v, want 3 of 10", q)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if last.Path != "/track/v2.2/getquota" || last.Method != http.MethodPost || string(last.Body) != "[]" {
		t.Fatalf("request %s %s %s", last.Method, last.Path, last.Body)
	}
}

// TestWebhookStopNotice: TRACKING_STOPPED carries no track_info; it still
// reaches the store, as a push that says the number is no longer followed.
func TestWebhookStopNotice(t *testing.T) {
	fake, c := newPair(t)
	n := s10(45000000, 1)[0]
	fake.AddDelivered(n, shipped)
	body := fake.PushBody(track17.EventStopped, n)
	rec := &sinkRecorder{}
	if w := post(t, c.Webhook(hookSecret, rec.sink), http.MethodPost, body, track17fake.SignPush(body, hookSecret)); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if len(rec.pushes) != 1 || !rec.pushes[0].Stopped || rec.pushes[0].TrackingNo != n || len(rec.pushes[0].Events) != 0 {
		t.Fatalf("pushes %+v, want one stop notice for %s", rec.pushes, n)
	}
}
