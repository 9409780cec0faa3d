package evidence

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"time"

	"waybill/tracker"
)

// The bundle's facts for machines: case.json and timeline.csv. Field
// names are snake_case and stable; times RFC 3339 in UTC, absent when not
// set; amounts decimal strings with their currency, exact to the cent.

type bundleJSON struct {
	Format         int            `json:"format"` // 1: this shape
	CaseID         int64          `json:"case_id"`
	Audience       string         `json:"audience"`
	MadeAt         string         `json:"made_at"`
	Case           caseJSONOut    `json:"case"`
	Order          orderJSON      `json:"order"`
	Parcels        []parcelJSON   `json:"parcels"`
	Messages       []logJSON      `json:"messages_to_buyer"`
	CarrierAnswers []logJSON      `json:"carrier_answers"`
	Log            []logJSON      `json:"log"`
	Deadlines      []deadlineJSON `json:"deadlines"`
	Claims         []claimJSON    `json:"claims"`
	Evidence       []fileJSON     `json:"evidence"`
}

type caseJSONOut struct {
	Kind                   string        `json:"kind"`
	State                  string        `json:"state"`
	Step                   string        `json:"step"`
	OpenedAt               string        `json:"opened_at,omitempty"`
	OpenedBy               string        `json:"opened_by,omitempty"`
	ClosedAt               string        `json:"closed_at,omitempty"`
	FollowUpAt             string        `json:"follow_up_at,omitempty"`
	CarrierAnswer          string        `json:"carrier_answer,omitempty"`
	Reference              string        `json:"reference,omitempty"`
	InvestigationRequested bool          `json:"investigation_requested"`
	Solution               *solutionJSON `json:"solution,omitempty"`
	Resolution             string        `json:"resolution,omitempty"`
	RootCause              string        `json:"root_cause,omitempty"`
}

type solutionJSON struct {
	Type              string   `json:"type"`
	Summary           string   `json:"summary"`
	ETA               string   `json:"eta,omitempty"`
	ReissueTrackingNo string   `json:"reissue_tracking_no,omitempty"`
	ReissueCarrier    string   `json:"reissue_carrier,omitempty"`
	Amount            string   `json:"amount,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Partial           bool     `json:"partial,omitempty"`
	Documents         []string `json:"documents,omitempty"`
	Duties            string   `json:"duties,omitempty"`
	SellerShare       string   `json:"seller_share,omitempty"`
	Address           string   `json:"address,omitempty"`
	Phone             string   `json:"phone,omitempty"`
	Reference         string   `json:"reference,omitempty"`
}

type orderJSON struct {
	OrderNo        string   `json:"order_no"`
	Marketplace    string   `json:"marketplace,omitempty"`
	Status         string   `json:"status,omitempty"`
	MarketStatus   string   `json:"market_status,omitempty"`
	OrderedAt      string   `json:"ordered_at,omitempty"`
	PromisedAt     string   `json:"promised_at,omitempty"`
	Country        string   `json:"country,omitempty"`
	ShippingMethod string   `json:"shipping_method,omitempty"`
	Buyer          string   `json:"buyer,omitempty"` // claim bundles only
	Address        string   `json:"address,omitempty"`
	Email          string   `json:"email,omitempty"`
	Phone          string   `json:"phone,omitempty"`
	Product        string   `json:"product,omitempty"`
	Amount         string   `json:"amount,omitempty"`
	Currency       string   `json:"currency,omitempty"`
	HSCode         string   `json:"hs_code,omitempty"`
	DeclaredValue  string   `json:"declared_value,omitempty"`
	Insured        *bool    `json:"insured"` // null: nobody said
	Packaging      string   `json:"packaging,omitempty"`
	Checks         []string `json:"pre_shipment_checks,omitempty"`
}

type parcelJSON struct {
	TrackingNo         string      `json:"tracking_no"`
	Carrier            string      `json:"carrier,omitempty"`
	LastMileTrackingNo string      `json:"last_mile_tracking_no,omitempty"`
	LastMileCarrier    string      `json:"last_mile_carrier,omitempty"`
	Origin             string      `json:"origin,omitempty"`
	Destination        string      `json:"destination,omitempty"`
	Status             string      `json:"status"`
	ShippedAt          string      `json:"shipped_at,omitempty"`
	DeliveredAt        string      `json:"delivered_at,omitempty"`
	ETA                string      `json:"carrier_eta,omitempty"`
	CaseParcel         bool        `json:"case_parcel"`
	Events             []eventJSON `json:"events"`
}

type eventJSON struct {
	Time        string `json:"time"`
	Status      string `json:"status"`
	RawStatus   string `json:"raw_status"`
	Location    string `json:"location"`
	Description string `json:"description"`
	Exception   string `json:"exception,omitempty"`
}

type logJSON struct {
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Detail string `json:"detail"`
}

type deadlineJSON struct {
	Kind   string `json:"kind"`
	DueAt  string `json:"due_at"`
	Source string `json:"source"`
	Ref    string `json:"ref,omitempty"`
	State  string `json:"state"`
}

type claimJSON struct {
	ID        int64  `json:"id"`
	PartyKind string `json:"party_kind"`
	Party     string `json:"party"`
	Reference string `json:"reference,omitempty"`
	FiledAt   string `json:"filed_at,omitempty"`
	Claimed   string `json:"claimed"`
	Recovered string `json:"recovered"`
	Currency  string `json:"currency"`
	State     string `json:"state"`
}

type fileJSON struct {
	Path    string `json:"path"`
	Name    string `json:"name,omitempty"`
	Size    int64  `json:"size,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Missing string `json:"missing,omitempty"`
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func amount(m tracker.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func caseJSON(b tracker.CaseBundle, files []File) ([]byte, error) {
	c, o := b.Case, b.Order
	out := bundleJSON{Format: 1, CaseID: c.ID, Audience: string(b.Audience), MadeAt: jsonTime(b.MadeAt),
		Case: caseJSONOut{Kind: string(c.Kind), State: string(c.State), Step: string(c.Step),
			OpenedAt: jsonTime(c.OpenedAt), OpenedBy: c.OpenedBy, ClosedAt: jsonTime(c.ClosedAt), FollowUpAt: jsonTime(c.FollowUpAt),
			CarrierAnswer: c.CarrierAnswer, Reference: c.Reference, InvestigationRequested: c.InvestigationRequested,
			Resolution: c.Resolution, RootCause: string(c.RootCause)},
		Order: orderJSON{OrderNo: o.OrderNo, Marketplace: o.Marketplace, Status: string(o.Status), MarketStatus: o.MarketStatus,
			OrderedAt: jsonTime(o.OrderedAt), PromisedAt: jsonTime(o.PromisedAt), Country: o.Country, ShippingMethod: o.ShippingMethod,
			Buyer: o.Buyer, Address: o.Address, Email: o.Email, Phone: o.Phone, Product: o.Product,
			Amount: amount(o.Amount), Currency: o.Currency, HSCode: o.HSCode, DeclaredValue: amount(o.DeclaredValue), Insured: o.Insured,
			Packaging: o.Packaging},
		Parcels: []parcelJSON{}, Messages: logsJSON(b.Messages), CarrierAnswers: logsJSON(b.CarrierAnswers), Log: logsJSON(b.Log),
		Deadlines: []deadlineJSON{}, Claims: []claimJSON{}, Evidence: []fileJSON{}}
	for _, ch := range o.Checks {
		out.Order.Checks = append(out.Order.Checks, ch.String())
	}
	if s := c.Solution; s != nil {
		sj := &solutionJSON{Type: string(s.Type), Summary: s.String(), ReissueTrackingNo: s.ReissueTrackingNo, ReissueCarrier: s.ReissueCarrier,
			Amount: amount(s.Amount), Currency: s.Currency, Partial: s.Partial, Documents: s.Documents, Duties: string(s.Duties),
			SellerShare: amount(s.SellerShare), Address: s.Address, Phone: s.Phone, Reference: s.Reference}
		if !s.ETA.IsZero() {
			sj.ETA = s.ETA.UTC().Format("2006-01-02")
		}
		out.Case.Solution = sj
	}
	for _, p := range b.Parcels {
		pj := parcelJSON{TrackingNo: p.TrackingNo, Carrier: p.Carrier, LastMileTrackingNo: p.LastMile.TrackingNo, LastMileCarrier: p.LastMile.Carrier,
			Origin: p.Origin, Destination: p.Destination, Status: string(p.Status), ShippedAt: jsonTime(p.ShippedAt),
			DeliveredAt: jsonTime(p.DeliveredAt), ETA: jsonTime(p.ETA), CaseParcel: p.ID == c.ShipmentID, Events: []eventJSON{}}
		for _, e := range p.Events {
			pj.Events = append(pj.Events, eventJSON{Time: jsonTime(e.Time), Status: string(e.Status), RawStatus: e.RawStatus,
				Location: e.Location, Description: e.Description, Exception: string(e.Exception)})
		}
		out.Parcels = append(out.Parcels, pj)
	}
	for _, d := range b.Deadlines {
		out.Deadlines = append(out.Deadlines, deadlineJSON{Kind: string(d.Kind), DueAt: jsonTime(d.DueAt), Source: d.Source, Ref: d.Ref, State: d.State})
	}
	for _, cl := range b.Claims {
		out.Claims = append(out.Claims, claimJSON{ID: cl.ID, PartyKind: string(cl.PartyKind), Party: cl.Party, Reference: cl.Reference,
			FiledAt: jsonTime(cl.FiledAt), Claimed: cl.Claimed.String(), Recovered: cl.Recovered.String(), Currency: cl.Currency, State: string(cl.State)})
	}
	for _, f := range files {
		out.Evidence = append(out.Evidence, fileJSON(f))
	}
	doc, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	// Carriers' and buyers' text is untrusted: no terminal control
	// reaches whoever prints the file.
	return append(tracker.SanitizeJSON(doc), '\n'), nil
}

func logsJSON(es []tracker.CaseEntry) []logJSON {
	out := []logJSON{}
	for _, e := range es {
		out = append(out, logJSON{At: jsonTime(e.At), Actor: e.Actor, Action: string(e.Action), Detail: e.Detail})
	}
	return out
}

// timelineCSV writes every parcel's events oldest first, one row each.
func timelineCSV(w io.Writer, b tracker.CaseBundle) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"tracking_no", "carrier", "time", "status", "raw_status", "location", "description", "exception"})
	for _, p := range b.Parcels {
		for _, e := range p.Events {
			cw.Write([]string{cell(p.TrackingNo), cell(p.Carrier), jsonTime(e.Time), string(e.Status), cell(e.RawStatus),
				cell(e.Location), cell(e.Description), string(e.Exception)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell is untrusted text for a spreadsheet: no terminal controls, and
// nothing a spreadsheet would run as a formula.
func cell(s string) string {
	s = tracker.Sanitize(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
