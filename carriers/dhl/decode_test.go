package dhl

import (
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/tracker"
)

func TestDecodeExpressSample(t *testing.T) {
	res, err := Decode(contract.Testdata(t, "express_in_customs.json"), "3318810025")
	if err != nil {
		t.Fatal(err)
	}
	if res.NotFound || res.Err != nil || res.TrackingNo != "3318810025" {
		t.Fatalf("%+v", res)
	}
	if want := time.Date(2026, 10, 26, 17, 0, 0, 0, time.UTC); !res.ETA.Equal(want) {
		t.Errorf("ETA %v, want %v", res.ETA, want)
	}
	want := []tracker.Event{
		{Time: time.Date(2026, 10, 23, 7, 12, 0, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "transit/HP", Location: "PARIS - FRANCE, FR", Description: "Shipment is on hold pending payment of duties and taxes", Exception: tracker.ExCustoms},
		{Time: time.Date(2026, 10, 23, 4, 40, 0, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "transit/IC", Location: "PARIS - FRANCE, FR", Description: "Processed for clearance at PARIS - FRANCE"},
		{Time: time.Date(2026, 10, 22, 23, 5, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "transit/DF", Location: "LEIPZIG - GERMANY, DE", Description: "Shipment has departed from a DHL facility LEIPZIG - GERMANY"},
		{Time: time.Date(2026, 10, 21, 14, 30, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "transit/AF", Location: "HONG KONG - HONG KONG SAR, CHINA", Description: "Arrived at DHL Sort Facility HONG KONG - HONG KONG SAR, CHINA"},
		{Time: time.Date(2026, 10, 20, 10, 2, 0, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "transit/PU", Location: "SHENZHEN - CHINA MAINLAND, CN", Description: "Shipment picked up"},
		{Time: time.Date(2026, 10, 20, 3, 15, 0, 0, time.UTC), Status: tracker.StatusInfoReceived, RawStatus: "pre-transit/SD", Description: "Shipment information received"},
	}
	contract.SameEvents(t, res.Events, want)
}

func TestDecodeParcelDEReturned(t *testing.T) {
	// The id is a bare JSON number longer than a float64 holds exactly.
	res, err := Decode(contract.Testdata(t, "parcel_de_returned.json"), "340434188193912345")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		raw  string
		st   tracker.Status
		ex   tracker.ExceptionKind
		loc  string
		desc string
	}{
		{"delivered/ZU", tracker.StatusReturned, "", "Deutschland", "Die Sendung wurde an den Absender zurückgeschickt und zugestellt."},
		{"transit/BV", tracker.StatusReturning, tracker.ExReturning, "", "Die Annahme der Sendung wurde verweigert. Die Sendung wird an den Absender zurückgesendet."},
		{"transit/PO", tracker.StatusOutForDelivery, "", "", "Die Sendung wurde in das Zustellfahrzeug geladen. Die Zustellung erfolgt voraussichtlich heute."},
		{"transit/ES", tracker.StatusInTransit, "", "Deutschland", "Die Sendung wurde vom Absender in der Filiale eingeliefert."},
		{"pre-transit/VA", tracker.StatusInfoReceived, "", "", "Die Sendung wurde elektronisch angekündigt."},
	}
	if len(res.Events) != len(want) || !res.ETA.IsZero() {
		t.Fatalf("%+v", res)
	}
	for i, w := range want {
		g := res.Events[i]
		if g.RawStatus != w.raw || g.Status != w.st || g.Exception != w.ex || g.Location != w.loc || g.Description != w.desc {
			t.Errorf("event %d: %+v, want %+v", i, g, w)
		}
	}
	if !res.Events[0].Time.Equal(time.Date(2026, 10, 24, 11, 20, 0, 0, time.UTC)) {
		t.Errorf("zone-less time %v", res.Events[0].Time)
	}
}

func TestDecodeShapes(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		number   string
		notFound bool
		events   int
		first    string // RawStatus of the first event
	}{
		{"no shipments", `{"shipments":[]}`, "1", true, 0, ""},
		{"no shipments key", `{}`, "1", true, 0, ""},
		{"shipment without events uses its status", `{"shipments":[{"id":"1","service":"express","status":{"timestamp":"2026-10-20T10:00:00Z","statusCode":"transit","status":"PL"}}]}`, "1", false, 1, "transit/PL"},
		{"events without readable time are dropped", `{"shipments":[{"id":"1","events":[{"timestamp":"yesterday","statusCode":"transit"},{"timestamp":"2026-10-20","statusCode":"delivered"}]}]}`, "1", false, 1, "delivered"},
		{"only unreadable events is NotFound", `{"shipments":[{"id":"1","events":[{"timestamp":"","statusCode":"transit"}]}]}`, "1", true, 0, ""},
		{"the shipment whose id matches wins", `{"shipments":[{"id":"2","events":[{"timestamp":"2026-10-20T10:00:00Z","statusCode":"failure"}]},{"id":"1","events":[{"timestamp":"2026-10-20T10:00:00Z","statusCode":"transit"}]}]}`, " 1 ", false, 1, "transit"},
		{"else the first (a piece id lookup)", `{"shipments":[{"id":"JD1","events":[{"timestamp":"2026-10-20T10:00:00Z","statusCode":"transit"}]}]}`, "JJD0001", false, 1, "transit"},
		{"null id", `{"shipments":[{"id":null,"events":[{"timestamp":"2026-10-20T10:00:00Z","statusCode":"transit"}]}]}`, "1", false, 1, "transit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Decode([]byte(tc.body), tc.number)
			if err != nil {
				t.Fatal(err)
			}
			if res.NotFound != tc.notFound || len(res.Events) != tc.events {
				t.Fatalf("%+v", res)
			}
			if tc.events > 0 && res.Events[0].RawStatus != tc.first {
				t.Fatalf("first raw %q, want %q", res.Events[0].RawStatus, tc.first)
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{"shipments":{}}`, `{"shipments":[{"id":{}}]}`, `{"shipments":[{"events":"x"}]}`} {
		if _, err := Decode([]byte(bad), "1"); err == nil {
			t.Errorf("Decode(%q) took a wrong shape", bad)
		}
	}
}

func TestETAFallsBackToTimeFrame(t *testing.T) {
	res, err := Decode([]byte(`{"shipments":[{"id":"1","estimatedDeliveryTimeFrame":{"estimatedFrom":"2026-10-26T09:00:00+01:00","estimatedThrough":"2026-10-26T18:00:00+01:00"},"events":[{"timestamp":"2026-10-20T10:00:00Z","statusCode":"transit"}]}]}`), "1")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 10, 26, 17, 0, 0, 0, time.UTC); !res.ETA.Equal(want) {
		t.Fatalf("ETA %v, want %v", res.ETA, want)
	}
}

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-10-20T10:00:00Z", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20T18:00:00+08:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20T05:00:00-05:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20T10:00:00.250Z", time.Date(2026, 10, 20, 10, 0, 0, 250e6, time.UTC), true},
		{"2026-10-20T12:00+02:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20T10:00:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20T10:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{"2026-10-20 10:00:00", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), true},
		{" 2026-10-20 ", time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"20/10/2026", time.Time{}, false},
		{"0001-01-01T00:00:00Z", time.Time{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseTime(tc.in)
			if (err == nil) != tc.ok || !got.Equal(tc.want) {
				t.Fatalf("ParseTime(%q) = %v, %v", tc.in, got, err)
			}
			if tc.ok && got.Location() != time.UTC {
				t.Fatalf("not UTC: %v", got)
			}
		})
	}
}
