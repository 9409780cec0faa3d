package store

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// fakeMarket is an in-memory tracker.Marketplace, written from the
// interface's comments: Orders returns the orders changed at or after
// since, oldest first, pageSize a page, Next "" on the last; Disputes
// the disputes changed at or after since. It fails the call of a page in
// failPage once, to stand for a sync cut off there.
type fakeMarket struct {
	name     string
	orders   []tracker.MarketOrder
	disputes []tracker.Dispute
	pageSize int
	asOf     time.Time
	failPage map[string]bool
	asked    []string // "since|page" of every Orders call
}

func (f *fakeMarket) Name() string { return f.name }

func fakePage[T any](items []T, at func(T) time.Time, since time.Time, page string, size int) (tracker.MarketPage[T], error) {
	var sel []T
	for _, it := range items {
		if !at(it).Before(since) {
			sel = append(sel, it)
		}
	}
	sort.SliceStable(sel, func(i, j int) bool { return at(sel[i]).Before(at(sel[j])) })
	from := 0
	if page != "" {
		n, err := strconv.Atoi(page)
		if err != nil {
			return tracker.MarketPage[T]{}, err
		}
		from = n
	}
	if size == 0 {
		size = 1000
	}
	to := min(from+size, len(sel))
	p := tracker.MarketPage[T]{Items: sel[min(from, len(sel)):to]}
	if to < len(sel) {
		p.Next = strconv.Itoa(to)
	}
	return p, nil
}

func (f *fakeMarket) Orders(_ context.Context, since time.Time, page string) (tracker.MarketPage[tracker.MarketOrder], error) {
	f.asked = append(f.asked, since.UTC().Format(time.RFC3339)+"|"+page)
	if f.failPage[page] {
		delete(f.failPage, page)
		return tracker.MarketPage[tracker.MarketOrder]{}, errors.New("connection reset")
	}
	p, err := fakePage(f.orders, func(o tracker.MarketOrder) time.Time { return o.UpdatedAt }, since, page, f.pageSize)
	p.AsOf = f.asOf
	return p, err
}

func (f *fakeMarket) Disputes(_ context.Context, since time.Time, page string) (tracker.MarketPage[tracker.Dispute], error) {
	return fakePage(f.disputes, func(d tracker.Dispute) time.Time { return d.UpdatedAt }, since, page, f.pageSize)
}

func marketOrder(no, buyer, address, status string, at time.Time, numbers ...string) tracker.MarketOrder {
	od := tracker.OrderDetail{Order: tracker.Order{OrderNo: no, Buyer: buyer, Address: address, Country: "DE", OrderedAt: at.Add(-48 * time.Hour)}}
	for _, n := range numbers {
		od.Shipments = append(od.Shipments, tracker.ShipmentDetail{Shipment: tracker.Shipment{TrackingNo: n, ShippedAt: at.Add(-24 * time.Hour)}})
	}
	return tracker.MarketOrder{Detail: od, MarketStatus: status, UpdatedAt: at}
}

var syncer = tracker.LocalActor("ana")

func syncOnce(t *testing.T, svc *tracker.Service, m tracker.Marketplace) tracker.SyncReport {
	t.Helper()
	rep, err := svc.SyncMarketplace(context.Background(), syncer, m)
	if err != nil {
		t.Fatalf("SyncMarketplace: %v", err)
	}
	return rep
}

func findOrder(t *testing.T, db *DB, no string) tracker.OrderDetail {
	t.Helper()
	od, err := db.FindOrder(context.Background(), no, false)
	if err != nil {
		t.Fatalf("FindOrder %s: %v", no, err)
	}
	return od
}

// The merge rule: a field the seller edited in waybill stays until the
// marketplace changes that field; one the marketplace changed is written.
func TestMarketSyncKeepsSellerEdits(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name                 string
		sellerBuyer          string // "" : the seller edits nothing
		marketBuyer, address string // what the marketplace says on the second sync
		wantBuyer, wantAddr  string
	}{
		{"marketplace changed, seller did not", "", "Ana Neu", "Hauptstr. 2", "Ana Neu", "Hauptstr. 2"},
		{"seller edited, marketplace did not", "Ana B. (seller)", "Ana", "Hauptstr. 1", "Ana B. (seller)", "Hauptstr. 1"},
		{"seller edited, marketplace changed it since", "Ana B. (seller)", "Ana Neu", "Hauptstr. 1", "Ana Neu", "Hauptstr. 1"},
		{"seller edited one field, marketplace another", "Ana B. (seller)", "Ana", "Hauptstr. 9", "Ana B. (seller)", "Hauptstr. 9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
			m := &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{
				marketOrder("AE-1", "Ana", "Hauptstr. 1", "WAIT_SELLER_SEND_GOODS", t0.Add(-time.Hour), "RR123456785CN")}}
			if rep := syncOnce(t, svc, m); rep.OrdersNew != 1 || rep.ParcelsNew != 1 {
				t.Fatalf("first sync = %+v", rep)
			}
			if tc.sellerBuyer != "" {
				if _, err := svc.WriteOrders(ctx, syncer, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "AE-1", Buyer: tc.sellerBuyer}}}, t0); err != nil {
					t.Fatal(err)
				}
			}
			m.orders[0] = marketOrder("AE-1", tc.marketBuyer, tc.address, "SELLER_PART_SEND_GOODS", t0, "RR123456785CN")
			syncOnce(t, svc, m)
			od := findOrder(t, db, "AE-1")
			if od.Buyer != tc.wantBuyer || od.Address != tc.wantAddr || od.Marketplace != "aliexpress" {
				t.Errorf("order = buyer %q address %q marketplace %q, want %q %q aliexpress", od.Buyer, od.Address, od.Marketplace, tc.wantBuyer, tc.wantAddr)
			}
			sent, err := db.MarketSent(ctx, "aliexpress", []string{"AE-1"})
			if err != nil || sent["AE-1"].Status != "SELLER_PART_SEND_GOODS" {
				t.Errorf("marketplace status = %+v, %v; want SELLER_PART_SEND_GOODS", sent["AE-1"], err)
			}
		})
	}
}

// A second sync with nothing new on the marketplace changes nothing.
func TestMarketSyncAgainChangesNothing(t *testing.T) {
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	m := &fakeMarket{name: "aliexpress", pageSize: 1, orders: []tracker.MarketOrder{
		marketOrder("AE-1", "Ana", "Hauptstr. 1", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-2*time.Hour), "RR123456785CN"),
		marketOrder("AE-2", "Bo", "Ring 5", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-time.Hour), "RR987654326CN"),
	}}
	first := syncOnce(t, svc, m)
	if first.OrdersNew != 2 || first.ParcelsNew != 2 || first.OrdersUnchanged != 0 {
		t.Fatalf("first = %+v", first)
	}
	// Asked again from the start: the same two orders come back.
	if _, err := db.write.Exec(`UPDATE market_sync SET since = 0`); err != nil {
		t.Fatal(err)
	}
	again := syncOnce(t, svc, m)
	want := tracker.SyncReport{Marketplace: "aliexpress", OrdersUnchanged: 2, Problems: []tracker.SyncProblem{}}
	if !equalReport(again, want) {
		t.Errorf("again = %+v, want %+v", again, want)
	}
	var orders, parcels int
	db.read.QueryRow(`SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM shipments)`).Scan(&orders, &parcels)
	if orders != 2 || parcels != 2 {
		t.Errorf("stored %d orders %d parcels, want 2 and 2", orders, parcels)
	}
}

func equalReport(a, b tracker.SyncReport) bool {
	return a.Marketplace == b.Marketplace && a.OrdersNew == b.OrdersNew && a.OrdersChanged == b.OrdersChanged &&
		a.OrdersUnchanged == b.OrdersUnchanged && a.ParcelsNew == b.ParcelsNew && a.DisputesOpened == b.DisputesOpened &&
		a.DisputesUpdated == b.DisputesUpdated && a.DisputesFinished == b.DisputesFinished && len(a.Problems) == len(b.Problems)
}

// A sync cut off after its first page resumes at the second in the next
// process, and the run after it asks from the newest time seen, less the
// overlap.
func TestMarketSyncResumesAfterRestart(t *testing.T) {
	db := openTest(t)
	m := &fakeMarket{name: "aliexpress", pageSize: 2, failPage: map[string]bool{"2": true}}
	for i := range 5 {
		m.orders = append(m.orders, marketOrder("AE-"+strconv.Itoa(i), "B", "A", "PLACE_ORDER_SUCCESS", t0.Add(time.Duration(i-10)*time.Hour)))
	}
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	if _, err := svc.SyncMarketplace(context.Background(), syncer, m); err == nil {
		t.Fatal("a failed page: no error")
	}
	if c, _ := db.MarketCursor(context.Background(), "aliexpress", tracker.StreamOrders); c.Page != "2" {
		t.Fatalf("cursor after page 1 = %+v, want page 2", c)
	}
	restarted := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	m.asked = nil
	rep := syncOnce(t, restarted, m)
	if rep.OrdersNew != 3 || m.asked[0] != "0001-01-01T00:00:00Z|2" {
		t.Errorf("resumed = %+v asking %q, want 3 new orders from page 2", rep, m.asked)
	}
	c, _ := db.MarketCursor(context.Background(), "aliexpress", tracker.StreamOrders)
	if want := t0.Add(-6 * time.Hour).Add(-tracker.MarketOverlap); !c.Since.Equal(want) || c.Page != "" {
		t.Errorf("cursor = %+v, want since %v", c, want)
	}
	var n int
	db.read.QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	if n != 5 {
		t.Errorf("%d orders stored, want 5", n)
	}
}

// The marketplace's own answer time, when it gives one, is where the next
// run starts (less the overlap): a slow clock of ours loses nothing.
func TestMarketSyncNextSinceFromAsOf(t *testing.T) {
	db := openTest(t)
	asOf := t0.Add(-30 * time.Minute)
	m := &fakeMarket{name: "aliexpress", asOf: asOf, orders: []tracker.MarketOrder{marketOrder("AE-1", "B", "A", "S", t0.Add(-2*time.Hour))}}
	syncOnce(t, tracker.NewService(db, tracker.NewFixedClock(t0), nil, db), m)
	c, _ := db.MarketCursor(context.Background(), "aliexpress", tracker.StreamOrders)
	if want := asOf.Add(-tracker.MarketOverlap); !c.Since.Equal(want) {
		t.Errorf("since = %v, want %v", c.Since, want)
	}
}

// A bad field is reported naming the order and the field, and the stored
// value stays; a parcel number that is the order's is left out.
func TestMarketSyncReportsBadRecords(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	if _, err := svc.WriteOrders(ctx, syncer, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "AE-1", Email: "ana@example.com"}}}, t0); err != nil {
		t.Fatal(err)
	}
	bad := marketOrder("AE-1", "Ana", "Hauptstr. 1", "S", t0, "RR123456785CN", "AE-1")
	bad.Detail.Email = "not an address"
	m := &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{bad, marketOrder("", "X", "Y", "S", t0)}}
	rep := syncOnce(t, svc, m)
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.OrderNo+" "+p.Field)
	}
	if want := []string{"AE-1 tracking_no", "AE-1 email", " order_no"}; !slices.Equal(got, want) {
		t.Errorf("problems = %q (%v), want %q", got, rep.Problems, want)
	}
	od := findOrder(t, db, "AE-1")
	if od.Email != "ana@example.com" || od.Buyer != "Ana" || len(od.Shipments) != 1 {
		t.Errorf("order = email %q buyer %q %d parcels, want the stored email kept, Ana, 1 parcel", od.Email, od.Buyer, len(od.Shipments))
	}
}

// kill -9 safety: a page is written with its cursor in one transaction,
// so a failure in the middle of it leaves no order of the page and the
// cursor where it was.
func TestMarketSyncPageIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	// The second order's record fails after the first is written.
	failWrites(t, db, "INSERT", "market_orders", "NEW.status = 'boom'", "disk gone")
	before := tracker.MarketCursor{Since: t0.Add(-day)}
	if err := db.SetMarketCursor(ctx, "aliexpress", tracker.StreamOrders, before, t0); err != nil {
		t.Fatal(err)
	}
	orders := []tracker.OrderDetail{marketOrder("AE-1", "A", "B", "", t0).Detail, marketOrder("AE-2", "A", "B", "", t0).Detail}
	sent := []tracker.MarketSent{{OrderNo: "AE-1", Status: "ok"}, {OrderNo: "AE-2", Status: "boom"}}
	if _, err := db.SyncOrders(ctx, t0, "aliexpress", orders, sent, tracker.MarketCursor{Since: t0, Page: "2"}); err == nil {
		t.Fatal("no error from a failing page")
	}
	var n int
	db.read.QueryRow(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM market_orders)`).Scan(&n)
	c, _ := db.MarketCursor(ctx, "aliexpress", tracker.StreamOrders)
	if n != 0 || !c.Since.Equal(before.Since) || c.Page != "" {
		t.Errorf("after a failed page: %d rows, cursor %+v; want none and %+v", n, c, before)
	}
}

// Disputes open (or join) a case on the order's parcel, logged as the
// sync; a repeat writes nothing; a finished one notes its outcome.
func TestMarketSyncDisputes(t *testing.T) {
	ctx := context.Background()
	replyBy := time.Date(2025, 3, 12, 9, 30, 0, 0, time.FixedZone("PDT", -7*3600))
	open := tracker.Dispute{ID: "9001", OrderNo: "AE-1", Status: "processing", Open: true, ReasonEN: "Item not received",
		ReasonCN: "未收到货", Kind: tracker.ExLost, BuyerWants: "refund 12.00 USD", SellerOffer: "wait 10 days",
		ReplyBy: replyBy, ReplyKind: "seller_response_timeout", UpdatedAt: t0.Add(-time.Hour)}
	for _, tc := range []struct {
		name     string
		existing bool // the parcel already has an open case of the kind
	}{{"opens a case", false}, {"joins the open case", true}} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
			m := &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{marketOrder("AE-1", "Ana", "A", "S", t0.Add(-2*time.Hour), "RR123456785CN")},
				disputes: []tracker.Dispute{open}}
			var existing int64
			if tc.existing {
				syncOnce(t, svc, &fakeMarket{name: "aliexpress", orders: m.orders})
				od := findOrder(t, db, "AE-1")
				op, err := svc.OpenCase(ctx, syncer, tracker.CaseRequest{OrderID: od.ID, ShipmentID: od.Shipments[0].ID, Kind: tracker.ExLost})
				if err != nil {
					t.Fatal(err)
				}
				existing = op.Case.ID
			}
			rep := syncOnce(t, svc, m)
			if rep.DisputesOpened != 1 {
				t.Fatalf("report = %+v, want 1 dispute opened", rep)
			}
			d, ok, err := db.MarketDispute(ctx, "aliexpress", "9001")
			if !ok || err != nil || d.CaseID == 0 || !d.ReplyBy.Equal(replyBy) || d.ReplyBy.Location() != time.UTC || d.ReasonCN != "未收到货" {
				t.Fatalf("stored dispute = %+v, %v, %v", d, ok, err)
			}
			if tc.existing && d.CaseID != existing {
				t.Errorf("case %d, want the open case %d joined", d.CaseID, existing)
			}
			c, _ := svc.Case(ctx, d.CaseID)
			if c.Kind != tracker.ExLost {
				t.Errorf("case kind %q, want lost", c.Kind)
			}
			logged := syncNotes(t, svc, d.CaseID)
			if len(logged) != 1 || !strings.Contains(logged[0], "reply by 2025-03-12 16:30 UTC (seller_response_timeout)") ||
				!strings.Contains(logged[0], "buyer wants: refund 12.00 USD") {
				t.Errorf("sync notes = %q", logged)
			}
			// Again, nothing new: nothing written.
			if rep := syncOnce(t, svc, m); rep.DisputesOpened+rep.DisputesUpdated+rep.DisputesFinished != 0 {
				t.Errorf("again = %+v", rep)
			}
			// Finished on the marketplace: its outcome is noted on the case.
			fin := open
			fin.Status, fin.Open, fin.Outcome, fin.UpdatedAt = "finish", false, "refunded 12.00 USD to the buyer", t0
			m.disputes[0] = fin
			if rep := syncOnce(t, svc, m); rep.DisputesFinished != 1 {
				t.Errorf("finished: report = %+v", rep)
			}
			logged = syncNotes(t, svc, d.CaseID)
			if len(logged) != 2 || !strings.HasSuffix(logged[1], "finished: refunded 12.00 USD to the buyer") {
				t.Errorf("sync notes = %q", logged)
			}
		})
	}
}

func syncNotes(t *testing.T, svc *tracker.Service, caseID int64) []string {
	t.Helper()
	log, err := svc.CaseLog(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		if e.Actor == "sync:aliexpress" && e.Action == tracker.ActNote {
			out = append(out, e.Detail)
		}
	}
	return out
}
