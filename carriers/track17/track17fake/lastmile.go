package track17fake

import "time"

// The last-mile number as 17TRACK API v2.2 reports it: track_info.misc_info
// carries local_number (the number the parcel travels under at the
// destination), local_provider (that carrier's name) and local_key (its
// 17TRACK carrier key), beside risk_factor, service_type, weight_raw,
// weight_kg, pieces, dimensions, customer_number and reference_number.
// Sources: https://asset.17track.net/api/document/v2.2_en/index.html
// (gettrackinfo, "misc_info") and the field list of the Go SDK built from
// it, github.com/wksw/17track-golang-sdk models/v2/track.go (MiscInfo:
// LocalNumber string, LocalProvider string, LocalKey int32). The stored
// copy of the documentation page could not be read as far as that table;
// the names and types are the SDK's. An unknown value goes out as null.

// lastMile is a parcel's misc_info.local_*.
type lastMile struct {
	number   string
	provider string
	key      int
}

// SetLastMile makes 17TRACK report that number travels at the destination
// as lastMileNo with the carrier of 17TRACK key key (misc_info.local_number,
// local_provider, local_key); lastMileNo "" takes it away again.
func (s *Server) SetLastMile(number, lastMileNo string, key int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	p.lastMile = lastMile{number: lastMileNo, key: key}
	if lastMileNo != "" {
		p.lastMile.provider = providerName(key)
	}
	s.changed(p)
}

// miscInfo is a parcel's misc_info as 17TRACK shapes it.
func miscInfo(p *parcel) map[string]any {
	m := map[string]any{
		"risk_factor": 0, "service_type": nil, "weight_raw": nil, "weight_kg": nil, "pieces": nil,
		"dimensions": nil, "customer_number": nil, "reference_number": nil,
		"local_number": nil, "local_provider": nil, "local_key": nil,
	}
	if lm := p.lastMile; lm.number != "" {
		m["local_number"], m["local_provider"], m["local_key"] = lm.number, lm.provider, lm.key
	}
	return m
}

// CrossBorderLastMile is the USPS number AddCrossBorder's parcel is handed
// over under.
const CrossBorderLastMile = "9400111206206406260787"

// AddCrossBorder scripts an AliExpress parcel whose number changes at the
// destination: Cainiao (key 190271) scans number in China, hands it to USPS
// (key 21051), which scans it under CrossBorderLastMile up to delivery; the
// two carriers come as two providers, and misc_info names the USPS number.
// It returns how many events gettrackinfo will report.
func (s *Server) AddCrossBorder(number string, shipped time.Time) int {
	h := time.Hour
	cn, us := 190271, 21051
	evs := []Event{
		{shipped, "+08:00", "InfoReceived", "InfoReceived", "Order information received", "Shenzhen", cn},
		{shipped.Add(8 * h), "+08:00", "PickedUp", "InTransit_PickedUp", "Picked up by the logistics provider", "Shenzhen", cn},
		{shipped.Add(30 * h), "+08:00", "Departure", "InTransit_Departure", "Departed from the departure country", "Shenzhen", cn},
		{shipped.Add(100 * h), "-05:00", "Arrival", "InTransit_Arrival", "Arrived at the destination country", "New York, NY", cn},
		{shipped.Add(120 * h), "-05:00", "", "InTransit_Other", "Handed over to the last-mile carrier", "New York, NY", cn},
		{shipped.Add(140 * h), "-05:00", "", "InTransit_Other", "Accepted at USPS Regional Facility", "Jamaica, NY", us},
		{shipped.Add(166 * h), "-05:00", "OutForDelivery", "OutForDelivery_Other", "Out for delivery", "Brooklyn, NY 11201", us},
		{shipped.Add(172 * h), "-05:00", "Delivered", "Delivered_Other", "Delivered, in/at mailbox", "Brooklyn, NY 11201", us},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.parcel(number)
	if p.carrier == 0 {
		p.carrier = cn
	}
	p.events = append(p.events, evs...)
	p.lastMile = lastMile{number: CrossBorderLastMile, provider: providerName(us), key: us}
	s.changed(p)
	return len(p.events)
}
