package track17fake

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestLifecycleAsDocumented walks one number through 17TRACK's documented
// life: followed, stopped after 30 quiet days (its news held), retracked
// once (the news shows), refused a second retrack, stopped by request.
func TestLifecycleAsDocumented(t *testing.T) {
	s := New(t, 0)
	const n = "RR123456785CN"
	body := fmt.Sprintf(`[{"number":%q}]`, n)
	s.AddEvents(n, Event{Time: time.Now(), SubStatus: "InTransit_Other", Description: "Departed"})
	if _, a := do(t, s, "POST", "register", s.Key(), "application/json", body); len(a.Data.Accepted) != 1 {
		t.Fatalf("register: %+v", a)
	}
	retrack := func(want int) {
		t.Helper()
		_, a := do(t, s, "POST", "retrack", s.Key(), "application/json", body)
		got := 0
		if len(a.Data.Rejected) == 1 {
			got = a.Data.Rejected[0].Error.Code
		}
		if got != want {
			t.Fatalf("retrack: code %d, want %d (%+v)", got, want, a)
		}
	}
	retrack(CodeRetrackNotStopped)
	s.Advance(29 * 24 * time.Hour)
	if stopped, _ := s.Stopped(n); stopped {
		t.Fatal("stopped after 29 quiet days")
	}
	s.Advance(24 * time.Hour)
	if stopped, why := s.Stopped(n); !stopped || why != "Expired" {
		t.Fatalf("after 30 quiet days: stopped %v (%s)", stopped, why)
	}
	s.AddEvents(n, Event{Time: time.Now(), SubStatus: "InTransit_Arrival", Description: "Arrived"})
	events := func() int {
		_, a := do(t, s, "POST", "gettrackinfo", s.Key(), "application/json", body)
		var ti struct {
			Tracking struct {
				Providers []struct {
					Events []json.RawMessage `json:"events"`
				} `json:"providers"`
			} `json:"tracking"`
		}
		if len(a.Data.Accepted) != 1 || json.Unmarshal(a.Data.Accepted[0].TrackInfo, &ti) != nil || len(ti.Tracking.Providers) != 1 {
			t.Fatalf("gettrackinfo: %+v", a)
		}
		return len(ti.Tracking.Providers[0].Events)
	}
	if got := events(); got != 1 {
		t.Fatalf("a stopped number shows %d events, want the 1 from before it stopped", got)
	}
	retrack(0)
	if got := events(); got != 2 {
		t.Fatalf("after retrack: %d events, want 2", got)
	}
	if _, a := do(t, s, "POST", "stoptrack", s.Key(), "application/json", body); len(a.Data.Accepted) != 1 {
		t.Fatalf("stoptrack: %+v", a)
	}
	if _, a := do(t, s, "POST", "stoptrack", s.Key(), "application/json", body); len(a.Data.Rejected) != 1 || a.Data.Rejected[0].Error.Code != CodeStopNotTracked {
		t.Fatalf("second stoptrack: %+v", a)
	}
	retrack(CodeRetrackOnce)
}

// TestStopPushHasNoTrackInfo: a TRACKING_STOPPED push names the number
// only, as the documented notification does.
func TestStopPushHasNoTrackInfo(t *testing.T) {
	s := New(t, 0)
	s.AddDelivered("RR123456785CN", time.Now().Add(-9*24*time.Hour))
	var p struct {
		Event string         `json:"event"`
		Data  map[string]any `json:"data"`
	}
	if err := json.Unmarshal(s.PushBody("TRACKING_STOPPED", "RR123456785CN"), &p); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Data["track_info"]; ok || p.Event != "TRACKING_STOPPED" || p.Data["number"] != "RR123456785CN" {
		t.Fatalf("stop push %+v", p)
	}
}
