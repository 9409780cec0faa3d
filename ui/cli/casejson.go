package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"time"

	"waybill/tracker"
)

// Cases as scripts read them: JSON and CSV.

// printCase writes case id as JSON, with its log when withLog is set.
func printCase(ctx context.Context, stdout io.Writer, st caseReader, id int64, withLog bool) error {
	r, err := st.Case(ctx, id)
	if errors.Is(err, tracker.ErrNotFound) {
		return problemf("no case %d in %s", id, st.Path())
	}
	if err != nil {
		return err
	}
	out := caseToJSON(r)
	if withLog {
		log, err := st.CaseLog(ctx, id)
		if err != nil {
			return err
		}
		entries := make([]caseLogJSON, 0, len(log))
		for _, l := range log {
			entries = append(entries, caseLogJSON{At: l.At.UTC().Format(time.RFC3339), Actor: l.Actor, Action: string(l.Action), Detail: l.Detail})
		}
		out.Log = &entries
	}
	return writeJSON(stdout, out)
}

// writeCasesJSON writes cases as `case list --json` does, in their order.
func writeCasesJSON(w io.Writer, rows []tracker.CaseRow) error {
	out := make([]caseJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, caseToJSON(r))
	}
	return writeJSON(w, out)
}

// writeCasesCSV writes cases oldest first, as a spreadsheet grows.
func writeCasesCSV(stdout io.Writer, rows []tracker.CaseRow) error {
	rows = slices.Clone(rows)
	slices.Reverse(rows)
	cw := csv.NewWriter(stdout)
	writeCaseHeader(cw)
	for _, r := range rows {
		writeCaseRow(cw, r)
	}
	cw.Flush()
	return cw.Error()
}

func writeCaseHeader(cw *csv.Writer) {
	cw.Write([]string{"id", "order_no", "tracking_no", "carrier", "destination", "kind", "step", "state",
		"opened_at", "opened_by", "closed_at", "solution", "amount", "seller_share", "currency", "resolution", "root_cause"})
}

func writeCaseRow(cw *csv.Writer, r tracker.CaseRow) {
	var typ, amount, share, cur string
	if s := r.Solution; s != nil {
		typ, cur = string(s.Type), s.Currency
		if s.Amount > 0 {
			amount = s.Amount.String()
		}
		if s.SellerShare > 0 {
			share = s.SellerShare.String()
		}
	}
	cw.Write([]string{strconv.FormatInt(r.ID, 10), csvCell(r.OrderNo), csvCell(r.TrackingNo), csvCell(r.Carrier),
		csvCell(r.Destination), string(r.Kind), string(r.Step), string(r.State), csvTime(r.OpenedAt),
		csvCell(r.OpenedBy), csvTime(r.ClosedAt), typ, amount, share, csvCell(cur), csvCell(r.Resolution), string(r.RootCause)})
}

// caseJSON is the public JSON shape of a case (`case list --json`, `case
// show --json`). Field names are snake_case and stable: scripts depend on
// them. Times are RFC 3339 in UTC (updated_at with fractions of a second),
// null when not set.
type caseJSON struct {
	ID                     int64          `json:"id"`
	OrderNo                string         `json:"order_no"`
	TrackingNo             string         `json:"tracking_no"`
	Carrier                string         `json:"carrier"`
	Destination            string         `json:"destination"`
	Buyer                  string         `json:"buyer"`
	ExceptionID            *int64         `json:"exception_id"`
	Kind                   string         `json:"kind"`
	Step                   string         `json:"step"`
	State                  string         `json:"state"`
	Language               string         `json:"language"`
	OpenedAt               *string        `json:"opened_at"`
	OpenedBy               string         `json:"opened_by"`
	Owner                  string         `json:"owner"`
	UpdatedAt              *string        `json:"updated_at"`
	FollowUpAt             *string        `json:"follow_up_at"`
	ClosedAt               *string        `json:"closed_at"`
	Deadline               *string        `json:"deadline"`
	Reassured              bool           `json:"reassured"`
	Verified               bool           `json:"verified"`
	CarrierAnswer          string         `json:"carrier_answer"`
	Reference              string         `json:"reference"`
	InvestigationRequested bool           `json:"investigation_requested"`
	Solution               *solutionJSON  `json:"solution"`
	Resolution             string         `json:"resolution"`
	RootCause              string         `json:"root_cause"`
	Log                    *[]caseLogJSON `json:"log,omitempty"`
}

type solutionJSON struct {
	Type              string   `json:"type"`
	ETA               *string  `json:"eta"`
	ReissueTrackingNo string   `json:"reissue_tracking_no"`
	ReissueCarrier    string   `json:"reissue_carrier"`
	Amount            *string  `json:"amount"` // two decimals, "12.50"; null when none
	Currency          string   `json:"currency"`
	Partial           bool     `json:"partial"`
	Documents         []string `json:"documents"`
	Duties            string   `json:"duties"`
	SellerShare       *string  `json:"seller_share"`
	Address           string   `json:"address"`
	Phone             string   `json:"phone"`
	Evidence          []string `json:"evidence"`
	Reference         string   `json:"reference"`
}

type caseLogJSON struct {
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Detail string `json:"detail"`
}

func caseToJSON(r tracker.CaseRow) caseJSON {
	out := caseJSON{
		ID: r.ID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier, Destination: r.Destination, Buyer: r.Buyer,
		Kind: string(r.Kind), Step: string(r.Step), State: string(r.State), Language: r.Language,
		OpenedAt: jsonTime(r.OpenedAt, time.RFC3339), OpenedBy: r.OpenedBy, UpdatedAt: jsonTime(r.UpdatedAt, time.RFC3339Nano),
		FollowUpAt: jsonTime(r.FollowUpAt, time.RFC3339), ClosedAt: jsonTime(r.ClosedAt, time.RFC3339),
		Owner: r.Owner, Deadline: jsonTime(r.Deadline(), time.RFC3339),
		Reassured: r.Reassured, Verified: r.Verified, CarrierAnswer: r.CarrierAnswer, Reference: r.Reference,
		InvestigationRequested: r.InvestigationRequested, Resolution: r.Resolution, RootCause: string(r.RootCause),
	}
	if r.ExceptionID != 0 {
		out.ExceptionID = &r.ExceptionID
	}
	if s := r.Solution; s != nil {
		out.Solution = &solutionJSON{
			Type: string(s.Type), ETA: jsonTime(s.ETA, time.RFC3339), ReissueTrackingNo: s.ReissueTrackingNo,
			ReissueCarrier: s.ReissueCarrier, Amount: tracker.MoneyJSON(s.Amount), Currency: s.Currency, Partial: s.Partial,
			Documents: append([]string{}, s.Documents...), Duties: string(s.Duties), SellerShare: tracker.MoneyJSON(s.SellerShare),
			Address: s.Address, Phone: s.Phone, Evidence: append([]string{}, s.Evidence...), Reference: s.Reference,
		}
	}
	return out
}
