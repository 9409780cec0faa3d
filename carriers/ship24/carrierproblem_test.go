package ship24

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

// A Ship24 exception that names no problem (a code we do not know under
// the exception milestone or category) opens carrier_problem through the
// rules; a code that names one keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, code, category, milestone string
		want                            tracker.ExceptionKind
	}{
		{"exception milestone, no code", "", "exception", "exception", tracker.ExCarrierProblem},
		{"unknown code, exception milestone", "exception_held", "", "exception", tracker.ExCarrierProblem},
		{"exception category only", "", "exception", "", tracker.ExCarrierProblem},
		{"exception_lost names it", "exception_lost", "exception", "exception", tracker.ExLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := func(id, at, text, code, cat, ms string) map[string]any {
				return map[string]any{"eventId": id, "trackingNumber": "9400111202544843610364", "status": text,
					"occurrenceDatetime": at, "statusCode": code, "statusCategory": cat, "statusMilestone": ms}
			}
			body, err := json.Marshal(map[string]any{"trackings": []any{map[string]any{
				"tracker": map[string]any{"trackingNumber": "9400111202544843610364"},
				"events": []any{
					ev("b", "2025-03-03T10:00:00Z", "Shipment exception", tt.code, tt.category, tt.milestone),
					ev("a", "2025-03-01T08:00:00Z", "Accepted", "transit_accepted", "transit", "in_transit"),
				},
			}}})
			if err != nil {
				t.Fatal(err)
			}
			ps, err := decodePush(body)
			if err != nil || len(ps) != 1 || len(ps[0].Events) != 2 {
				t.Fatalf("decodePush: %+v, %v", ps, err)
			}
			evs := ps[0].Events
			fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "9400111202544843610364", Carrier: "usps", Status: evs[0].Status}, tracker.Order{}, evs, now, tracker.DefaultRules())
			if len(fs) != 1 || fs[0].Kind != tt.want {
				t.Fatalf("events %+v open %+v, want one %s", evs, fs, tt.want)
			}
		})
	}
}
