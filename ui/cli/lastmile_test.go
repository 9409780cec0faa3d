package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// lastMileStore holds one Cainiao order whose parcel changed number at
// the destination, the carrier's name sent with terminal controls.
type lastMileStore struct{ d tracker.OrderDetail }

func (s lastMileStore) Path() string { return "test.db" }
func (s lastMileStore) FindOrder(context.Context, string, bool) (tracker.OrderDetail, error) {
	return s.d, nil
}
func (s lastMileStore) ListOrders(context.Context, tracker.Status) ([]tracker.OrderDetail, error) {
	return []tracker.OrderDetail{s.d}, nil
}
func (s lastMileStore) OrdersAfter(_ context.Context, after int64, _ int) ([]tracker.OrderDetail, error) {
	if after >= s.d.ID {
		return nil, nil
	}
	return []tracker.OrderDetail{s.d}, nil
}
func (s lastMileStore) EachOpenException(context.Context, tracker.ExceptionQuery, func(tracker.ExceptionRow) error) error {
	return nil
}

func newLastMileStore(lm tracker.LastMile) lastMileStore {
	return lastMileStore{tracker.OrderDetail{Order: tracker.Order{ID: 1, OrderNo: "AE-1", Buyer: "Ana", Country: "US"},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{ID: 1, OrderID: 1, TrackingNo: "LP00123456789012",
			Carrier: "cainiao", Status: tracker.StatusInTransit, LastMile: lm}}}}}
}

func noETA(context.Context) (*tracker.ETAModel, time.Time, error) { return nil, time.Now(), nil }

// `show` prints both numbers, in text and JSON; the export of shipments
// carries the last mile in two columns. Carrier text loses its controls.
func TestShowAndExportTheLastMile(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		lm       tracker.LastMile
		wantText string // the last-mile line; "" for none
		wantNo   string
		wantCarr string
	}{
		{"a known carrier by name", tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"},
			"  last mile 9400111206206406260787 (USPS)", "9400111206206406260787", "usps"},
		{"a service's own name, cleaned", tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos\x1b[31m Express\x07"},
			"  last mile PQ4F6P0703358900108001X (Correos Express)", "PQ4F6P0703358900108001X", "Correos Express"},
		{"none yet", tracker.LastMile{}, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newLastMileStore(tc.lm)
			var out bytes.Buffer
			if err := showOrder(ctx, &out, nil, st, noETA, "AE-1", false); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if !strings.Contains(text, "LP00123456789012  cainiao") {
				t.Errorf("show lost the parcel's own number:\n%s", text)
			}
			if has := strings.Contains(text, "last mile"); has != (tc.wantText != "") || tc.wantText != "" && !strings.Contains(text, tc.wantText+"\n") {
				t.Errorf("show, want the line %q:\n%s", tc.wantText, text)
			}
			if strings.ContainsAny(text, "\x1b\x07") {
				t.Errorf("show printed a terminal control: %q", text)
			}

			out.Reset()
			if err := showOrder(ctx, &out, nil, st, noETA, "AE-1", true); err != nil {
				t.Fatal(err)
			}
			var o tracker.OrderJSON
			if err := json.Unmarshal(out.Bytes(), &o); err != nil {
				t.Fatal(err)
			}
			if s := o.Shipments[0]; s.TrackingNo != "LP00123456789012" || s.LastMileNo != tc.wantNo || strings.ContainsAny(s.LastMileCarrier, "\x1b\x07") {
				t.Errorf("show --json shipment %+v, want last_mile_no %q", s, tc.wantNo)
			}

			out.Reset()
			if err := export(ctx, &out, st, "shipments", "csv", newProgress(io.Discard, false, "", nil)); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&out).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("export: %v %v", rows, err)
			}
			col := map[string]string{}
			for i, h := range rows[0] {
				col[h] = rows[1][i]
			}
			if col["tracking_no"] != "LP00123456789012" || col["last_mile_no"] != tc.wantNo || col["last_mile_carrier"] != tc.wantCarr {
				t.Errorf("export row %v", col)
			}
		})
	}
}
