package dhl

import (
	"strings"
	"testing"

	"waybill/tracker"
)

// wantStatusCodes and wantEventCodes restate the mapping independently of
// codes.go, one row per documented code, so a change to either shows.
var wantStatusCodes = map[string]Mapping{
	"pre-transit": {tracker.StatusInfoReceived, ""},
	"transit":     {tracker.StatusInTransit, ""},
	"delivered":   {tracker.StatusDelivered, ""},
	"failure":     {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"unknown":     {tracker.StatusInTransit, ""},
}

var wantEventCodes = map[string]Mapping{
	"express:PU":   {tracker.StatusInTransit, ""},
	"express:SA":   {tracker.StatusInTransit, ""},
	"express:PL":   {tracker.StatusInTransit, ""},
	"express:DF":   {tracker.StatusInTransit, ""},
	"express:AF":   {tracker.StatusInTransit, ""},
	"express:AR":   {tracker.StatusInTransit, ""},
	"express:WC":   {tracker.StatusOutForDelivery, ""},
	"express:OK":   {tracker.StatusDelivered, ""},
	"express:TR":   {tracker.StatusInTransit, ""},
	"express:SM":   {tracker.StatusInTransit, ""},
	"express:FD":   {tracker.StatusInTransit, ""},
	"express:AD":   {tracker.StatusInTransit, ""},
	"express:SC":   {tracker.StatusInTransit, ""},
	"express:SD":   {tracker.StatusInfoReceived, ""},
	"express:TP":   {tracker.StatusInTransit, ""},
	"express:MS":   {tracker.StatusInTransit, ""},
	"express:MC":   {tracker.StatusInTransit, ""},
	"express:CS":   {tracker.StatusExpired, ""},
	"express:OH":   {tracker.StatusException, ""},
	"express:SS":   {tracker.StatusException, ""},
	"express:IC":   {tracker.StatusCustoms, ""},
	"express:RR":   {tracker.StatusCustoms, ""},
	"express:BN":   {tracker.StatusCustoms, ""},
	"express:PY":   {tracker.StatusCustoms, ""},
	"express:CR":   {tracker.StatusInTransit, ""},
	"express:BR":   {tracker.StatusInTransit, ""},
	"express:CD":   {tracker.StatusCustoms, tracker.ExCustoms},
	"express:UD":   {tracker.StatusCustoms, tracker.ExCustoms},
	"express:HP":   {tracker.StatusCustoms, tracker.ExCustoms},
	"express:ND":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:NH":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:CA":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:BA":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:CM":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:RD":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:MD":   {tracker.StatusDeliveryFailed, ""},
	"express:CC":   {tracker.StatusAvailableForPickup, ""},
	"express:RT":   {tracker.StatusReturning, tracker.ExReturning},
	"express:DD":   {tracker.StatusDelivered, tracker.ExDamaged},
	"express:PD":   {tracker.StatusDelivered, tracker.ExMissingItems},
	"express:DS":   {tracker.StatusException, tracker.ExLost},
	"express:101":  {tracker.StatusDelivered, ""},
	"express:102":  {tracker.StatusInTransit, ""},
	"express:103":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:104":  {tracker.StatusInfoReceived, ""},
	"parcel-de:VA": {tracker.StatusInfoReceived, ""},
	"parcel-de:ES": {tracker.StatusInTransit, ""},
	"parcel-de:AA": {tracker.StatusInTransit, ""},
	"parcel-de:EE": {tracker.StatusInTransit, ""},
	"parcel-de:NB": {tracker.StatusInTransit, ""},
	"parcel-de:PO": {tracker.StatusOutForDelivery, ""},
	"parcel-de:LA": {tracker.StatusAvailableForPickup, ""},
	"parcel-de:ZF": {tracker.StatusAvailableForPickup, ""},
	"parcel-de:ZN": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"parcel-de:ZU": {tracker.StatusDelivered, ""},
	"parcel-de:AE": {tracker.StatusInTransit, ""},
	"parcel-de:AN": {tracker.StatusInfoReceived, ""},
	"parcel-de:BV": {tracker.StatusException, ""},
	"parcel-de:ZO": {tracker.StatusCustoms, ""},
	"parcel-de:DD": {tracker.StatusInTransit, ""},
	"parcel-de:GT": {tracker.StatusInTransit, ""},
}

func TestStatusCodeTable(t *testing.T) {
	if len(statusCodes) != len(wantStatusCodes) {
		t.Fatalf("table has %d statusCodes, test %d", len(statusCodes), len(wantStatusCodes))
	}
	for code, want := range wantStatusCodes {
		t.Run(code, func(t *testing.T) {
			if got, ok := statusCodes[code]; !ok || got != want {
				t.Fatalf("table: %+v (present %v), want %+v", got, ok, want)
			}
			// Through MapEvent with no sub-code and no text, and with the
			// code in any case.
			for _, c := range []string{code, strings.ToUpper(code)} {
				m := MapEvent("express", c, "", "")
				if m.Mapping != want || m.Raw != c {
					t.Fatalf("MapEvent(%q) = %+v, want %+v raw %q", c, m, want, c)
				}
			}
		})
	}
}

func TestEventCodeTable(t *testing.T) {
	if len(eventCodes) != len(wantEventCodes) {
		t.Fatalf("table has %d event codes, test %d", len(eventCodes), len(wantEventCodes))
	}
	for key, want := range wantEventCodes {
		t.Run(key, func(t *testing.T) {
			if got, ok := eventCodes[key]; !ok || got != want {
				t.Fatalf("table: %+v (present %v), want %+v", got, ok, want)
			}
			service, code, _ := strings.Cut(key, ":")
			// A statusCode that disagrees must not win over the sub-code.
			m := MapEvent(service, "unknown", code, "")
			if m.Mapping != want {
				t.Fatalf("MapEvent = %+v, want %+v", m.Mapping, want)
			}
			if m.Raw != "unknown/"+code {
				t.Fatalf("raw %q", m.Raw)
			}
		})
	}
}

func TestUnknownCodesFallBack(t *testing.T) {
	cases := []struct {
		name                          string
		service, statusCode, st, text string
		want                          Mapping
		raw                           string
	}{
		{"unknown express sub-code keeps raw, maps by statusCode", "express", "delivered", "QQ", "", Mapping{tracker.StatusDelivered, ""}, "delivered/QQ"},
		{"sub-code of a service without a code list", "ecommerce", "transit", "OK", "", Mapping{tracker.StatusInTransit, ""}, "transit/OK"},
		{"parcel-de code on express is not looked up", "express", "transit", "ZU", "", Mapping{tracker.StatusInTransit, ""}, "transit/ZU"},
		{"unknown statusCode is in transit", "express", "teleported", "", "", Mapping{tracker.StatusInTransit, ""}, "teleported"},
		{"no code at all: text only", "express", "", "", "Shipment is out with courier for delivery", Mapping{tracker.StatusOutForDelivery, ""}, ""},
		{"sub-code without statusCode", "express", "", "WC", "", Mapping{tracker.StatusOutForDelivery, ""}, "WC"},
		{"same code in status and statusCode is not repeated", "ecommerce", "delivered", "DELIVERED", "", Mapping{tracker.StatusDelivered, ""}, "delivered"},
		{"free text status is not a code", "express", "transit", "Arrived at DHL Sort Facility", "", Mapping{tracker.StatusInTransit, ""}, "transit"},
		{"lower-case status is text, not a code", "parcel-de", "transit", "zf", "", Mapping{tracker.StatusInTransit, ""}, "transit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := MapEvent(tc.service, tc.statusCode, tc.st, tc.text)
			if m.Mapping != tc.want || m.Raw != tc.raw {
				t.Fatalf("got %+v raw %q, want %+v raw %q", m.Mapping, m.Raw, tc.want, tc.raw)
			}
		})
	}
}

// TestTextHeuristics pins the text rules that refine a coarse statusCode.
// These are heuristics over DHL's English and German wording, not codes.
func TestTextHeuristics(t *testing.T) {
	cases := []struct {
		statusCode, text string
		want             Mapping
	}{
		{"transit", "Shipment is on hold - awaiting duty payment", Mapping{tracker.StatusCustoms, tracker.ExCustoms}},
		{"transit", "Customs clearance status updated. Note - The Customs clearance process may start while the shipment is in transit to the destination.", Mapping{tracker.StatusCustoms, ""}},
		{"transit", "Clearance processing complete at MANILA - PHILIPPINES, THE", Mapping{tracker.StatusInTransit, ""}},
		{"failure", "Clearance delay: import documents required", Mapping{tracker.StatusCustoms, tracker.ExCustoms}},
		{"failure", "Customs", Mapping{tracker.StatusCustoms, tracker.ExCustoms}},
		{"transit", "Shipment is being returned to shipper", Mapping{tracker.StatusReturning, tracker.ExReturning}},
		{"failure", "Die Sendung wird an den Absender zurückgesendet.", Mapping{tracker.StatusReturning, tracker.ExReturning}},
		{"delivered", "Returned to sender: delivered to the shipper", Mapping{tracker.StatusReturned, ""}},
		{"delivered", "Delivered damaged", Mapping{tracker.StatusDelivered, tracker.ExDamaged}},
		{"delivered", "Delivered - Signed for by: J DOE", Mapping{tracker.StatusDelivered, ""}},
		{"delivered", "Delivery attempt failed earlier; now delivered", Mapping{tracker.StatusDelivered, ""}},
		{"failure", "Shipment lost", Mapping{tracker.StatusException, tracker.ExLost}},
		{"failure", "Die Sendung ist beschädigt.", Mapping{tracker.StatusException, tracker.ExDamaged}},
		{"transit", "Delivery attempted - recipient not home", Mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}},
		{"transit", "Die Sendung konnte nicht zugestellt werden.", Mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}},
		{"transit", "Die Annahme der Sendung wurde verweigert.", Mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}},
		{"transit", "Awaiting collection by recipient as requested", Mapping{tracker.StatusAvailableForPickup, ""}},
		{"transit", "Die Sendung liegt in der Packstation zur Abholung bereit.", Mapping{tracker.StatusAvailableForPickup, ""}},
		{"transit", "Die Sendung wurde vom Absender in der Filiale eingeliefert.", Mapping{tracker.StatusInTransit, ""}},
		{"transit", "Die Sendung wurde in das Zustellfahrzeug geladen.", Mapping{tracker.StatusOutForDelivery, ""}},
		{"transit", "Shipment is out with courier for delivery", Mapping{tracker.StatusOutForDelivery, ""}},
		{"pre-transit", "The instruction data for this shipment have been provided by the sender to DHL electronically", Mapping{tracker.StatusInfoReceived, ""}},
		{"failure", "", Mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}},
	}
	for _, tc := range cases {
		t.Run(tc.statusCode+": "+tc.text, func(t *testing.T) {
			if m := MapEvent("ecommerce", tc.statusCode, "", tc.text); m.Mapping != tc.want {
				t.Fatalf("got %+v, want %+v", m.Mapping, tc.want)
			}
		})
	}
	t.Run("an exception sub-code takes its kind from the text", func(t *testing.T) {
		m := MapEvent("parcel-de", "transit", "BV", "Die Sendung wird an den Absender zurückgesendet.")
		if m.Mapping != (Mapping{tracker.StatusReturning, tracker.ExReturning}) || m.Raw != "transit/BV" {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("a precise sub-code is not second-guessed by its text", func(t *testing.T) {
		m := MapEvent("express", "transit", "WC", "Delivery attempt will follow")
		if m.Mapping != (Mapping{tracker.StatusOutForDelivery, ""}) {
			t.Fatalf("%+v", m)
		}
	})
}
