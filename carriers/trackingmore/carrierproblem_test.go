package trackingmore

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

// A TrackingMore exception that names no problem (exception005, or the
// exception status alone) opens carrier_problem through the rules; a
// sub-status that names one keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, status, sub string
		want              tracker.ExceptionKind
	}{
		{"other exceptions", "exception", "exception005", tracker.ExCarrierProblem},
		{"exception status, no sub-status", "exception", "", tracker.ExCarrierProblem},
		{"unknown sub-status under exception", "exception", "exception099", tracker.ExCarrierProblem},
		{"detained by customs", "exception", "exception006", tracker.ExCustoms},
		{"lost", "exception", "exception007", tracker.ExLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := json.Marshal(map[string]any{"data": map[string]any{
				"tracking_number": "RB123456785CN", "delivery_status": "exception",
				"origin_info": map[string]any{"trackinfo": []any{
					map[string]any{"checkpoint_date": "2026-11-03T10:00:00+08:00", "checkpoint_delivery_status": tt.status, "checkpoint_delivery_substatus": tt.sub, "tracking_detail": "Exception"},
					map[string]any{"checkpoint_date": "2026-11-01T08:00:00+08:00", "checkpoint_delivery_status": "transit", "checkpoint_delivery_substatus": "transit001", "tracking_detail": "Accepted"},
				}},
			}})
			if err != nil {
				t.Fatal(err)
			}
			ps, err := decodePush(body)
			if err != nil || len(ps) != 1 || len(ps[0].Events) != 2 {
				t.Fatalf("decodePush: %+v, %v", ps, err)
			}
			evs := ps[0].Events
			fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "RB123456785CN", Carrier: "china-post", Status: evs[0].Status}, tracker.Order{}, evs, now, tracker.DefaultRules())
			if len(fs) != 1 || fs[0].Kind != tt.want {
				t.Fatalf("events %+v open %+v, want one %s", evs, fs, tt.want)
			}
		})
	}
}
