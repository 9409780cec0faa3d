package tracker

import "time"

// OrderJSON is the public JSON shape of an order (`list --json`, `show
// --json`). Field names are snake_case and stable: scripts depend on them.
type OrderJSON struct {
	OrderNo     string `json:"order_no"`
	Marketplace string `json:"marketplace"`
	Buyer       string `json:"buyer"`
	Destination string `json:"destination"`
	Status      string `json:"status"`
	// MarketStatus is the marketplace's own status of a synced order,
	// cleaned of terminal controls; absent when none is kept.
	MarketStatus string  `json:"market_status,omitempty"`
	PromisedAt   *string `json:"promised_at"`
	Method       string  `json:"shipping_method"`
	Email        string  `json:"email"`
	Phone        string  `json:"phone"`
	OrderedAt    *string `json:"ordered_at"`
	Address      string  `json:"address"`
	Product      string  `json:"product"`
	// Amounts are strings with two decimals ("1234.50"), null when not
	// given, so no JSON reader turns them into floats on the way.
	Amount        *string        `json:"amount"`
	Currency      string         `json:"currency"`
	HSCode        string         `json:"hs_code"`
	DeclaredValue *string        `json:"declared_value"`
	Insured       *bool          `json:"insured"`
	Packaging     string         `json:"packaging"`
	Checks        []Check        `json:"checks"`
	Demo          bool           `json:"demo"` // made up by the simulator (Order.Demo)
	Shipments     []ShipmentJSON `json:"shipments"`
}

// MoneyJSON is an amount as JSON carries it: a string with two decimals,
// nil (null) when not given.
func MoneyJSON(m Money) *string {
	if m == 0 {
		return nil
	}
	s := m.String()
	return &s
}

// ShipmentJSON is one parcel in an OrderJSON. Events appear only in `show`.
type ShipmentJSON struct {
	TrackingNo  string   `json:"tracking_no"`
	Carrier     string   `json:"carrier"`
	Status      Status   `json:"status"`
	ShippedAt   *string  `json:"shipped_at"`
	LastEventAt *string  `json:"last_event_at"`
	Exceptions  []string `json:"exceptions"`
	Unverified  bool     `json:"unverified"`
	// LastMileNo and LastMileCarrier are the number the parcel travels
	// under at the destination and its carrier, "" until a tracking
	// service names them.
	LastMileNo      string `json:"last_mile_no"`
	LastMileCarrier string `json:"last_mile_carrier"`
	// ETA is set by OrderDetail.JSONAt: null for a delivered parcel or
	// when neither the carrier nor history knows.
	ETA    *ETAJSON     `json:"eta"`
	Events *[]EventJSON `json:"events,omitempty"`
}

// ETAJSON is an ETA's public shape: dates as YYYY-MM-DD (UTC); samples and
// basis say what a history estimate was learned from.
type ETAJSON struct {
	Date    string    `json:"date"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Source  ETASource `json:"source"`
	Basis   string    `json:"basis"`
	Samples int       `json:"samples"`
}

// JSON is the ETA's public shape.
func (e ETA) JSON() *ETAJSON {
	d := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	return &ETAJSON{Date: d(e.Date), From: d(e.From), To: d(e.To), Source: e.Source, Basis: e.Basis, Samples: e.Samples}
}

// JSONAt is JSON with each undelivered shipment's ETA at now (EstimateETA
// with model, which may be nil).
func (o OrderDetail) JSONAt(withEvents bool, model *ETAModel, now time.Time) OrderJSON {
	out := o.JSON(withEvents)
	for i, s := range o.Shipments {
		if e, ok := EstimateETA(model, s.Shipment, o.Order, now); ok {
			out.Shipments[i].ETA = e.JSON()
		}
	}
	return out
}

// EventJSON is one carrier event, newest first in ShipmentJSON.Events.
type EventJSON struct {
	Time        string `json:"time"`
	Status      Status `json:"status"`
	Location    string `json:"location"`
	Description string `json:"description"`
	RawStatus   string `json:"raw_status"`
}

func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// JSON converts an order to its public shape; withEvents adds each
// shipment's events (an empty array, never null, when it has none).
func (o OrderDetail) JSON(withEvents bool) OrderJSON {
	out := OrderJSON{
		OrderNo:       o.OrderNo,
		Marketplace:   o.Marketplace,
		Buyer:         o.Buyer,
		Destination:   o.Country,
		Status:        string(o.Status),
		MarketStatus:  Sanitize(o.MarketStatus),
		PromisedAt:    timeJSON(o.PromisedAt),
		Method:        o.ShippingMethod,
		Email:         o.Email,
		Phone:         o.Phone,
		OrderedAt:     timeJSON(o.OrderedAt),
		Address:       o.Address,
		Product:       o.Product,
		Amount:        MoneyJSON(o.Amount),
		Currency:      o.Currency,
		HSCode:        o.HSCode,
		DeclaredValue: MoneyJSON(o.DeclaredValue),
		Insured:       o.Insured,
		Packaging:     o.Packaging,
		Checks:        append(make([]Check, 0, len(o.Checks)), o.Checks...),
		Demo:          o.Demo,
		Shipments:     make([]ShipmentJSON, 0, len(o.Shipments)),
	}
	for _, s := range o.Shipments {
		sj := ShipmentJSON{
			TrackingNo:  s.TrackingNo,
			Carrier:     s.Carrier,
			Status:      s.Status,
			ShippedAt:   timeJSON(s.ShippedAt),
			LastEventAt: timeJSON(s.LastEventAt),
			Exceptions:  make([]string, 0, len(s.Exceptions)),
			Unverified:  s.Unverified,
		}
		sj.LastMileNo, sj.LastMileCarrier = s.LastMile.TrackingNo, s.LastMile.Carrier
		for _, k := range s.Exceptions {
			sj.Exceptions = append(sj.Exceptions, string(k))
		}
		if withEvents {
			evs := make([]EventJSON, 0, len(s.Events))
			for _, e := range s.Events {
				evs = append(evs, EventJSON{
					Time:        e.Time.UTC().Format(time.RFC3339),
					Status:      e.Status,
					Location:    e.Location,
					Description: e.Description,
					RawStatus:   e.RawStatus,
				})
			}
			sj.Events = &evs
		}
		out.Shipments = append(out.Shipments, sj)
	}
	return out
}
