package tracker

import "math"

// ScoreJSON is the public JSON shape of a scorecard line (`report carriers
// --json`). Field names are snake_case and stable; a figure without data
// (no delivered parcel, no settled promise) is null.
type ScoreJSON struct {
	Carrier          string             `json:"carrier"`
	Origin           string             `json:"origin"`
	Destination      string             `json:"destination"`
	Route            string             `json:"route"`
	Method           string             `json:"method"`
	Shipments        int                `json:"shipments"`
	Delivered        int                `json:"delivered"`
	Promised         int                `json:"promised"`
	OnTime           int                `json:"on_time"`
	OnTimeRate       *float64           `json:"on_time_rate"`
	TransitDaysP50   *float64           `json:"transit_days_p50"`
	TransitDaysP90   *float64           `json:"transit_days_p90"`
	FirstScanDaysP50 *float64           `json:"first_scan_days_p50"`
	ExceptionRates   map[string]float64 `json:"exception_rates"`
	LostRate         float64            `json:"lost_rate"`
	DamagedRate      float64            `json:"damaged_rate"`
	Refunds          int                `json:"refunds"`
	Reissues         int                `json:"reissues"`
	RootCauses       map[string]int     `json:"root_causes"`
	// Claims is the money of closed claims, one entry per currency.
	Claims []ClaimMoneyJSON `json:"claims"`
}

// Route is "CN→DE", or "" when the line is not split by route.
func (k ScoreKey) Route() string {
	if k.Origin == "" && k.Destination == "" {
		return ""
	}
	return k.Origin + "→" + k.Destination
}

// JSON converts a score to its public shape: rates as fractions rounded to
// 4 places, days to 1 place, and every exception kind present (0 when none)
// so the shape does not change with the data.
func (s Score) JSON() ScoreJSON {
	out := ScoreJSON{
		Carrier: s.Carrier, Origin: s.Origin, Destination: s.Destination, Route: s.Route(), Method: s.Method,
		Shipments: s.Shipments, Delivered: s.Delivered, Promised: s.Promised, OnTime: s.OnTime,
		OnTimeRate:       num(s.OnTimeRate(), 4),
		TransitDaysP50:   num(s.TransitP50, 1),
		TransitDaysP90:   num(s.TransitP90, 1),
		FirstScanDaysP50: num(s.FirstScanP50, 1),
		ExceptionRates:   map[string]float64{},
		LostRate:         round(s.Rate(s.Lost), 4),
		DamagedRate:      round(s.Rate(s.Damaged), 4),
		Refunds:          s.Refunds,
		Reissues:         s.Reissues,
		RootCauses:       map[string]int{},
		Claims:           claimMoneyJSON(s.ClaimMoney),
	}
	for _, k := range ExceptionKinds {
		out.ExceptionRates[string(k)] = round(s.Rate(s.Exceptions[k]), 4)
	}
	for c, n := range s.RootCauses {
		out.RootCauses[string(c)] = n
	}
	return out
}

func num(v float64, places int) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	r := round(v, places)
	return &r
}

func round(v float64, places int) float64 {
	if math.IsNaN(v) {
		return 0
	}
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
