package track123

import (
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// The documented lists, copied from docs.track123.com ("Delivery status",
// "Delivery Sub-status", "Errors"; the same tables are on
// track123-api.readme.io/reference/package-status, /package-status-copy and
// /status-code). Each row is the mapping we chose. The tests also check that
// the adapter's tables hold exactly these codes, so a documented code missing
// from a table (or an invented one added) fails.
var wantStatuses = map[string]code{
	"INIT":             {tracker.StatusPending, ""},
	"NO_RECORD":        {tracker.StatusPending, ""},
	"INFO_RECEIVED":    {tracker.StatusInfoReceived, ""},
	"IN_TRANSIT":       {tracker.StatusInTransit, ""},
	"WAITING_DELIVERY": {tracker.StatusOutForDelivery, ""},
	"DELIVERY_FAILED":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"ABNORMAL":         {tracker.StatusException, ""},
	"DELIVERED":        {tracker.StatusDelivered, ""},
	"EXPIRED":          {tracker.StatusExpired, ""},
}

var wantSubStatuses = map[string]code{
	"INFO_RECEIVED_01":    {tracker.StatusInfoReceived, ""},
	"IN_TRANSIT_01":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_02":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_03":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_04":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_05":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_06":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_07":       {tracker.StatusInTransit, ""},
	"IN_TRANSIT_08":       {tracker.StatusInTransit, ""},
	"WAITING_DELIVERY_01": {tracker.StatusOutForDelivery, ""},
	"WAITING_DELIVERY_02": {tracker.StatusAvailableForPickup, ""},
	"WAITING_DELIVERY_03": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DELIVERED_01":        {tracker.StatusDelivered, ""},
	"DELIVERED_02":        {tracker.StatusDelivered, ""},
	"DELIVERED_03":        {tracker.StatusDelivered, ""},
	"DELIVERED_04":        {tracker.StatusDelivered, ""},
	"DELIVERY_FAILED_01":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DELIVERY_FAILED_02":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DELIVERY_FAILED_03":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DELIVERY_FAILED_04":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"ABNORMAL_01":         {tracker.StatusException, tracker.ExDeliveryFailed},
	"ABNORMAL_02":         {tracker.StatusCustoms, tracker.ExCustoms},
	"ABNORMAL_03":         {tracker.StatusException, tracker.ExLost},
	"ABNORMAL_04":         {tracker.StatusException, tracker.ExUntracked},
	"ABNORMAL_05":         {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"ABNORMAL_06":         {tracker.StatusReturned, ""},
	"ABNORMAL_07":         {tracker.StatusReturning, tracker.ExReturning},
	"ABNORMAL_08":         {tracker.StatusException, ""},
}

var wantServiceCodes = map[string]tracker.FailKind{
	"A0001": tracker.FailRequest,
	"A0200": tracker.FailAuth,
	"A0201": tracker.FailAuth,
	"A0202": tracker.FailAuth,
	"A0203": tracker.FailAuth,
	"A0230": tracker.FailAuth,
	"A0231": tracker.FailAuth,
	"A0300": tracker.FailAuth,
	"A0301": tracker.FailAuth,
	"A0400": tracker.FailRequest,
	"A0410": tracker.FailRequest,
	"A0706": tracker.FailRateLimited, // the rate-limit page
	"B0001": tracker.FailServer,
	"B0100": tracker.FailServer,
	"B0210": tracker.FailRateLimited,
	"B0300": tracker.FailServer,
	"B0310": tracker.FailQuota,
	"C0113": tracker.FailRequest,
	"D0000": tracker.FailRequest,
}

var wantQueryStatuses = []string{"001", "002", "003", "004", "005", "006"}

func sameKeys[V any](t *testing.T, name string, table map[string]V, want []string) {
	t.Helper()
	got := make([]string, 0, len(table))
	for k := range table {
		got = append(got, k)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s table holds %v,\nthe documented list %v", name, got, want)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestStatuses(t *testing.T) {
	sameKeys(t, "transitStatus", statuses, keys(wantStatuses))
	for s, want := range wantStatuses {
		t.Run(s, func(t *testing.T) {
			if got := statuses[s]; got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
			if !want.status.Valid() {
				t.Fatalf("status %q is not normalized", want.status)
			}
			// A sub-status Track123 adds later reads as its main part.
			if got := classify(s + "_99"); got != want {
				t.Fatalf("undocumented %s_99: got %+v, want %+v", s, got, want)
			}
		})
	}
}

func TestSubStatuses(t *testing.T) {
	sameKeys(t, "transitSubStatus", subStatuses, keys(wantSubStatuses))
	for s, want := range wantSubStatuses {
		t.Run(s, func(t *testing.T) {
			if got := classify(s); got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
			main := s[:strings.LastIndexByte(s, '_')]
			if _, ok := statuses[main]; !ok {
				t.Fatalf("main part %q is not a documented status", main)
			}
			// On the parcel, the sub-status decides whatever the status.
			if got, ok := parcelStatus("IN_TRANSIT", s); !ok || got != want {
				t.Fatalf("parcel status: got %+v %v, want %+v", got, ok, want)
			}
		})
	}
	if got := classify("no such code"); got != (code{tracker.StatusInTransit, ""}) {
		t.Fatalf("unknown code: %+v, want in transit", got)
	}
}

// INIT, NO_RECORD and EXPIRED describe Track123's tracking, not the
// parcel: they never become a scan's status.
func TestParcelStatusSkipsTrackingWords(t *testing.T) {
	for _, s := range []string{"", "INIT", "NO_RECORD", "EXPIRED", "BOGUS"} {
		if c, ok := parcelStatus(s, ""); ok {
			t.Errorf("%q reads as %+v", s, c)
		}
	}
	if c, ok := parcelStatus("DELIVERED", ""); !ok || c.status != tracker.StatusDelivered {
		t.Errorf("DELIVERED reads as %+v %v", c, ok)
	}
}

func TestServiceCodes(t *testing.T) {
	sameKeys(t, "service code", serviceCodes, keys(wantServiceCodes))
	for c, want := range wantServiceCodes {
		if got := kindOf(c); got != want {
			t.Errorf("%s: got %s, want %s", c, got, want)
		}
	}
	for c, want := range map[string]tracker.FailKind{"B0999": tracker.FailServer, "A0999": tracker.FailRequest, "": tracker.FailRequest} {
		if got := kindOf(c); got != want {
			t.Errorf("undocumented %q: got %s, want %s", c, got, want)
		}
	}
}

func TestQueryStatuses(t *testing.T) {
	sameKeys(t, "trackingStatus", queryStatuses, wantQueryStatuses)
	for _, s := range wantQueryStatuses {
		if got, want := websiteError(s), s != "001" && s != "002"; got != want {
			t.Errorf("%s: website error %v, want %v", s, got, want)
		}
	}
}

// Every exception kind a code names is one the rules know, and an
// exception that names none opens carrier_problem through the rules.
func TestExceptionKindsReachTheRules(t *testing.T) {
	now := time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC)
	for s, want := range wantSubStatuses {
		if want.exception != "" && !slices.Contains(tracker.ExceptionKinds, want.exception) {
			t.Errorf("%s names %q, which the rules do not know", s, want.exception)
		}
	}
	conv := convert(tracking{TrackNo: "LP00123456789012", Local: &waybill{TrackingDetails: []detail{
		{EventTime: "2026-11-03 10:00:00", Timezone: "+08:00", EventDetail: "Exception", TransitSubStatus: "ABNORMAL_08"},
		{EventTime: "2026-11-01 10:00:00", Timezone: "+08:00", EventDetail: "Accepted", TransitSubStatus: "IN_TRANSIT_01"},
	}}})
	fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "LP00123456789012", Carrier: "cainiao", Status: conv.events[0].Status}, tracker.Order{}, conv.events, now, tracker.DefaultRules())
	if len(fs) != 1 || fs[0].Kind != tracker.ExCarrierProblem {
		t.Fatalf("ABNORMAL_08 opens %+v, want carrier_problem", fs)
	}
}
