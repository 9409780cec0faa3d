package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"waybill/tracker"
)

func kindsOf(cs []tracker.Check) []tracker.CheckKind {
	var out []tracker.CheckKind
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

// An order keeps what is in the parcel, and its checks follow what it
// holds after every merge, not the sparse row merged into it.
func TestAddOrderContentsAndChecks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	yes, no := true, false
	ship := []tracker.Shipment{{TrackingNo: "LX123456785CN", Carrier: "china-post"}}
	// Packaging merges as hs_code does: given, it replaces; empty, it keeps.
	const box = "double box, bubble wrap, 易碎 sticker"
	steps := []struct {
		name   string
		order  tracker.Order
		want   tracker.Order // the content fields as stored
		checks []tracker.CheckKind
	}{
		{"new order, incomplete",
			tracker.Order{OrderNo: "A-1", Product: "Power bank 10000mAh", Amount: 450_00, Currency: "usd", Address: "1 Main St", Packaging: " " + box + " "},
			tracker.Order{Address: "1 Main St", Product: "Power bank 10000mAh", Amount: 450_00, Currency: "USD", Packaging: box},
			[]tracker.CheckKind{tracker.CheckSensitive, tracker.CheckNoHSCode, tracker.CheckNoDeclaredValue, tracker.CheckUninsured}},
		{"HS code and declared value added later",
			tracker.Order{OrderNo: "A-1", HSCode: "850760", DeclaredValue: 120_00},
			tracker.Order{Address: "1 Main St", Product: "Power bank 10000mAh", Amount: 450_00, Currency: "USD", HSCode: "850760", DeclaredValue: 120_00, Packaging: box},
			[]tracker.CheckKind{tracker.CheckSensitive, tracker.CheckUninsured}},
		{"insured",
			tracker.Order{OrderNo: "A-1", Insured: &yes},
			tracker.Order{Address: "1 Main St", Product: "Power bank 10000mAh", Amount: 450_00, Currency: "USD", HSCode: "850760", DeclaredValue: 120_00, Insured: &yes, Packaging: box},
			[]tracker.CheckKind{tracker.CheckSensitive}},
		{"an empty row changes nothing",
			tracker.Order{OrderNo: "A-1"},
			tracker.Order{Address: "1 Main St", Product: "Power bank 10000mAh", Amount: 450_00, Currency: "USD", HSCode: "850760", DeclaredValue: 120_00, Insured: &yes, Packaging: box},
			[]tracker.CheckKind{tracker.CheckSensitive}},
		{"insurance taken back, product and packaging changed",
			tracker.Order{OrderNo: "A-1", Insured: &no, Product: "Cotton T-shirt", Packaging: "poly mailer"},
			tracker.Order{Address: "1 Main St", Product: "Cotton T-shirt", Amount: 450_00, Currency: "USD", HSCode: "850760", DeclaredValue: 120_00, Insured: &no, Packaging: "poly mailer"},
			[]tracker.CheckKind{tracker.CheckUninsured}},
	}
	for _, st := range steps {
		got, err := db.AddOrder(ctx, t0, st.order, ship)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		o := got.Order
		content := tracker.Order{Address: o.Address, Product: o.Product, Amount: o.Amount, Currency: o.Currency,
			HSCode: o.HSCode, DeclaredValue: o.DeclaredValue, Insured: o.Insured, Packaging: o.Packaging}
		if !reflect.DeepEqual(content, st.want) {
			t.Errorf("%s: stored %+v\nwant %+v", st.name, content, st.want)
		}
		if k := kindsOf(o.Checks); !reflect.DeepEqual(k, st.checks) {
			t.Errorf("%s: checks %v, want %v", st.name, k, st.checks)
		}
		found, err := db.FindOrder(ctx, "A-1", false)
		if err != nil || !reflect.DeepEqual(found.Order, o) {
			t.Errorf("%s: FindOrder = %+v, %v\nwant %+v", st.name, found.Order, err, o)
		}
		sc, err := db.ShipmentChecks(ctx, got.Shipments[0].ID)
		if err != nil || !reflect.DeepEqual(sc, o.Checks) {
			t.Errorf("%s: ShipmentChecks = %v, %v; want %v", st.name, sc, err, o.Checks)
		}
	}
}

func TestPrechecksFollowTheConfig(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	cfg := tracker.DefaultPrechecks()
	cfg.RequireHSCode, cfg.RequireDeclared = false, false
	cfg.SensitiveKeywords = []string{"glitter"}
	db.SetPrechecks(cfg)
	orders := []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "G-1", Product: "Glitter pens"}},
		{Order: tracker.Order{OrderNo: "G-2", Product: "Battery pack"}},
		{Order: tracker.Order{OrderNo: "G-3", Product: "Pens", Amount: 900_00}},
	}
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	all, err := db.ListOrders(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]tracker.CheckKind{}
	for _, o := range all {
		got[o.OrderNo] = kindsOf(o.Checks)
	}
	want := map[string][]tracker.CheckKind{"G-1": {tracker.CheckSensitive}, "G-2": nil, "G-3": {tracker.CheckUninsured}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checks = %v, want %v", got, want)
	}
	if n, err := db.CountChecked(ctx); err != nil || n != 2 {
		t.Errorf("CountChecked = %d, %v; want 2", n, err)
	}
}

// The status bar counts warned orders on every refresh: that must read
// the partial index, not every order.
func TestCountCheckedUsesIndex(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	plan := strings.Join(explainOn(t, db.read, `SELECT count(*) FROM orders WHERE checks <> ''`), "; ")
	if !strings.Contains(plan, "orders_checked") {
		t.Errorf("plan %q does not use orders_checked", plan)
	}
}

// A store an older waybill left at schema 5 gains the new order columns
// on open and keeps every order it had; an order added again is judged.
func TestMigration0006FromVersion5(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 5)
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key, buyer, email, country, shipping_method) VALUES (1, 'ORD-1', 'ORD1', 'Ana', 'ana@example.com', 'DE', 'EMS')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES (7, 1, 'LX000000001CN', 'in_transit')`,
	)
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.FindOrder(ctx, "ORD-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if o.Buyer != "Ana" || o.Email != "ana@example.com" || o.Country != "DE" || o.ShippingMethod != "EMS" || len(o.Shipments) != 1 ||
		o.Product != "" || o.Amount != 0 || o.Insured != nil || o.Checks != nil {
		t.Fatalf("order after migrating: %+v", o)
	}
	if n, err := db.CountChecked(ctx); err != nil || n != 0 {
		t.Fatalf("CountChecked after migrating = %d, %v", n, err)
	}
	got, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "ORD-1", Product: "Perfume"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Buyer != "Ana" || !reflect.DeepEqual(kindsOf(got.Checks), []tracker.CheckKind{tracker.CheckSensitive, tracker.CheckNoHSCode, tracker.CheckNoDeclaredValue}) {
		t.Errorf("order added again: %+v", got.Order)
	}
}
