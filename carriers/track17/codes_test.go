package track17

import (
	"testing"

	"waybill/tracker"
)

// codeRow is one documented 17TRACK word and what it must mean.
type codeRow struct {
	code   string
	status tracker.Status
	ex     tracker.ExceptionKind
}

var (
	wantMain = []codeRow{
		{"NotFound", tracker.StatusPending, ""},
		{"InfoReceived", tracker.StatusInfoReceived, ""},
		{"InTransit", tracker.StatusInTransit, ""},
		{"Expired", tracker.StatusExpired, ""},
		{"AvailableForPickup", tracker.StatusAvailableForPickup, ""},
		{"OutForDelivery", tracker.StatusOutForDelivery, ""},
		{"DeliveryFailure", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"Delivered", tracker.StatusDelivered, ""},
		{"Exception", tracker.StatusException, ""},
	}
	wantSub = []codeRow{
		{"NotFound_Other", tracker.StatusPending, ""},
		{"NotFound_InvalidCode", tracker.StatusPending, tracker.ExUntracked},
		{"InfoReceived", tracker.StatusInfoReceived, ""},
		{"InTransit_PickedUp", tracker.StatusInTransit, ""},
		{"InTransit_Other", tracker.StatusInTransit, ""},
		{"InTransit_Departure", tracker.StatusInTransit, ""},
		{"InTransit_Arrival", tracker.StatusInTransit, ""},
		{"InTransit_CustomsProcessing", tracker.StatusCustoms, ""},
		{"InTransit_CustomsReleased", tracker.StatusInTransit, ""},
		{"InTransit_CustomsRequiringInformation", tracker.StatusCustoms, tracker.ExCustoms},
		{"Expired_Other", tracker.StatusExpired, ""},
		{"AvailableForPickup_Other", tracker.StatusAvailableForPickup, ""},
		{"OutForDelivery_Other", tracker.StatusOutForDelivery, ""},
		{"DeliveryFailure_Other", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"DeliveryFailure_NoBody", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"DeliveryFailure_Security", tracker.StatusDeliveryFailed, tracker.ExCustoms},
		{"DeliveryFailure_Rejected", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"DeliveryFailure_InvalidAddress", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"Delivered_Other", tracker.StatusDelivered, ""},
		{"Exception_Other", tracker.StatusException, ""},
		{"Exception_Returning", tracker.StatusReturning, tracker.ExReturning},
		{"Exception_Returned", tracker.StatusReturned, ""},
		{"Exception_NoBody", tracker.StatusException, tracker.ExDeliveryFailed},
		{"Exception_Security", tracker.StatusException, tracker.ExCustoms},
		{"Exception_Damage", tracker.StatusException, tracker.ExDamaged},
		{"Exception_Rejected", tracker.StatusException, tracker.ExDeliveryFailed},
		{"Exception_Delayed", tracker.StatusException, tracker.ExOverdue},
		{"Exception_Lost", tracker.StatusException, tracker.ExLost},
		{"Exception_Destroyed", tracker.StatusException, tracker.ExLost},
		{"Exception_Cancel", tracker.StatusException, ""},
	}
	wantStage = []codeRow{
		{"InfoReceived", tracker.StatusInfoReceived, ""},
		{"PickedUp", tracker.StatusInTransit, ""},
		{"Departure", tracker.StatusInTransit, ""},
		{"Arrival", tracker.StatusInTransit, ""},
		{"AvailableForPickup", tracker.StatusAvailableForPickup, ""},
		{"OutForDelivery", tracker.StatusOutForDelivery, ""},
		{"Delivered", tracker.StatusDelivered, ""},
		{"Returning", tracker.StatusReturning, tracker.ExReturning},
		{"Returned", tracker.StatusReturned, ""},
	}
)

func TestCodeTable(t *testing.T) {
	groups := []struct {
		name  string
		rows  []codeRow
		table map[string]code
		call  func(string) code
	}{
		{"status", wantMain, mainStatuses, func(c string) code { return classify("", "", c) }},
		{"sub_status", wantSub, subStatuses, func(c string) code { return classify(c, "", "") }},
		{"stage", wantStage, stages, func(c string) code { return classify("", c, "") }},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			if len(g.rows) != len(g.table) {
				t.Errorf("%d %s codes in the table, %d rows here: every code needs a row", len(g.table), g.name, len(g.rows))
			}
			for _, r := range g.rows {
				t.Run(r.code, func(t *testing.T) {
					if _, ok := g.table[r.code]; !ok {
						t.Fatalf("%s %q is not in the table", g.name, r.code)
					}
					got := g.call(r.code)
					if got.status != r.status || got.exception != r.ex {
						t.Errorf("%s %q → (%s, %q), want (%s, %q)", g.name, r.code, got.status, got.exception, r.status, r.ex)
					}
					if !got.status.Valid() {
						t.Errorf("%s %q → invalid status %q", g.name, r.code, got.status)
					}
				})
			}
		})
	}
}

func TestClassifyFallbacks(t *testing.T) {
	cases := []struct {
		name               string
		sub, stage, status string
		want               tracker.Status
		wantEx             tracker.ExceptionKind
		wantRaw            string
	}{
		{"undocumented sub-status keeps its heading", "Exception_Held", "", "", tracker.StatusException, "", "Exception_Held"},
		{"undocumented delivery failure still a failed attempt", "DeliveryFailure_Weather", "", "", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "DeliveryFailure_Weather"},
		{"undocumented transit word", "InTransit_TransportArrived", "", "", tracker.StatusInTransit, "", "InTransit_TransportArrived"},
		{"sub-status beats stage", "InTransit_CustomsProcessing", "Arrival", "", tracker.StatusCustoms, "", "InTransit_CustomsProcessing"},
		{"stage when the sub-status is unknown", "Mystery", "OutForDelivery", "", tracker.StatusOutForDelivery, "", "Mystery"},
		{"returning stage beats a transit sub-status", "InTransit_Other", "Returning", "", tracker.StatusReturning, tracker.ExReturning, "InTransit_Other"},
		{"returned stage beats a transit sub-status", "InTransit_Arrival", "Returned", "", tracker.StatusReturned, "", "InTransit_Arrival"},
		{"returned sub-status kept under a returning stage", "Exception_Returned", "Returning", "", tracker.StatusReturned, "", "Exception_Returned"},
		{"main status for latest_status", "Whatever_New", "", "Delivered", tracker.StatusDelivered, "", "Whatever_New"},
		{"nothing known is still a scan in transit", "Zzz", "Yyy", "", tracker.StatusInTransit, "", "Zzz"},
		{"stage only", "", "PickedUp", "", tracker.StatusInTransit, "", "PickedUp"},
		{"nothing at all", "", "", "", tracker.StatusInTransit, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := classify(c.sub, c.stage, c.status)
			if got.status != c.want || got.exception != c.wantEx {
				t.Errorf("classify(%q, %q, %q) = (%s, %q), want (%s, %q)", c.sub, c.stage, c.status, got.status, got.exception, c.want, c.wantEx)
			}
			if raw := rawStatus(c.sub, c.stage, c.status); raw != c.wantRaw {
				t.Errorf("rawStatus = %q, want %q", raw, c.wantRaw)
			}
		})
	}
}
