package ship24

import (
	"os"
	"testing"
	"time"

	"waybill/carriers/carrierhttp"
	"waybill/tracker"
)

func testCarrier(t testing.TB) *Carrier {
	t.Helper()
	c, err := New(carrierhttp.Options{APIKey: "apik_test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testdata/track_response.json is an answer of POST /trackers/track as the
// OpenAPI example shows it (a China Post leg handed to USPS), with every
// documented form of occurrenceDatetime and null codes and location.
func TestDecodeDocumentedAnswer(t *testing.T) {
	raw, err := os.ReadFile("testdata/track_response.json")
	if err != nil {
		t.Fatal(err)
	}
	c := testCarrier(t)
	res, err := c.parse(tracker.TrackResult{TrackingNo: "S24DEMO456393"}, "S24DEMO456393", raw)
	if err != nil {
		t.Fatal(err)
	}
	if res.TrackingNo != "S24DEMO456393" || res.NotFound || res.Err != nil {
		t.Fatalf("result %+v", res)
	}
	if want := time.Date(2021, 3, 4, 17, 0, 0, 0, time.UTC); !res.ETA.Equal(want) || res.ETA.Location() != time.UTC {
		t.Errorf("ETA %v, want %v", res.ETA, want)
	}
	want := []tracker.Event{
		{Time: time.Date(2021, 3, 4, 17, 12, 57, 0, time.UTC), Status: tracker.StatusDelivered, RawStatus: "delivery_delivered",
			Location: "SAN RAFAEL, CA 94901", Description: "Delivered to the addressee"},
		{Time: time.Date(2021, 3, 4, 10, 12, 57, 0, time.UTC), Status: tracker.StatusOutForDelivery, RawStatus: "delivery_out_for_delivery",
			Location: "SAN RAFAEL, CA 94901", Description: "Out for Delivery"},
		{Time: time.Date(2021, 3, 4, 14, 12, 57, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "in_transit",
			Location: "SAN RAFAEL, CA 94901", Description: "Arrived at Hub, Your item arrived at the hub."},
		{Time: time.Date(2021, 3, 3, 0, 0, 0, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "customs_received",
			Location: "LOS ANGELES CA INTERNATIONAL DISTRIBUTION CENTER", Description: "Inbound Into Customs"},
		{Time: time.Date(2021, 3, 2, 15, 24, 50, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "transit_origin_country_departure",
			Location: "Beijing airport", Description: "Flight Departure"},
		{Time: time.Date(2021, 3, 2, 15, 38, 57, 0, time.UTC), Status: tracker.StatusInfoReceived, RawStatus: "data_order_created",
			Location: "", Description: "Package Received"},
	}
	if len(res.Events) != len(want) {
		t.Fatalf("%d events, want %d", len(res.Events), len(want))
	}
	for i, e := range res.Events {
		if e != want[i] {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, e, want[i])
		}
		if e.Time.Location() != time.UTC {
			t.Errorf("event %d time %v is not UTC", i, e.Time)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2021-03-04T17:12:57", time.Date(2021, 3, 4, 17, 12, 57, 0, time.UTC), true},
		{"2021-03-04T10:12:57.000Z", time.Date(2021, 3, 4, 10, 12, 57, 0, time.UTC), true},
		{"2021-03-04T10:12:57+02:00", time.Date(2021, 3, 4, 8, 12, 57, 0, time.UTC), true},
		{"2021-03-04T10:12:57-05:30", time.Date(2021, 3, 4, 15, 42, 57, 0, time.UTC), true},
		{"2021-03-04T10:12:57+0200", time.Date(2021, 3, 4, 8, 12, 57, 0, time.UTC), true},
		{"2021-03-04T10:12:57.123456", time.Date(2021, 3, 4, 10, 12, 57, 123456000, time.UTC), true},
		{"2021-03-04T10:12", time.Date(2021, 3, 4, 10, 12, 0, 0, time.UTC), true},
		{"2021-03-04 10:12:57", time.Date(2021, 3, 4, 10, 12, 57, 0, time.UTC), true},
		{" 2021-03-04 ", time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC), true},
		{"2021-03-04", time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2021-13-04", time.Time{}, false},
		{"0001-01-01T00:00:00Z", time.Time{}, false},
		{"04/03/2021 10:12", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseTime(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Fatalf("parseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok && got.Location() != time.UTC {
				t.Fatalf("location %v", got.Location())
			}
		})
	}
}

func TestDecodeOddAnswers(t *testing.T) {
	c := testCarrier(t)
	tests := []struct {
		name     string
		body     string
		events   int
		notFound bool
		errKind  tracker.FailKind // of res.Err
		callKind tracker.FailKind // of the returned error
	}{
		{"no trackings is not found", `{"data":{"trackings":[]}}`, 0, true, "", ""},
		{"pending tracker is not found", `{"data":{"trackings":[{"tracker":{"trackingNumber":"AB12345"},"shipment":{"statusMilestone":"pending"},"events":[]}]}}`, 0, true, "", ""},
		{"null events is not found", `{"data":{"trackings":[{"events":null}]}}`, 0, true, "", ""},
		{"unreadable times only", `{"data":{"trackings":[{"events":[{"eventId":"a","occurrenceDatetime":"soon","statusMilestone":"in_transit"}]}]}}`, 0, false, tracker.FailMalformed, ""},
		{"one readable time of two", `{"data":{"trackings":[{"events":[{"eventId":"a","occurrenceDatetime":"soon"},{"eventId":"b","occurrenceDatetime":"2024-01-02","statusMilestone":"in_transit"}]}]}}`, 1, false, "", ""},
		{"one eventId twice is one event", `{"data":{"trackings":[{"events":[{"eventId":"a","occurrenceDatetime":"2024-01-02"}]},{"events":[{"eventId":"a","occurrenceDatetime":"2024-01-02"}]}]}}`, 1, false, "", ""},
		{"no data and no errors", `{}`, 0, false, "", tracker.FailMalformed},
		{"not JSON", `<html>`, 0, false, "", tracker.FailMalformed},
		{"wrong types", `{"data":{"trackings":[{"events":[{"status":5}]}]}}`, 0, false, "", tracker.FailMalformed},
		{"a per-number code in a 200", `{"errors":[{"code":"validation_error","message":"bad"}],"data":null}`, 0, false, tracker.FailRequest, ""},
		{"not found code in a 200", `{"errors":[{"code":"parcel_not_found"}],"data":null}`, 0, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.parse(tracker.TrackResult{TrackingNo: "AB12345"}, "AB12345", []byte(tt.body))
			if tracker.FailKindOf(err) != tt.callKind {
				t.Fatalf("call error %v, want kind %q", err, tt.callKind)
			}
			if err != nil {
				return
			}
			if len(res.Events) != tt.events || res.NotFound != tt.notFound || tracker.FailKindOf(res.Err) != tt.errKind {
				t.Fatalf("result %+v", res)
			}
		})
	}
}
