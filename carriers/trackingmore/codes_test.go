package trackingmore

import (
	"testing"

	"waybill/tracker"
)

// The documented lists, as TrackingMore publishes them: the 9 statuses and
// the v4 sub-statuses of "9 Main Statuses & Sub-Statuses of Shipments in
// TrackingMore" (support.trackingmore.com/en/article/9-main-statuses-sub-statuses-of-shipments-in-trackingmore-tlkfjm),
// plus notfound001 and the v2 exception001–003 of the older
// www.trackingmore.com/docs/logistics_status.php. Each row is the mapping
// we chose; the tests also check that the tables hold exactly these codes,
// so a documented code missing from a table (or one added without a row
// here) fails.
var wantStatuses = map[string]mapping{
	"pending":      {tracker.StatusPending, ""},
	"notfound":     {tracker.StatusPending, ""},
	"inforeceived": {tracker.StatusInfoReceived, ""},
	"transit":      {tracker.StatusInTransit, ""},
	"pickup":       {tracker.StatusOutForDelivery, ""},
	"undelivered":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"delivered":    {tracker.StatusDelivered, ""},
	"exception":    {tracker.StatusException, ""},
	"expired":      {tracker.StatusExpired, ""},
}

var wantSubstatuses = map[string]mapping{
	"notfound001":     {tracker.StatusInfoReceived, ""},
	"notfound002":     {tracker.StatusPending, ""},
	"inforeceived001": {tracker.StatusInfoReceived, ""},
	"transit001":      {tracker.StatusInTransit, ""},
	"transit002":      {tracker.StatusInTransit, ""},
	"transit003":      {tracker.StatusInTransit, ""},
	"transit004":      {tracker.StatusInTransit, ""},
	"transit005":      {tracker.StatusInTransit, ""},
	"transit006":      {tracker.StatusInTransit, ""},
	"transit007":      {tracker.StatusInTransit, ""},
	"pickup001":       {tracker.StatusOutForDelivery, ""},
	"pickup002":       {tracker.StatusAvailableForPickup, ""},
	"pickup003":       {tracker.StatusOutForDelivery, ""},
	"delivered001":    {tracker.StatusDelivered, ""},
	"delivered002":    {tracker.StatusDelivered, ""},
	"delivered003":    {tracker.StatusDelivered, ""},
	"delivered004":    {tracker.StatusDelivered, ""},
	"undelivered001":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"undelivered002":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"undelivered003":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"undelivered004":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"exception001":    {tracker.StatusException, tracker.ExNoTracking},
	"exception002":    {tracker.StatusException, tracker.ExStale},
	"exception003":    {tracker.StatusException, tracker.ExOverdue},
	"exception004":    {tracker.StatusException, tracker.ExDeliveryFailed},
	"exception005":    {tracker.StatusException, ""},
	"exception006":    {tracker.StatusCustoms, tracker.ExCustoms},
	"exception007":    {tracker.StatusException, tracker.ExLost},
	"exception008":    {tracker.StatusException, tracker.ExUntracked},
	"exception009":    {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"exception010":    {tracker.StatusReturned, ""},
	"exception011":    {tracker.StatusReturning, tracker.ExReturning},
	"expired001":      {tracker.StatusExpired, ""},
}

func checkTable(t *testing.T, name string, table, want map[string]mapping) {
	t.Helper()
	if len(table) != len(want) {
		t.Errorf("%s table has %d rows, the documented list %d", name, len(table), len(want))
	}
	for code := range want {
		if _, ok := table[code]; !ok {
			t.Errorf("documented %s %q is missing from the table", name, code)
		}
	}
	for code := range table {
		if _, ok := want[code]; !ok {
			t.Errorf("%s table has %q, which the documented list lacks", name, code)
		}
	}
}

func checkMapping(t *testing.T, m mapping) {
	t.Helper()
	if !m.status.Valid() {
		t.Fatalf("status %q is not a normalized status", m.status)
	}
	if m.exception == "" {
		return
	}
	for _, k := range tracker.ExceptionKinds {
		if k == m.exception {
			return
		}
	}
	t.Fatalf("exception kind %q unknown", m.exception)
}

func TestStatuses(t *testing.T) {
	checkTable(t, "status", statuses, wantStatuses)
	for code, want := range wantStatuses {
		t.Run(code, func(t *testing.T) {
			checkMapping(t, want)
			// Without a sub-status, or with one we do not know, the status
			// decides; case and stray spaces do not matter.
			for _, sub := range []string{"", "transit999", "bogus"} {
				if got := mapStatus(code, sub); got != want {
					t.Fatalf("sub-status %q: got %+v, want %+v", sub, got, want)
				}
			}
			if got := mapStatus(" "+code+" ", ""); got != want {
				t.Fatalf("padded: got %+v", got)
			}
			if raw := rawStatus(code, "", "OF"); raw != code {
				t.Fatalf("raw status %q, want the status", raw)
			}
		})
	}
}

func TestSubstatuses(t *testing.T) {
	checkTable(t, "sub-status", substatuses, wantSubstatuses)
	for code, want := range wantSubstatuses {
		t.Run(code, func(t *testing.T) {
			checkMapping(t, want)
			// The sub-status decides whatever the status says.
			for _, status := range []string{"", "transit", "exception", "bogus"} {
				if got := mapStatus(status, code); got != want {
					t.Fatalf("status %q: got %+v, want %+v", status, got, want)
				}
			}
			if raw := rawStatus("transit", code, "OF"); raw != code {
				t.Fatalf("raw status %q, want the sub-status", raw)
			}
		})
	}
	// The older page writes "not found001".
	if got := mapStatus("", "not found002"); got != wantSubstatuses["notfound002"] {
		t.Fatalf("not found002: %+v", got)
	}
}

// Nothing classified: a parcel moving, keeping the courier's own code.
func TestUnknownCodes(t *testing.T) {
	if got := mapStatus("", ""); got != (mapping{status: tracker.StatusInTransit}) {
		t.Fatalf("no codes: %+v", got)
	}
	if got := mapStatus("newstatus", "newstatus001"); got != (mapping{status: tracker.StatusInTransit}) {
		t.Fatalf("unknown codes: %+v", got)
	}
	if raw := rawStatus("", "", "PU_PICKUP"); raw != "PU_PICKUP" {
		t.Fatalf("raw %q", raw)
	}
}
