package track17

import (
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// A 17TRACK exception that names no problem opens carrier_problem through
// the rules, and a named one keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		subStatus, description string
		want                   tracker.ExceptionKind
	}{
		{"Exception_Other", "Shipment held, carrier will advise", tracker.ExCarrierProblem},
		{"Exception_Cancel", "Shipment cancelled", tracker.ExCarrierProblem},
		{"Exception", "Exception", tracker.ExCarrierProblem},
		{"Exception_Damage", "Damaged", tracker.ExDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.subStatus, func(t *testing.T) {
			body := fmt.Sprintf(`{"event":"TRACKING_UPDATED","data":{"number":"RR123456785CN","carrier":3011,"track_info":{`+
				`"latest_status":{"status":"Exception","sub_status":%q},"tracking":{"providers":[{"provider":{"key":3011,"name":"China Post"},"events":[`+
				`{"time_utc":"2026-11-03T11:45:00Z","description":%q,"location":"JAMAICA, NY","sub_status":%q},`+
				`{"time_utc":"2026-10-29T10:20:00Z","description":"Acceptance","location":"Shenzhen","sub_status":"InTransit_PickedUp"}]}]}}}}`,
				tt.subStatus, tt.description, tt.subStatus)
			p, ok, err := decodePush([]byte(body))
			if err != nil || !ok {
				t.Fatalf("decodePush: ok %v, %v", ok, err)
			}
			got := kinds(tracker.Evaluate(tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", Status: p.Events[0].Status}, tracker.Order{}, p.Events, now, tracker.DefaultRules()))
			if len(got) != 1 || got[0] != tt.want {
				t.Fatalf("events %+v open %v, want [%s]", p.Events, got, tt.want)
			}
		})
	}
}

func kinds(fs []tracker.Finding) []tracker.ExceptionKind {
	var out []tracker.ExceptionKind
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}
