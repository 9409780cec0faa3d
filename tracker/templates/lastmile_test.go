package templates

import (
	"strings"
	"testing"

	"waybill/tracker"
)

// Once a service has named the number a parcel travels under at the
// destination, every message's link is the destination carrier's page for
// that number; before, it is the parcel's own. The parcel is still named
// by its own number, the one the buyer has.
func TestMessagesLinkTheLastMile(t *testing.T) {
	s := mustNew(t, "")
	usps := tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}
	own := TrackingURL("cainiao", "LP00123456789012")
	for _, tc := range []struct {
		name     string
		lastMile tracker.LastMile
		want     string // the link the message gives
		not      string // a link it must not give
	}{
		{"before the hand-over", tracker.LastMile{}, own, "usps.com"},
		{"after it", usps, "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111206206406260787", own},
		{"a carrier we have no page for", tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos Express"},
			"https://www.17track.net/en/track?nums=PQ4F6P0703358900108001X", own},
	} {
		for _, purpose := range Purposes {
			for _, lang := range []string{"en", "de", "zh"} {
				t.Run(tc.name+"/"+purpose+"/"+lang, func(t *testing.T) {
					f := baseFacts(tracker.ExStale, tracker.StatusInTransit, futureETA, nextAhead)
					f.Parcel.TrackingNo, f.Parcel.CarrierSlug = "LP00123456789012", "cainiao"
					sh := tracker.Shipment{TrackingNo: f.Parcel.TrackingNo, Carrier: f.Parcel.CarrierSlug, Status: f.Parcel.Status,
						ShippedAt: f.Parcel.ShippedAt, LastMile: tc.lastMile}
					f.Parcel = ParcelOf(sh, f.Parcel.ETA)
					m, err := s.Compose(purpose, f, lang)
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(m.Body, tc.want) || strings.Contains(m.Body, tc.not) {
						t.Fatalf("want the link %s and not %s in:\n%s", tc.want, tc.not, m.Body)
					}
					if !strings.Contains(m.Body, "LP00123456789012") {
						t.Fatalf("the parcel's own number is gone:\n%s", m.Body)
					}
					if got := ShipmentURL(sh); got != tc.want {
						t.Fatalf("ShipmentURL = %s, want %s", got, tc.want)
					}
				})
			}
		}
	}
}

// A reissue's new parcel that changed number links its last mile in the
// sentence naming the solution.
func TestReissueSentenceLinksTheLastMile(t *testing.T) {
	s := mustNew(t, "")
	f := baseFacts(tracker.ExLost, tracker.StatusInTransit, pastETA, nextAhead)
	f.Solution = &tracker.Solution{Type: tracker.SolveReissue, ReissueTrackingNo: "LP00123456789012", ReissueCarrier: "cainiao"}
	r := ParcelOf(tracker.Shipment{TrackingNo: "LP00123456789012", Carrier: "cainiao", Status: tracker.StatusInTransit,
		LastMile: tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}}, futureETA)
	f.Reissue = &r
	m, err := s.Compose(PurposeReassure, f, "en")
	if err != nil {
		t.Fatal(err)
	}
	if want := TrackingURL("usps", "9400111206206406260787"); !strings.Contains(m.Body, want) {
		t.Fatalf("want %s in:\n%s", want, m.Body)
	}
}
