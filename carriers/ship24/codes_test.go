package ship24

import (
	"testing"

	"waybill/tracker"
)

// The documented lists (docs.ship24.com/status, mirrored in Ship24's
// ship24-ai-plugin data/statuses.json): 20 statusCodes in 6 categories, 8
// milestones. Each row is the mapping we chose; the tests also check that
// the tables hold exactly these codes, so a code added to a table without a
// row here (or dropped from one) fails.
var wantCodes = map[string]mapping{
	"data_order_created":               {tracker.StatusInfoReceived, ""},
	"data_order_cancelled":             {tracker.StatusException, tracker.ExUntracked},
	"data_delivery_proposed":           {tracker.StatusInTransit, ""},
	"data_delivery_decided":            {tracker.StatusInTransit, ""},
	"transit_handover":                 {tracker.StatusInTransit, ""},
	"transit_origin_country_departure": {tracker.StatusInTransit, ""},
	"destination_arrival":              {tracker.StatusInTransit, ""},
	"customs_received":                 {tracker.StatusCustoms, ""},
	"customs_exception":                {tracker.StatusCustoms, tracker.ExCustoms},
	"customs_rejected":                 {tracker.StatusCustoms, tracker.ExCustoms},
	"customs_cleared":                  {tracker.StatusInTransit, ""},
	"delivery_available_for_pickup":    {tracker.StatusAvailableForPickup, ""},
	"delivery_out_for_delivery":        {tracker.StatusOutForDelivery, ""},
	"delivery_attempted":               {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"delivery_exception":               {tracker.StatusException, tracker.ExDeliveryFailed},
	"delivery_refused":                 {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"delivery_delivered":               {tracker.StatusDelivered, ""},
	"exception_return":                 {tracker.StatusReturning, tracker.ExReturning},
	"exception_lost":                   {tracker.StatusException, tracker.ExLost},
	"exception_discarded":              {tracker.StatusException, tracker.ExLost},
}

var wantMilestones = map[string]mapping{
	"pending":              {tracker.StatusPending, ""},
	"info_received":        {tracker.StatusInfoReceived, ""},
	"in_transit":           {tracker.StatusInTransit, ""},
	"out_for_delivery":     {tracker.StatusOutForDelivery, ""},
	"failed_attempt":       {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"available_for_pickup": {tracker.StatusAvailableForPickup, ""},
	"delivered":            {tracker.StatusDelivered, ""},
	"exception":            {tracker.StatusException, ""},
}

var wantCategories = map[string]mapping{
	"data":        {tracker.StatusInfoReceived, ""},
	"transit":     {tracker.StatusInTransit, ""},
	"destination": {tracker.StatusInTransit, ""},
	"customs":     {tracker.StatusCustoms, ""},
	"delivery":    {tracker.StatusInTransit, ""},
	"exception":   {tracker.StatusException, ""},
}

func checkTable(t *testing.T, name string, table, want map[string]mapping) {
	t.Helper()
	if len(table) != len(want) {
		t.Errorf("%s table has %d rows, the documented list %d", name, len(table), len(want))
	}
	for code := range table {
		if _, ok := want[code]; !ok {
			t.Errorf("%s table has %q, which the documented list lacks", name, code)
		}
	}
}

func TestStatusCodes(t *testing.T) {
	checkTable(t, "statusCode", statusCodes, wantCodes)
	for code, want := range wantCodes {
		t.Run(code, func(t *testing.T) {
			// The code decides whatever the milestone says.
			for _, milestone := range []string{"", "in_transit", "exception", "bogus"} {
				if got := mapStatus(code, "", milestone); got != want {
					t.Fatalf("milestone %q: got %+v, want %+v", milestone, got, want)
				}
			}
			if raw := rawStatus(code, "cat", "in_transit"); raw != code {
				t.Fatalf("raw status %q, want the code", raw)
			}
			if !want.status.Valid() {
				t.Fatalf("status %q is not a normalized status", want.status)
			}
		})
	}
}

func TestMilestones(t *testing.T) {
	checkTable(t, "statusMilestone", milestones, wantMilestones)
	for milestone, want := range wantMilestones {
		t.Run(milestone, func(t *testing.T) {
			if got := mapStatus("", "", milestone); got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
			if raw := rawStatus("", "", milestone); raw != milestone {
				t.Fatalf("raw status %q, want the milestone", raw)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	checkTable(t, "statusCategory", categories, wantCategories)
	for category, want := range wantCategories {
		t.Run(category, func(t *testing.T) {
			if got := mapStatus("", category, ""); got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
}

// Codes Ship24 may add (or sends without documenting) are kept as the raw
// status and mapped by the milestone, the shipment's main status.
func TestUnknownCodesFallBack(t *testing.T) {
	tests := []struct {
		name, code, category, milestone string
		want                            mapping
		raw                             string
	}{
		{"exception_damaged under exception", "exception_damaged", "exception", "exception", mapping{tracker.StatusException, ""}, "exception_damaged"},
		{"new delivery code while failed_attempt", "delivery_rescheduled", "delivery", "failed_attempt", mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, "delivery_rescheduled"},
		{"new customs code while in transit is customs", "customs_held", "customs", "in_transit", mapping{tracker.StatusCustoms, ""}, "customs_held"},
		{"customs category does not undo delivered", "customs_late", "customs", "delivered", mapping{tracker.StatusDelivered, ""}, "customs_late"},
		{"unknown code and milestone: the category", "data_label_printed", "data", "label", mapping{tracker.StatusInfoReceived, ""}, "data_label_printed"},
		{"no code: the milestone", "", "", "out_for_delivery", mapping{tracker.StatusOutForDelivery, ""}, "out_for_delivery"},
		{"nothing known at all: moving", "x", "y", "z", mapping{tracker.StatusInTransit, ""}, "x"},
		{"nothing at all", "", "", "", mapping{tracker.StatusInTransit, ""}, ""},
		{"only a category", "", "customs", "", mapping{tracker.StatusCustoms, ""}, "customs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mapStatus(tt.code, tt.category, tt.milestone); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			if raw := rawStatus(tt.code, tt.category, tt.milestone); raw != tt.raw {
				t.Fatalf("raw %q, want %q", raw, tt.raw)
			}
		})
	}
}
