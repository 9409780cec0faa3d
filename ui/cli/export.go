package cli

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui/i18n"
)

func (a *app) exportCmd() *cobra.Command {
	var format, what, outPath string
	cmd := leaf("export", "write orders, shipments, open exceptions or cases as CSV or JSON", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		f := strings.ToLower(strings.TrimSpace(format))
		if f != "csv" && f != "json" {
			return usagef("--format %q: want csv or json", format)
		}
		w := strings.ToLower(strings.TrimSpace(what))
		if !slices.Contains([]string{"orders", "shipments", "exceptions", "cases"}, w) {
			return usagef("--what %q: want orders, shipments, exceptions or cases", what)
		}
		toFile := outPath != "" && outPath != "-"
		p := newProgress(a.stderr, progressOn(a.stderr, a.stdout, toFile, isTerminal), exportedWords(a.tr(), w), nil)
		defer p.Done()
		return toOutput(outPath, a.stdout, func(out io.Writer) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			if w == "cases" {
				if f == "json" {
					return streamCasesJSON(cmd.Context(), out, s.store, p)
				}
				return streamCasesCSV(cmd.Context(), out, s.store, "", p)
			}
			return export(cmd.Context(), out, s.store, w, f, p)
		})
	})
	cmd.Flags().StringVar(&format, "format", "csv", "output `format`: csv or json")
	cmd.Flags().StringVar(&what, "what", "orders", "what to export: `orders`, shipments, exceptions or cases")
	cmd.Flags().StringVar(&outPath, "out", "", "write to this `file` instead of stdout")
	return cmd
}

// export writes the orders (one row per parcel), the shipments or the
// open exceptions in format, a keyset page of orders (or a cursor's row)
// at a time as the store reads them, counting rows on p.
func export(ctx context.Context, out io.Writer, st orderExporter, what, format string, p *progress) error {
	var put func(tracker.OrderDetail) error
	var end func() error
	switch what {
	case "orders":
		put, end = exportOrders(out, format)
	case "shipments":
		put, end = exportShipments(out, format)
	default:
		putException, end := exportExceptions(out, format)
		err := st.EachOpenException(ctx, tracker.ExceptionQuery{Now: time.Now()}, func(r tracker.ExceptionRow) error {
			p.Add(1)
			return putException(r)
		})
		if err != nil {
			return err
		}
		return end()
	}
	var after int64
	for {
		page, err := st.OrdersAfter(ctx, after, exportPage)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return end()
		}
		for _, o := range page {
			if err := put(o); err != nil {
				return err
			}
		}
		p.Add(len(page))
		after = page[len(page)-1].ID
	}
}

// exportOrders writes one row per shipment (one for an order without any)
// under headers `waybill import` maps back to the same fields: put writes
// an order's rows, end finishes the file. A column added later goes at
// the end (packaging), so scripts reading columns by position still work.
func exportOrders(w io.Writer, format string) (put func(tracker.OrderDetail) error, end func() error) {
	if format == "json" {
		arr := newJSONArray(w)
		return func(o tracker.OrderDetail) error { return arr.Add(o.JSON(false)) }, arr.Close
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"order_no", "tracking_no", "carrier", "buyer", "email", "phone", "country",
		"order_date", "ship_date", "promised_date", "shipping_method", "order_status", "shipment_status",
		"address", "product", "amount", "currency", "hs_code", "declared_value", "insured", "packaging"})
	money := func(m tracker.Money) string {
		if m == 0 {
			return ""
		}
		return m.String()
	}
	put = func(o tracker.OrderDetail) error {
		insured := ""
		if o.Insured != nil {
			insured = yesNo(*o.Insured)
		}
		line := func(s tracker.ShipmentDetail) {
			cw.Write([]string{csvCell(o.OrderNo), csvCell(s.TrackingNo), csvCell(s.Carrier), csvCell(o.Buyer),
				csvCell(o.Email), csvCell(o.Phone), csvCell(o.Country), csvDate(o.OrderedAt), csvDate(s.ShippedAt),
				csvDate(o.PromisedAt), csvCell(o.ShippingMethod), string(o.Status), string(s.Status),
				csvCell(o.Address), csvCell(o.Product), money(o.Amount), csvCell(o.Currency), csvCell(o.HSCode),
				money(o.DeclaredValue), insured, csvCell(o.Packaging)})
		}
		if len(o.Shipments) == 0 {
			line(tracker.ShipmentDetail{})
		}
		for _, s := range o.Shipments {
			line(s)
		}
		// csv.Writer flushes its buffer as it fills; its error is the
		// writer's (a closed pipe stops the export).
		return cw.Error()
	}
	return put, func() error {
		cw.Flush()
		return cw.Error()
	}
}

type shipmentExportJSON struct {
	OrderNo     string   `json:"order_no"`
	TrackingNo  string   `json:"tracking_no"`
	Carrier     string   `json:"carrier"`
	Origin      string   `json:"origin"`
	Destination string   `json:"destination"`
	Status      string   `json:"status"`
	ShippedAt   *string  `json:"shipped_at"`
	LastEventAt *string  `json:"last_event_at"`
	DeliveredAt *string  `json:"delivered_at"`
	ETA         *string  `json:"eta"`
	Exceptions  []string `json:"exceptions"`
	Unverified  bool     `json:"unverified"`
	// The number at the destination and its carrier, "" until a
	// tracking service names them (lastmile.go).
	LastMileNo      string `json:"last_mile_no"`
	LastMileCarrier string `json:"last_mile_carrier"`
}

func exportShipments(w io.Writer, format string) (put func(tracker.OrderDetail) error, end func() error) {
	row := func(o tracker.OrderDetail, s tracker.ShipmentDetail) shipmentExportJSON {
		ex := make([]string, 0, len(s.Exceptions))
		for _, k := range s.Exceptions {
			ex = append(ex, string(k))
		}
		return shipmentExportJSON{OrderNo: o.OrderNo, TrackingNo: s.TrackingNo, Carrier: s.Carrier,
			Origin: s.Origin, Destination: s.Destination, Status: string(s.Status), ShippedAt: jsonTime(s.ShippedAt, time.RFC3339),
			LastEventAt: jsonTime(s.LastEventAt, time.RFC3339), DeliveredAt: jsonTime(s.DeliveredAt, time.RFC3339),
			ETA: jsonTime(s.ETA, time.RFC3339), Exceptions: ex, Unverified: s.Unverified,
			LastMileNo: s.LastMile.TrackingNo, LastMileCarrier: s.LastMile.Carrier}
	}
	if format == "json" {
		arr := newJSONArray(w)
		return func(o tracker.OrderDetail) error {
			for _, s := range o.Shipments {
				if err := arr.Add(row(o, s)); err != nil {
					return err
				}
			}
			return nil
		}, arr.Close
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"order_no", "tracking_no", "carrier", "origin", "destination", "status", "shipped_at",
		"last_event_at", "delivered_at", "eta", "exceptions", "unverified", "last_mile_no", "last_mile_carrier"})
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return func(o tracker.OrderDetail) error {
			for _, s := range o.Shipments {
				r := row(o, s)
				cw.Write([]string{csvCell(r.OrderNo), csvCell(r.TrackingNo), csvCell(r.Carrier), csvCell(r.Origin), csvCell(r.Destination),
					r.Status, str(r.ShippedAt), str(r.LastEventAt), str(r.DeliveredAt), str(r.ETA), strings.Join(r.Exceptions, ","),
					strconv.FormatBool(r.Unverified), csvCell(r.LastMileNo), csvCell(r.LastMileCarrier)})
			}
			return cw.Error()
		}, func() error {
			cw.Flush()
			return cw.Error()
		}
}

type exceptionExportJSON struct {
	ID          int64   `json:"id"`
	OrderNo     string  `json:"order_no"`
	TrackingNo  string  `json:"tracking_no"`
	Carrier     string  `json:"carrier"`
	Destination string  `json:"destination"`
	Kind        string  `json:"kind"`
	Severity    string  `json:"severity"`
	State       string  `json:"state"`
	Owner       string  `json:"owner"`
	Detail      string  `json:"detail"`
	OpenedAt    *string `json:"opened_at"`
	CaseID      *int64  `json:"case_id"`
	// The history (exception list --state): when a snooze ends, when it
	// closed and who resolved it, and the newest line of its log.
	SnoozedUntil *string           `json:"snoozed_until,omitempty"`
	ClosedAt     *string           `json:"closed_at,omitempty"`
	ResolvedBy   string            `json:"resolved_by,omitempty"`
	Last         *exceptionLogJSON `json:"last,omitempty"`
}

// writeExceptions writes rows as exportExceptions does.
func writeExceptions(w io.Writer, format string, rows []tracker.ExceptionRow) error {
	put, end := exportExceptions(w, format)
	for _, r := range rows {
		if err := put(r); err != nil {
			return err
		}
	}
	return end()
}

func exportExceptions(w io.Writer, format string) (put func(tracker.ExceptionRow) error, end func() error) {
	toJSON := func(r tracker.ExceptionRow) exceptionExportJSON {
		x := exceptionExportJSON{ID: r.ID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
			Destination: r.Destination, Kind: string(r.Kind), Severity: r.Severity.String(), State: string(r.State),
			Owner: r.Owner, Detail: r.Detail, OpenedAt: jsonTime(r.OpenedAt, time.RFC3339),
			ClosedAt: jsonTime(r.ClosedAt, time.RFC3339), ResolvedBy: r.ResolvedBy}
		if r.State == tracker.ExSnoozed {
			x.SnoozedUntil = jsonTime(r.SnoozedUntil, time.RFC3339)
		}
		if e := r.Last; e.Action != "" {
			x.Last = &exceptionLogJSON{At: jsonTime(e.At, time.RFC3339), Actor: e.Actor, Action: e.Action, Detail: e.Detail}
		}
		if r.CaseID != 0 {
			id := r.CaseID
			x.CaseID = &id
		}
		return x
	}
	if format == "json" {
		arr := newJSONArray(w)
		return func(r tracker.ExceptionRow) error { return arr.Add(toJSON(r)) }, arr.Close
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "order_no", "tracking_no", "carrier", "destination", "kind", "severity", "state", "owner", "detail", "opened_at", "case_id"})
	return func(r tracker.ExceptionRow) error {
			x := toJSON(r)
			caseID := ""
			if x.CaseID != nil {
				caseID = strconv.FormatInt(*x.CaseID, 10)
			}
			opened := ""
			if x.OpenedAt != nil {
				opened = *x.OpenedAt
			}
			cw.Write([]string{strconv.FormatInt(x.ID, 10), csvCell(x.OrderNo), csvCell(x.TrackingNo), csvCell(x.Carrier),
				csvCell(x.Destination), x.Kind, x.Severity, x.State, csvCell(x.Owner), csvCell(x.Detail), opened, caseID})
			return cw.Error()
		}, func() error {
			cw.Flush()
			return cw.Error()
		}
}

// exportedWords is the progress line's words for what is exported, one
// literal key each so the catalog test sees them.
func exportedWords(tr *i18n.Printer, what string) string {
	switch what {
	case "orders":
		return tr.Plain("orders exported")
	case "shipments":
		return tr.Plain("shipments exported")
	case "exceptions":
		return tr.Plain("exceptions exported")
	}
	return tr.Plain("cases exported")
}
