package aftershipfake

import "time"

// NextCourier is one element of a tracking's next_couriers: the carrier a
// shipment with several legs is handed to, and the number it goes under
// there. AfterShip's 2024-04 Tracking object documents next_couriers as
// "the next couriers get the second carrier information from user or
// AfterShip", each with slug, tracking_number and source (AfterShip's Go
// SDK, github.com/AfterShip/tracking-sdk-go branch 2024-04, model/tracking.go
// NextCouriersTracking; https://www.aftership.com/docs/tracking/2024-04/model/tracking).
// Which values source takes is not documented there; the fake sends
// "carrier".
type NextCourier struct {
	Slug           string `json:"slug"`
	TrackingNumber string `json:"tracking_number"`
	Source         string `json:"source"`
}

// SetNextCourier sets number's next_couriers to the one leg slug/next
// (next "" empties it).
func (s *Server) SetNextCourier(number, slug, next string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(number, ""); t != nil {
		t.NextCouriers = []NextCourier{}
		if next != "" {
			t.NextCouriers = append(t.NextCouriers, NextCourier{Slug: slug, TrackingNumber: next, Source: "carrier"})
		}
	}
}

// CrossBorderLastMile is the USPS number AddCrossBorder's parcel is handed
// over under.
const CrossBorderLastMile = "9400111206206406260787"

// AddCrossBorder gives number (a Cainiao LP… number) a journey that changes
// number at the destination: Cainiao's scans in China, then USPS's under
// CrossBorderLastMile up to delivery, with next_couriers naming USPS and
// that number. It returns how many checkpoints the tracking has.
func (s *Server) AddCrossBorder(number string, shipped time.Time) int {
	cn := time.FixedZone("CST", 8*3600)
	us := time.FixedZone("EST", -5*3600)
	at := func(d time.Duration, z *time.Location) string {
		return shipped.Add(d).In(z).Format("2006-01-02T15:04:05-07:00")
	}
	h := time.Hour
	cps := []Checkpoint{
		{Slug: "cainiao", CheckpointTime: at(0, cn), City: "Shenzhen", CountryISO3: "CHN", Message: "Order information received", Tag: "InfoReceived", Subtag: "InfoReceived_001", SubtagMessage: "Info Received"},
		{Slug: "cainiao", CheckpointTime: at(8*h, cn), City: "Shenzhen", CountryISO3: "CHN", Message: "Picked up by the logistics provider", Tag: "InTransit", Subtag: "InTransit_002", SubtagMessage: "Acceptance scan"},
		{Slug: "cainiao", CheckpointTime: at(30*h, cn), City: "Shenzhen", CountryISO3: "CHN", Message: "Departed from the departure country", Tag: "InTransit", Subtag: "InTransit_007", SubtagMessage: "Departure Scan"},
		{Slug: "cainiao", CheckpointTime: at(120*h, us), City: "New York", State: "NY", CountryISO3: "USA", Message: "Handed over to the last-mile carrier", Tag: "InTransit", Subtag: "InTransit_001", SubtagMessage: "In Transit"},
		{Slug: "usps", CheckpointTime: at(140*h, us), City: "Jamaica", State: "NY", CountryISO3: "USA", Message: "Accepted at USPS Regional Facility", Tag: "InTransit", Subtag: "InTransit_003", SubtagMessage: "Arrival scan"},
		{Slug: "usps", CheckpointTime: at(166*h, us), City: "Brooklyn", State: "NY", CountryISO3: "USA", Message: "Out for Delivery", Tag: "OutForDelivery", Subtag: "OutForDelivery_001", SubtagMessage: "Out for Delivery"},
		{Slug: "usps", CheckpointTime: at(172*h, us), City: "Brooklyn", State: "NY", CountryISO3: "USA", Message: "Delivered, In/At Mailbox", Tag: "Delivered", Subtag: "Delivered_001", SubtagMessage: "Delivered"},
	}
	s.AddTracking(Tracking{TrackingNumber: number, Slug: "cainiao", OriginCountryISO3: strOrNil("CHN"), DestinationCountryISO3: strOrNil("USA")})
	s.AddEvents(number, cps...)
	s.SetNextCourier(number, "usps", CrossBorderLastMile)
	return len(cps)
}
