package aftership

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

// An AfterShip exception whose subtag names no problem opens carrier_problem
// through the rules; a subtag that names one keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2024, 4, 11, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		subtag, message string
		want            tracker.ExceptionKind
	}{
		{"Exception_001", "Shipping exception", tracker.ExCarrierProblem},
		{"Exception_005", "Delayed (external factors)", tracker.ExOverdue}, // a delay with a reason is a late parcel
		{"Exception_009", "Rejected by carrier", tracker.ExCarrierProblem},
		{"Exception_020", "Shipment cancelled", tracker.ExCarrierProblem},
		{"", "Exception", tracker.ExCarrierProblem},
		{"Exception_003", "Customer refused delivery", tracker.ExDeliveryFailed},
	}
	for _, tt := range tests {
		t.Run("Exception/"+tt.subtag, func(t *testing.T) {
			cp := func(at, tag, subtag, msg string) map[string]string {
				return map[string]string{"checkpoint_time": at, "tag": tag, "subtag": subtag, "message": msg, "location": "Berlin"}
			}
			body, err := json.Marshal(map[string]any{"event": "tracking_update", "msg": map[string]any{
				"tracking_number": "RR123456785CN", "slug": "china-post", "tag": "Exception", "subtag": tt.subtag,
				"checkpoints": []any{
					cp("2024-04-02T11:20:00+08:00", "InTransit", "InTransit_002", "Acceptance"),
					cp("2024-04-10T09:00:00+02:00", "Exception", tt.subtag, tt.message),
				},
			}})
			if err != nil {
				t.Fatal(err)
			}
			ps, err := decodeWebhook(body)
			if err != nil || len(ps) != 1 || len(ps[0].Events) != 2 {
				t.Fatalf("decodeWebhook: %+v, %v", ps, err)
			}
			evs := ps[0].Events
			evs[0], evs[1] = evs[1], evs[0] // checkpoints come oldest first; the rules read newest first
			fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", Status: evs[0].Status}, tracker.Order{}, evs, now, tracker.DefaultRules())
			if len(fs) != 1 || fs[0].Kind != tt.want {
				t.Fatalf("events %+v open %+v, want one %s", evs, fs, tt.want)
			}
		})
	}
}
