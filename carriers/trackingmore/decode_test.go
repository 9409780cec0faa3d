package trackingmore

import (
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/tracker"
)

// A results answer in the documented shape (field names from the official
// SDK's Tracking type), with nulls, a numeric raw_status and times with and
// without an offset, comes back as these events, ETA and last-mile number.
func TestDecodeResults(t *testing.T) {
	var env envelope
	if err := jsonUnmarshal(contract.Testdata(t, "get_response.json"), &env); err != nil {
		t.Fatal(err)
	}
	ts, err := trackings(env.Data)
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d trackings, %v", len(ts), err)
	}
	res := result("LP00123456789012", ts[0])
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v.UTC() }
	contract.SameEvents(t, res.Events, []tracker.Event{
		{Time: at("2026-10-21T22:10:00Z"), Status: tracker.StatusInTransit, RawStatus: "transit007", Location: "Shenzhen", Description: "Departed from airport"},
		{Time: at("2026-10-20T09:30:00Z"), Status: tracker.StatusInfoReceived, RawStatus: "inforeceived001", Location: "Shenzhen, Guangdong, CN", Description: "Order information received"},
		{Time: at("2026-10-30T13:07:00Z"), Status: tracker.StatusOutForDelivery, RawStatus: "pickup001", Location: "NEW YORK, NY 10001", Description: "Out for Delivery"},
		{Time: at("2026-10-27T15:00:00Z"), Status: tracker.StatusCustoms, RawStatus: "exception006", Location: "JAMAICA, NY", Description: "Held by customs", Exception: tracker.ExCustoms},
	})
	if !res.ETA.Equal(at("2026-10-31T00:00:00Z")) || res.NotFound || res.Err != nil || res.Stopped {
		t.Fatalf("result %+v", res)
	}
	if res.LastMile != (tracker.LastMile{TrackingNo: "9400111899562537683144", Carrier: "usps"}) {
		t.Fatalf("last mile %+v", res.LastMile)
	}
}

// An event's placeholder date is kept as sent, for the store to tell of and
// not count; only an unreadable time drops it, and a tracking whose every
// checkpoint is unreadable is a malformed answer for its number.
func TestPlaceholderAndUnreadableDates(t *testing.T) {
	for _, tc := range []struct {
		at   string
		want time.Time
		kept bool
	}{
		{"2026-10-27T01:02:03Z", time.Date(2026, 10, 27, 1, 2, 3, 0, time.UTC), true},
		{"2026-10-27 01:02:03", time.Date(2026, 10, 27, 1, 2, 3, 0, time.UTC), true},
		{"9999-12-31T00:00:00Z", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"1970-01-01 00:00:00", time.Unix(0, 0).UTC(), true},
		{"soon", time.Time{}, false},
	} {
		t.Run(tc.at, func(t *testing.T) {
			tr := tracking{TrackingNumber: "X1", OriginInfo: object[leg]{leg{Trackinfo: list[checkpoint]{{CheckpointDate: text(tc.at), CheckpointDeliveryStatus: "transit"}}}}}
			res := result("X1", tr)
			if (len(res.Events) == 1) != tc.kept {
				t.Fatalf("%+v, want kept %v", res, tc.kept)
			}
			if tc.kept && !res.Events[0].Time.Equal(tc.want) {
				t.Errorf("time %v, want %v", res.Events[0].Time, tc.want)
			}
			if !tc.kept && tracker.FailKindOf(res.Err) != tracker.FailMalformed {
				t.Errorf("err %v, want malformed", res.Err)
			}
		})
	}
}
