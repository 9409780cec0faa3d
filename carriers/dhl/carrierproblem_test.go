package dhl

import (
	"encoding/json"
	"testing"
	"time"

	"waybill/tracker"
)

// A DHL exception code that names no problem (on hold, shipment stopped,
// BV without a telling text) opens carrier_problem through the rules; a
// text that names the problem keeps its own kind.
func TestUnnamedExceptionOpensCarrierProblem(t *testing.T) {
	now := time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, service, status, description string
		want                               tracker.ExceptionKind
	}{
		{"express on hold", "express", "OH", "Shipment on hold", tracker.ExCarrierProblem},
		{"express shipment stopped", "express", "SS", "Shipment stopped", tracker.ExCarrierProblem},
		{"parcel-de BV, text names nothing", "parcel-de", "BV", "Die Sendung wird derzeit geprüft.", tracker.ExCarrierProblem},
		{"express on hold, text says damaged", "express", "OH", "Shipment on hold: damaged", tracker.ExDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type ev struct {
				Timestamp   string `json:"timestamp"`
				StatusCode  string `json:"statusCode"`
				Status      string `json:"status"`
				Description string `json:"description"`
			}
			body, err := json.Marshal(map[string]any{"shipments": []any{map[string]any{
				"id": "3318810025", "service": tt.service,
				"events": []ev{
					{"2026-10-23T09:12:00+02:00", "transit", tt.status, tt.description},
					{"2026-10-21T16:14:00+02:00", "transit", "PU", "Shipment picked up"},
				},
			}}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(body, "3318810025")
			if err != nil || len(res.Events) != 2 {
				t.Fatalf("Decode: %d events, %v", len(res.Events), err)
			}
			fs := tracker.Evaluate(tracker.Shipment{TrackingNo: "3318810025", Carrier: "dhl-express", Status: res.Events[0].Status}, tracker.Order{}, res.Events, now, tracker.DefaultRules())
			if len(fs) != 1 || fs[0].Kind != tt.want {
				t.Fatalf("events %+v open %+v, want one %s", res.Events, fs, tt.want)
			}
		})
	}
}
