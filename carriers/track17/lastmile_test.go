package track17_test

import (
	"net/http"
	"testing"

	"waybill/carriers/track17"
	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
)

// A Cainiao LP… number handed to USPS at the destination: 17TRACK names
// the USPS number in misc_info, and the adapter reports it as the parcel's
// last mile, in our carrier slug, from a poll and from a push alike.
func TestLastMileFromFake(t *testing.T) {
	const lp = "LP00123456789012"
	want := tracker.LastMile{TrackingNo: track17fake.CrossBorderLastMile, Carrier: "usps"}

	t.Run("poll", func(t *testing.T) {
		fake, c := newPair(t)
		fake.AddCrossBorder(lp, shipped)
		res := track(t, c, reqs("cainiao", lp))
		if res[0].LastMile != want {
			t.Fatalf("LastMile = %+v, want %+v", res[0].LastMile, want)
		}
		if len(res[0].Events) != 8 {
			t.Fatalf("%d events, want the 8 of both carriers", len(res[0].Events))
		}
	})
	t.Run("push", func(t *testing.T) {
		fake, c := newPair(t)
		fake.AddCrossBorder(lp, shipped)
		body := fake.PushBody(track17.EventUpdated, lp)
		rec := &sinkRecorder{}
		if w := post(t, c.Webhook(hookSecret, rec.sink), http.MethodPost, body, track17fake.SignPush(body, hookSecret)); w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		if len(rec.pushes) != 1 || rec.pushes[0].LastMile != want {
			t.Fatalf("pushes %+v, want last mile %+v", rec.pushes, want)
		}
	})
	t.Run("none named", func(t *testing.T) {
		fake, c := newPair(t)
		n := s10(40000000, 1)[0]
		fake.AddDelivered(n, shipped)
		if res := track(t, c, reqs("china-post", n)); res[0].LastMile != (tracker.LastMile{}) {
			t.Fatalf("LastMile = %+v for a parcel that kept its number", res[0].LastMile)
		}
	})
}

// What misc_info may say, and what the adapter makes of it.
func TestLastMileFields(t *testing.T) {
	const lp = "LP00123456789012"
	cases := []struct {
		name string
		misc string // track_info.misc_info
		want tracker.LastMile
	}{
		{"known carrier key becomes our slug", `{"local_number":"9400111206206406260787","local_provider":"USPS","local_key":21051}`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"unknown key keeps 17TRACK's name", `{"local_number":"PQ4F6P0703358900108001X","local_provider":"Correos Express","local_key":100185}`,
			tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos Express"}},
		{"no key, name only", `{"local_number":"CX123456789DE","local_provider":"Deutsche Post","local_key":null}`,
			tracker.LastMile{TrackingNo: "CX123456789DE", Carrier: "Deutsche Post"}},
		{"all null", `{"local_number":null,"local_provider":null,"local_key":null}`, tracker.LastMile{}},
		{"absent", `{"risk_factor":0}`, tracker.LastMile{}},
		{"number only, blank around it", `{"local_number":"  9400111206206406260787 "}`,
			tracker.LastMile{TrackingNo: "9400111206206406260787"}},
		{"the parcel's own number is no change", `{"local_number":"lp00123456789012","local_provider":"Cainiao","local_key":190271}`, tracker.LastMile{}},
		{"a provider without a number says nothing", `{"local_number":"","local_provider":"USPS","local_key":21051}`, tracker.LastMile{}},
		{"odd types do not fail the answer", `{"local_number":9400111206206406260787,"local_provider":["x"],"local_key":"21051"}`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := newPair(t)
			fake.SetTrackInfo(lp, `{"latest_status":{"status":"InTransit","sub_status":"InTransit_Other"},"misc_info":`+tc.misc+`,
				"tracking":{"providers":[{"provider":{"key":190271,"name":"Cainiao"},"events":[
				{"time_iso":"2026-10-20T10:00:00+08:00","time_utc":"2026-10-20T02:00:00Z","description":"Accepted","location":"Shenzhen","stage":"PickedUp","sub_status":"InTransit_PickedUp"}]}]}}`)
			res := track(t, c, reqs("cainiao", lp))
			if res[0].Err != nil {
				t.Fatalf("Err = %v", res[0].Err)
			}
			if res[0].LastMile != tc.want {
				t.Fatalf("LastMile = %+v, want %+v", res[0].LastMile, tc.want)
			}
		})
	}
}
