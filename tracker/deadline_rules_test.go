package tracker

import (
	"strings"
	"testing"
	"time"
)

var dt0 = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

func TestFollowUpDeadline(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Case
		ok   bool
	}{
		{"open with a date", Case{ID: 7, OrderID: 1, ShipmentID: 2, State: CaseOpen, FollowUpAt: dt0}, true},
		{"open without a date", Case{ID: 7, OrderID: 1, State: CaseOpen}, false},
		{"closed", Case{ID: 7, OrderID: 1, State: CaseClosed, FollowUpAt: dt0}, false},
		{"not stored yet", Case{OrderID: 1, State: CaseOpen, FollowUpAt: dt0}, false},
	} {
		d, ok := FollowUpDeadline(tc.c)
		if ok != tc.ok {
			t.Fatalf("%s: ok %v", tc.name, ok)
		}
		if ok && (d.Kind != DeadlineFollowUp || !d.DueAt.Equal(dt0) || d.CaseID != 7 || d.Ref != "case:7" || d.Source != SourceRule || CheckDeadline(d) != nil) {
			t.Fatalf("%s: %+v", tc.name, d)
		}
	}
}

func TestCarrierClaimDeadline(t *testing.T) {
	cfg := DeadlineConfig{ClaimDays: map[string]int{"china-post": 180, "default": 60}}
	sh := Shipment{ID: 3, OrderID: 1, Carrier: "china-post", ShippedAt: dt0}
	for _, tc := range []struct {
		name string
		x    Exception
		sh   Shipment
		cfg  DeadlineConfig
		due  time.Time // zero: none
	}{
		{"lost china-post", Exception{Kind: ExLost}, sh, cfg, dt0.AddDate(0, 0, 180)},
		{"damaged, carrier by default", Exception{Kind: ExDamaged}, Shipment{ID: 3, OrderID: 1, Carrier: "dhl", ShippedAt: dt0}, cfg, dt0.AddDate(0, 0, 60)},
		{"no config: the UNCONFIRMED default", Exception{Kind: ExLost}, sh, DeadlineConfig{}, dt0.AddDate(0, 0, DefaultClaimDays)},
		{"unshipped: from the exception", Exception{Kind: ExLost, OpenedAt: dt0.Add(time.Hour)}, Shipment{ID: 3, OrderID: 1, Carrier: "china-post"}, cfg,
			dt0.Add(time.Hour).AddDate(0, 0, 180)},
		{"stale is no claim", Exception{Kind: ExStale}, sh, cfg, time.Time{}},
		{"customs is no claim", Exception{Kind: ExCustoms}, sh, cfg, time.Time{}},
	} {
		d, ok := CarrierClaimDeadline(tc.x, tc.sh, tc.cfg)
		if ok != !tc.due.IsZero() || ok && (!d.DueAt.Equal(tc.due) || d.Kind != DeadlineCarrierClaim || d.Ref != "shipment:3" || d.ShipmentID != 3) {
			t.Fatalf("%s: %+v %v, want due %v", tc.name, d, ok, tc.due)
		}
	}
}

func TestDerivedProtectionEnd(t *testing.T) {
	r := Rules{PromisedDays: map[string]int{"AliExpress Standard Shipping": 30}}
	std := Order{ID: 1, ShippingMethod: "AliExpress Standard Shipping"}
	promised := Order{ID: 1, PromisedAt: dt0.AddDate(0, 0, 45)}
	moving := func(id int64, shipped time.Time) Shipment {
		return Shipment{ID: id, OrderID: 1, ShippedAt: shipped, Status: StatusInTransit}
	}
	for _, tc := range []struct {
		name string
		o    Order
		shs  []Shipment
		due  time.Time
	}{
		{"shipping method's days from shipping", std, []Shipment{moving(1, dt0)}, dt0.AddDate(0, 0, 30)},
		{"the last shipment counts", std, []Shipment{moving(1, dt0), moving(2, dt0.AddDate(0, 0, 3))}, dt0.AddDate(0, 0, 33)},
		{"the order's promised date", promised, []Shipment{moving(1, dt0)}, dt0.AddDate(0, 0, 45)},
		{"no promise", Order{ID: 1}, []Shipment{moving(1, dt0)}, time.Time{}},
		{"not shipped", std, []Shipment{{ID: 1, OrderID: 1}}, time.Time{}},
		{"all delivered", std, []Shipment{{ID: 1, OrderID: 1, ShippedAt: dt0, Status: StatusDelivered}}, time.Time{}},
	} {
		d, ok := DerivedProtectionEnd(tc.o, tc.shs, r)
		if ok != !tc.due.IsZero() || ok && (!d.DueAt.Equal(tc.due) || d.Kind != DeadlineProtectionEnd || d.Source != SourceRule || d.Ref != "") {
			t.Fatalf("%s: %+v %v, want due %v", tc.name, d, ok, tc.due)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{28 * time.Hour, "1d 4h"},
		{48 * time.Hour, "2d"},
		{3*time.Hour + 20*time.Minute, "3h 20m"},
		{5 * time.Hour, "5h"},
		{45*time.Minute + 30*time.Second, "45m"},
		{0, "0m"},
		{-3 * time.Hour, "overdue 3h"},
		{-(26 * time.Hour), "overdue 1d 2h"},
	} {
		if got := TimeLeft(dt0.Add(tc.d), dt0); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.d, got, tc.want)
		}
	}
	// Beyond what a Duration holds, each way.
	if got := TimeLeft(time.Time{}.AddDate(0, 0, 10), dt0); !strings.HasPrefix(got, "overdue ") || !strings.HasSuffix(got, "d") && !strings.Contains(got, "d ") {
		t.Errorf("year-1 due: %q, want overdue by days", got)
	}
	if got := TimeLeft(dt0.AddDate(400, 0, 0), dt0); strings.HasPrefix(got, "overdue") || !strings.Contains(got, "d") {
		t.Errorf("due in 400 years: %q, want days left", got)
	}
}

func TestDeadlinesConfig(t *testing.T) {
	for _, tc := range []struct {
		name, src, wantErr string
	}{
		{"defaults", "", ""},
		{"set", "[deadlines]\nurgent = \"72h\"\nalert_before = [\"24h\"]\n[deadlines.claim_days]\nchina-post = 180\n", ""},
		{"urgent too short", "[deadlines]\nurgent = \"10m\"\n", "deadlines.urgent"},
		{"bad lead", "[deadlines]\nalert_before = [\"48h\", \"0s\"]\n", "deadlines.alert_before"},
		{"bad claim days", "[deadlines.claim_days]\nchina-post = 0\n", "deadlines.claim_days.china-post"},
	} {
		c, err := ParseConfig("config.toml", []byte(tc.src))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Fatalf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "config.toml line ")):
			t.Fatalf("%s: %v, want an error naming %s with its line", tc.name, err, tc.wantErr)
		case tc.name == "defaults" && (c.Deadlines.Urgent.Duration != 48*time.Hour || len(c.Deadlines.AlertBefore) != 2):
			t.Fatalf("defaults %+v", c.Deadlines)
		}
	}
}
