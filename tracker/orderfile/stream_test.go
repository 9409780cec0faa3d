package orderfile

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// streamAll reads data as `waybill import` does (DetectEncoding, then
// StreamCSV), gathering what each is passed into Orders.
func streamAll(data []byte, o Options) (*Result, error) {
	enc, err := DetectEncoding(bytes.NewReader(data), o.Encoding)
	if err != nil {
		return nil, err
	}
	o.Encoding = enc
	var orders []tracker.OrderDetail
	res, err := StreamCSV(bytes.NewReader(data), o, func(batch []tracker.OrderDetail, _ *Result) error {
		orders = append(orders, batch...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Orders = orders
	return res, nil
}

// The stream reads a file as ParseCSV does: the same rows, problems (with
// their lines), tally by column, orders and parcels.
func TestStreamCSVIsParseCSV(t *testing.T) {
	var many strings.Builder
	many.WriteString("order no;tracking no;buyer;country;amount\n")
	for i := range 3*StreamBatch + 17 {
		switch {
		case i%500 == 7:
			fmt.Fprintf(&many, "B-%d;RB123456785GB;Buyer %d;Narnia;12\n", i, i) // a bad country
		case i%3 == 0:
			fmt.Fprintf(&many, "B-%d;;Buyer %d;GB;\n", i, i)
		default:
			fmt.Fprintf(&many, "B-%d;%s;Buyer %d;GB;1.50\n", i, s10("RB", i, "GB"), i)
		}
	}
	for _, tc := range []struct{ name, data string }{
		{"one order, two parcels, a repeat", "order no,tracking no,buyer\nA-1,RB123456785GB,Ann\nA-1," + s10("LX", 1, "CN") + ",\n\n,,\nA-1,RB123456785GB,Bob\n"},
		{"bad rows", "order no,tracking no,email,order date\nA-1,RB123456785GB,nope,2026-13-45\n,RB123456785GB,,\nA-2,XX,,\n"},
		{"several batches", many.String()},
		{"UTF-8 BOM and ignored column", utf8BOM + "Order ID,SKU\nA-1,x\na-1,y\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole, err := ParseCSV([]byte(tc.data), opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := streamAll([]byte(tc.data), opt)
			if err != nil {
				t.Fatal(err)
			}
			if got.OrderCount != len(whole.Orders) || got.ShipmentCount != whole.Shipments() {
				t.Errorf("counted %d orders, %d parcels; ParseCSV has %d, %d", got.OrderCount, got.ShipmentCount, len(whole.Orders), whole.Shipments())
			}
			got.OrderCount, got.ShipmentCount = 0, 0
			if len(got.Orders) == 0 && len(whole.Orders) == 0 {
				got.Orders, whole.Orders = nil, nil
			}
			if !reflect.DeepEqual(got, whole) {
				t.Errorf("streamed:\n%+v\nParseCSV:\n%+v", got, whole)
			}
		})
	}
}

// However long the file, the stream holds one batch of rows, and passes
// on at most a batch of orders at a time (a count, not a time: timing
// flakes on a shared machine). ParseCSV refuses such a file past maxRows.
func TestStreamCSVHoldsABatch(t *testing.T) {
	const rows, batch = 1000, 10
	var b strings.Builder
	b.WriteString("order no,tracking no\n")
	for i := range rows {
		fmt.Fprintf(&b, "C-%d,%s\n", i, s10("RB", i, "GB"))
	}
	calls, most, passed := 0, 0, 0
	res, held, err := streamCSV(strings.NewReader(b.String()), opt, batch, func(orders []tracker.OrderDetail, _ *Result) error {
		calls++
		most = max(most, len(orders))
		passed += len(orders)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if held > batch || most > batch {
		t.Errorf("held %d rows and passed %d orders at once; want at most %d", held, most, batch)
	}
	if passed != rows || res.Rows != rows || res.OrderCount != rows || res.ShipmentCount != rows || calls < rows/batch {
		t.Errorf("passed %d orders in %d calls; read %d rows, %d orders, %d parcels; want %d", passed, calls, res.Rows, res.OrderCount, res.ShipmentCount, rows)
	}

	if testing.Short() || cpuScale > 1 {
		return
	}
	// Past ParseCSV's limit: short rows, so it stays quick.
	var big bytes.Buffer
	big.WriteString("order no\n")
	for i := range maxRows + 1 {
		fmt.Fprintf(&big, "D-%d\n", i)
	}
	if _, err := ParseCSV(big.Bytes(), opt); err == nil || !strings.Contains(err.Error(), "the limit") {
		t.Fatalf("ParseCSV of %d rows: %v, want the limit", maxRows+1, err)
	}
	res, err = StreamCSV(bytes.NewReader(big.Bytes()), opt, nil)
	if err != nil || res.Rows != maxRows+1 || res.OrderCount != maxRows+1 {
		t.Fatalf("StreamCSV of %d rows: %+v, %v", maxRows+1, res, err)
	}
}

// An order whose rows are more than a batch apart: its later batch comes
// without the fields the first set (the store's merge keeps them, as
// ParseCSV keeps the first value), and without a parcel already passed.
func TestStreamCSVOrderAcrossBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString("order no,tracking no,buyer,email,packaging\n")
	b.WriteString("A-1,RB123456785GB,Ann,,double box\n")
	for i := range 5 {
		fmt.Fprintf(&b, "F-%d,,,,\n", i)
	}
	b.WriteString("a-1,RB123456785GB,Bob,ann@example.com,bag\n")
	b.WriteString("A-1," + s10("LX", 1, "CN") + ",,,\n")
	var batches [][]tracker.OrderDetail
	res, _, err := streamCSV(strings.NewReader(b.String()), opt, 3, func(orders []tracker.OrderDetail, _ *Result) error {
		batches = append(batches, orders)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var a1 []tracker.OrderDetail
	for _, batch := range batches {
		for _, o := range batch {
			if strings.EqualFold(o.OrderNo, "A-1") {
				a1 = append(a1, o)
			}
		}
	}
	if len(a1) != 2 {
		t.Fatalf("A-1 passed %d times, want twice (its rows are batches apart): %+v", len(a1), a1)
	}
	first, later := a1[0], a1[1]
	if first.Buyer != "Ann" || first.Packaging != "double box" || len(first.Shipments) != 1 {
		t.Errorf("first: %+v", first)
	}
	if later.Packaging != "" {
		t.Errorf("later: packaging %q, want none: the first row's stays, as ParseCSV keeps it", later.Packaging)
	}
	if later.Buyer != "" || later.Email != "ann@example.com" || len(later.Shipments) != 1 || later.Shipments[0].TrackingNo != s10("LX", 1, "CN") {
		t.Errorf("later: buyer %q (want none: Ann stays), email %q, parcels %+v (want only the new one)", later.Buyer, later.Email, later.Shipments)
	}
	if res.OrderCount != 6 || res.ShipmentCount != 2 {
		t.Errorf("counted %d orders, %d parcels; want 6, 2", res.OrderCount, res.ShipmentCount)
	}
}

// Every order field the whole-file reader merges (mergeOrder) is one the
// streamed reader tracks across batches: a field added to one and not the
// other would let a later row's value replace the first (packaging was).
func TestSetFieldsCoversEveryOrderField(t *testing.T) {
	yes := true
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	o := tracker.Order{Buyer: "b", Email: "e", Phone: "p", Country: "FR", Address: "a", Product: "x", Amount: 1, Currency: "EUR",
		OrderedAt: at, PromisedAt: at, ShippingMethod: "m", HSCode: "691200", DeclaredValue: 1, Insured: &yes, Packaging: "box"}
	got := setFields(o)
	for _, f := range Fields {
		switch f {
		case OrderNo, TrackingNo, Carrier, ShipDate: // the parcel's, or the key
			continue
		}
		if got&fieldBit[f] == 0 {
			t.Errorf("setFields misses %s", f)
		}
		c := o
		clearField(&c, f)
		if setFields(c)&fieldBit[f] != 0 {
			t.Errorf("clearField leaves %s", f)
		}
	}
}
