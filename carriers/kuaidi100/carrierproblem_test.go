package kuaidi100

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

// A Kuaidi100 state that reports a problem without naming one (210, the
// shipment cancelled) opens carrier_problem through the rules; a state
// that names one keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2026, 10, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		code, context string
		want          tracker.ExceptionKind
	}{
		{"210", "【深圳市】快件已销单", tracker.ExCarrierProblem},
		{"206", "【迈阿密】无法联系收件人", tracker.ExDeliveryFailed},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			d := func(at, ctx, code string) map[string]string {
				return map[string]string{"context": ctx, "time": at, "ftime": at, "areaName": "广东,深圳市", "statusCode": code}
			}
			param, err := json.Marshal(map[string]any{"status": "polling", "lastResult": map[string]any{
				"message": "ok", "state": tt.code, "status": "200", "com": "yuntrack", "nu": "YT2629100123456789",
				"data": []any{d("2026-10-27 21:03:00", tt.context, tt.code), d("2026-10-20 10:00:00", "【深圳市】已揽收", "103")},
			}})
			if err != nil {
				t.Fatal(err)
			}
			ps, err := DecodePush(param)
			if err != nil || len(ps) != 1 || len(ps[0].Events) != 2 {
				t.Fatalf("DecodePush: %+v, %v", ps, err)
			}
			evs := ps[0].Events
			fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "YT2629100123456789", Carrier: "yuntrack", Status: evs[0].Status}, tracker.Order{}, evs, now, tracker.DefaultRules())
			if len(fs) != 1 || fs[0].Kind != tt.want {
				t.Fatalf("events %+v open %+v, want one %s", evs, fs, tt.want)
			}
		})
	}
}
