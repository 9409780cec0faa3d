package track17

import (
	"os"
	"reflect"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

func testCarrier(t testing.TB) *Carrier {
	t.Helper()
	c, err := New(carrierhttp.Options{APIKey: "k", BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDecodeDocumentedSample reads a gettrackinfo answer written the way
// 17TRACK's v2.2 documentation shows one: two providers (China Post, then
// USPS), times with their local offsets, a scan whose location is only in
// the structured address, an ETA window, and one rejected number.
func TestDecodeDocumentedSample(t *testing.T) {
	raw, err := os.ReadFile("testdata/gettrackinfo.json")
	if err != nil {
		t.Fatal(err)
	}
	var data trackData
	if err := testCarrier(t).decode(raw, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Accepted) != 1 || len(data.Rejected) != 1 {
		t.Fatalf("accepted %d rejected %d, want 1 and 1", len(data.Accepted), len(data.Rejected))
	}
	acc := data.Accepted[0]
	if acc.Number != "RR123456789CN" || acc.Carrier != 3011 || acc.Tag != "order-20240301" {
		t.Errorf("accepted header = %q %d %q", acc.Number, acc.Carrier, acc.Tag)
	}
	if rj := data.Rejected[0]; rj.Number != "LZ123456789CN" || rj.Error.Code != errNotRegistered || rj.Error.Message == "" {
		t.Errorf("rejected = %+v", rj)
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	want := []tracker.Event{
		{Time: utc("2024-03-11T18:32:00Z"), Status: tracker.StatusDelivered, RawStatus: "Delivered_Other", Location: "BROOKLYN, NY 11201", Description: "Delivered, In/At Mailbox"},
		{Time: utc("2024-03-11T11:10:00Z"), Status: tracker.StatusOutForDelivery, RawStatus: "OutForDelivery_Other", Location: "BROOKLYN, NY 11201", Description: "Out for Delivery"},
		{Time: utc("2024-03-07T14:30:00Z"), Status: tracker.StatusCustoms, RawStatus: "InTransit_CustomsProcessing", Location: "JAMAICA, NY, US", Description: "Held in Customs"},
		{Time: utc("2024-03-07T11:45:00Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_Arrival", Location: "JAMAICA, NY 11430", Description: "Arrived at Facility"},
		{Time: utc("2024-03-02T18:10:00Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_Departure", Location: "Guangzhou", Description: "Departure from outward office of exchange"},
		{Time: utc("2024-03-01T10:20:00Z"), Status: tracker.StatusInTransit, RawStatus: "InTransit_PickedUp", Location: "Shenzhen", Description: "Acceptance"},
		{Time: utc("2024-03-01T02:05:00Z"), Status: tracker.StatusInfoReceived, RawStatus: "InfoReceived", Location: "", Description: "Electronic information received"},
	}
	got := events(acc.TrackInfo)
	if !reflect.DeepEqual(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w tracker.Event
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
			}
		}
	}
	for _, e := range got {
		if e.Time.Location() != time.UTC {
			t.Errorf("event time %v not in UTC", e.Time)
		}
	}
	if got, want := eta(acc.TrackInfo), utc("2024-03-13T04:00:00Z"); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("ETA %v, want %v (the window's end, in UTC)", got, want)
	}
}

func TestEventTime(t *testing.T) {
	want := time.Date(2024, 3, 1, 2, 5, 0, 0, time.UTC)
	cases := []struct {
		name string
		e    apiEvent
		want time.Time
		ok   bool
	}{
		{"iso with offset", apiEvent{TimeISO: "2024-03-01T10:05:00+08:00"}, want, true},
		{"iso with fraction", apiEvent{TimeISO: "2024-03-01T10:05:00.000+08:00"}, want, true},
		{"iso offset without colon", apiEvent{TimeISO: "2024-03-01T10:05:00+0800"}, want, true},
		{"utc only", apiEvent{TimeUTC: "2024-03-01T02:05:00Z"}, want, true},
		{"utc without zone letter", apiEvent{TimeUTC: "2024-03-01T02:05:00"}, want, true},
		{"zoned iso beats zoneless utc", apiEvent{TimeISO: "2024-03-01T10:05:00+08:00", TimeUTC: "2024-03-01 09:00"}, want, true},
		{"space separated with offset", apiEvent{TimeISO: "2024-03-01 10:05:00+08:00"}, want, true},
		{"raw date, time and zone", apiEvent{TimeRaw: rawTime("2024-03-01", "10:05:00", "+08:00")}, want, true},
		{"raw zone as UTC+8", apiEvent{TimeRaw: rawTime("2024-03-01", "10:05", "UTC+8")}, want, true},
		{"raw without zone is UTC", apiEvent{TimeRaw: rawTime("2024-03-01", "02:05:00", "")}, want, true},
		{"zoneless iso as last resort", apiEvent{TimeISO: "2024-03-01 02:05"}, want, true},
		{"date only", apiEvent{TimeISO: "2024-03-01"}, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), true},
		// Kept as sent, for the store to keep, tell of and not count.
		{"placeholder year kept when it is all there is", apiEvent{TimeISO: "0001-01-01T00:00:00Z"}, time.Time{}, true},
		{"9999-12-31 kept when it is all there is", apiEvent{TimeISO: "9999-12-31T00:00:00Z"}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"1970 kept when it is all there is", apiEvent{TimeUTC: "1970-01-01T00:00:00Z"}, time.Unix(0, 0).UTC(), true},
		{"a placeholder gives way to a real date", apiEvent{TimeISO: "0001-01-01T00:00:00Z", TimeUTC: "2024-03-01T02:05:00Z"}, want, true},
		{"a placeholder gives way to the raw date", apiEvent{TimeISO: "9999-12-31T00:00:00+08:00", TimeRaw: rawTime("2024-03-01", "10:05:00", "+08:00")}, want, true},
		{"garbage", apiEvent{TimeISO: "yesterday", TimeUTC: "soon"}, time.Time{}, false},
		{"nothing", apiEvent{}, time.Time{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := eventTime(c.e)
			if ok != c.ok || !got.Equal(c.want) {
				t.Fatalf("eventTime = %v, %v; want %v, %v", got, ok, c.want, c.ok)
			}
			if ok && got.Location() != time.UTC {
				t.Errorf("time %v not in UTC", got)
			}
		})
	}
}

func rawTime(date, tm, zone string) (r struct {
	Date     string `json:"date"`
	Time     string `json:"time"`
	Timezone string `json:"timezone"`
}) {
	r.Date, r.Time, r.Timezone = date, tm, zone
	return r
}

func TestETA(t *testing.T) {
	mk := func(from, to string) *trackInfo {
		ti := &trackInfo{}
		ti.TimeMetrics.EstimatedDeliveryDate = &struct {
			Source string `json:"source"`
			From   string `json:"from"`
			To     string `json:"to"`
		}{"17TRACK", from, to}
		return ti
	}
	cases := []struct {
		name string
		ti   *trackInfo
		want time.Time
	}{
		{"window end", mk("2024-03-10T00:00:00-04:00", "2024-03-13T00:00:00-04:00"), time.Date(2024, 3, 13, 4, 0, 0, 0, time.UTC)},
		{"start only", mk("2024-03-10T00:00:00+08:00", ""), time.Date(2024, 3, 9, 16, 0, 0, 0, time.UTC)},
		{"dates only", mk("2024-03-10", "2024-03-12"), time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)},
		{"unreadable end falls back to start", mk("2024-03-10", "soon"), time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)},
		{"none", mk("", ""), time.Time{}},
		{"no window", &trackInfo{}, time.Time{}},
		{"no track_info", nil, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := eta(c.ti); !got.Equal(c.want) {
				t.Errorf("eta = %v, want %v", got, c.want)
			}
		})
	}
}

func TestExpiredBecomesAnEvent(t *testing.T) {
	scan := apiEvent{TimeUTC: "2024-03-01T02:05:00Z", SubStatus: "InTransit_Other", Description: "In transit"}
	mk := func(status, sub string, evs ...apiEvent) *trackInfo {
		ti := &trackInfo{}
		ti.LatestStatus.Status, ti.LatestStatus.SubStatus = status, sub
		ti.Tracking.Providers = append(ti.Tracking.Providers, struct {
			Provider struct {
				Key  int    `json:"key"`
				Name string `json:"name"`
			} `json:"provider"`
			Events []apiEvent `json:"events"`
		}{Events: evs})
		return ti
	}
	got := events(mk("Expired", "Expired_Other", scan))
	if len(got) != 2 {
		t.Fatalf("events %+v, want the scan and an expiry", got)
	}
	exp := got[1]
	if exp.Status != tracker.StatusExpired || exp.RawStatus != "Expired_Other" || !exp.Time.Equal(time.Date(2024, 3, 1, 2, 5, 1, 0, time.UTC)) {
		t.Errorf("expiry event %+v", exp)
	}
	again := events(mk("Expired", "Expired_Other", scan))
	if again[1].Key() != exp.Key() {
		t.Errorf("expiry event differs between polls: %q vs %q", again[1].Key(), exp.Key())
	}
	if got := events(mk("InTransit", "InTransit_Other", scan)); len(got) != 1 {
		t.Errorf("in transit: %d events, want the scan only", len(got))
	}
	if got := events(mk("Expired", "Expired_Other")); len(got) != 0 {
		t.Errorf("expired without scans: %+v, want none (NotFound)", got)
	}
	expiredScan := scan
	expiredScan.SubStatus = "Expired_Other"
	if got := events(mk("Expired", "Expired_Other", expiredScan)); len(got) != 1 {
		t.Errorf("expired scan: %d events, want no second one", len(got))
	}
}

func TestEventsFallBackToLatestEvent(t *testing.T) {
	ti := &trackInfo{LatestEvent: &apiEvent{TimeUTC: "2024-03-01T02:05:00Z", SubStatus: "Exception_Damage", Description: "Damaged"}}
	got := events(ti)
	if len(got) != 1 || got[0].Status != tracker.StatusException || got[0].Exception != tracker.ExDamaged || got[0].RawStatus != "Exception_Damage" {
		t.Fatalf("events = %+v", got)
	}
	if events(nil) != nil {
		t.Error("events(nil) not empty")
	}
}
