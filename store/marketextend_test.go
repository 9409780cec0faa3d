package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// fakeExtender is a marketplace that can extend, written from
// tracker.ProtectionExtender's comment: it answers with refuse (nil:
// granted) and counts the calls. With end set it also says the new end
// (tracker.ProtectionReader).
type fakeExtender struct {
	fakeMarket
	refuse error
	calls  int
}

func (f *fakeExtender) ExtendProtection(_ context.Context, orderNo string, days int) error {
	f.calls++
	return f.refuse
}

type fakeReader struct {
	*fakeExtender
	end time.Time
}

func (f fakeReader) ProtectionEnd(context.Context, string) (time.Time, bool, error) {
	return f.end, !f.end.IsZero(), nil
}

// extendFixture is order AE-1 of aliexpress with one parcel, synced, its
// protection ending on protEnd, and (withCase) an open stale case.
func extendFixture(t *testing.T, withCase bool) (*DB, *tracker.Service, tracker.OrderDetail, int64) {
	t.Helper()
	ctx := context.Background()
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	syncOnce(t, svc, &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{marketOrder("AE-1", "Ana", "A", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-2*time.Hour), "RR123456785CN")}})
	od := findOrder(t, db, "AE-1")
	if _, err := svc.PutDeadlines(ctx, syncer, []tracker.Deadline{{OrderID: od.ID, Kind: tracker.DeadlineProtectionEnd, DueAt: protEnd, Source: "aliexpress"}}); err != nil {
		t.Fatal(err)
	}
	var caseID int64
	if withCase {
		op, err := svc.OpenCase(ctx, syncer, tracker.CaseRequest{OrderID: od.ID, ShipmentID: od.Shipments[0].ID, Kind: tracker.ExStale})
		if err != nil {
			t.Fatal(err)
		}
		caseID = op.Case.ID
	}
	return db, svc, od, caseID
}

var protEnd = t0.Add(10 * 24 * time.Hour)

func protectionEnd(t *testing.T, db *DB, orderID int64) tracker.Deadline {
	t.Helper()
	ds, err := db.OrderDeadlines(context.Background(), orderID, tracker.DeadlineProtectionEnd)
	if err != nil || len(ds) != 1 {
		t.Fatalf("protection_end deadlines = %+v, %v; want one", ds, err)
	}
	return ds[0]
}

func deadlineLog(t *testing.T, db *DB, id int64) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT action || ': ' || detail FROM deadline_log WHERE deadline_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func caseNotes(t *testing.T, svc *tracker.Service, caseID int64) []string {
	t.Helper()
	log, err := svc.CaseLog(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		if e.Action == tracker.ActNote {
			out = append(out, e.Detail)
		}
	}
	return out
}

// A granted extension moves the protection_end deadline — to the
// marketplace's new end when it says, else the old end plus the days,
// marked derived — and records the answer on the case and the deadline.
func TestExtendProtectionGranted(t *testing.T) {
	ctx := context.Background()
	said := protEnd.Add(15*24*time.Hour + time.Hour) // the marketplace's own word differs from our sum
	for _, tc := range []struct {
		name        string
		reader      bool
		wantEnd     time.Time
		wantDerived bool
	}{
		{"the marketplace says the new end", true, said, false},
		{"the old end plus the days", false, protEnd.Add(15 * 24 * time.Hour), true},
		// A marketplace that answers an empty or stale field (a zero end
		// moved by the days is year 1) is not believed.
		{"a past end from the marketplace is not believed", true, protEnd.Add(15 * 24 * time.Hour), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, svc, od, caseID := extendFixture(t, true)
			ext := &fakeExtender{fakeMarket: fakeMarket{name: "aliexpress"}}
			var m tracker.Marketplace = ext
			if tc.reader {
				m = fakeReader{ext, said}
				if tc.wantDerived {
					m = fakeReader{ext, time.Time{}.AddDate(0, 0, 15)}
				}
			}
			svc.WithMarketplaces(m)
			res, err := svc.ExtendProtection(ctx, syncer, "AE-1", 15)
			if err != nil || !res.Extended || !res.Called || ext.calls != 1 || res.ProtectionEnd == nil || !res.ProtectionEnd.Equal(tc.wantEnd) || res.Derived != tc.wantDerived {
				t.Fatalf("ExtendProtection = %+v, %v (calls %d); want extended to %v derived %v", res, err, ext.calls, tc.wantEnd, tc.wantDerived)
			}
			if d := protectionEnd(t, db, od.ID); !d.DueAt.Equal(tc.wantEnd) {
				t.Errorf("protection_end due %v, want %v", d.DueAt, tc.wantEnd)
			}
			if notes := caseNotes(t, svc, caseID); len(notes) != 1 || !strings.Contains(notes[0], "extended by 15 days at aliexpress") || res.CaseID != caseID {
				t.Errorf("case notes %q (result case %d), want the extension noted on case %d", notes, res.CaseID, caseID)
			}
			log := strings.Join(deadlineLog(t, db, protectionEnd(t, db, od.ID).ID), "\n")
			if !strings.Contains(log, "extended: buyer protection extended by 15 days") || !strings.Contains(log, "moved: due moved from") {
				t.Errorf("deadline log:\n%s", log)
			}
		})
	}
}

// Each refusal is explained in words, recorded on the order, and leaves
// the deadline where it was; a refusal of waybill's own (an open dispute)
// and bad input never reach the marketplace.
func TestExtendProtectionRefused(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		refuse    error
		dispute   bool
		days      int
		order     string
		market    string // "" : aliexpress
		wantCode  string
		wantWords string
		wantErr   string
		wantCalls int
	}{
		{name: "100", refuse: &tracker.ExtendRefused{Code: "100", Message: "order not found"}, wantCode: "100", wantWords: "no such order", wantCalls: 1},
		{name: "200", refuse: &tracker.ExtendRefused{Code: "200"}, wantCode: "200", wantWords: "no matching business data", wantCalls: 1},
		{name: "201", refuse: &tracker.ExtendRefused{Code: "201"}, wantCode: "201", wantWords: "more than the marketplace allows", wantCalls: 1},
		{name: "210", refuse: &tracker.ExtendRefused{Code: "210"}, wantCode: "210", wantWords: "awaits the buyer's receipt, with no dispute open and not frozen", wantCalls: 1},
		{name: "601", refuse: &tracker.ExtendRefused{Code: "601"}, wantCode: "601", wantWords: "may not extend orders", wantCalls: 1},
		{name: "open dispute", dispute: true, wantCode: tracker.CodeOpenDispute, wantWords: "a dispute is open on the order", wantCalls: 0},
		{name: "days 0", days: 0, wantErr: "days 0: want 1 to 365", wantCalls: 0},
		{name: "days 400", days: 400, wantErr: "days 400: want 1 to 365", wantCalls: 0},
		{name: "unknown order", order: "AE-404", wantErr: `order "AE-404": no such order`, wantCalls: 0},
		{name: "not connected", market: "shopify", wantErr: "aliexpress is not connected", wantCalls: 0},
		{name: "failed call", refuse: errors.New("connection reset"), wantErr: "connection reset", wantCalls: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, svc, od, caseID := extendFixture(t, true)
			if tc.dispute {
				if err := db.SaveMarketDispute(ctx, tracker.MarketDispute{Dispute: tracker.Dispute{Marketplace: "aliexpress", ID: "9001", Status: "processing", Open: true},
					OrderID: od.ID, CaseID: caseID}, t0); err != nil {
					t.Fatal(err)
				}
			}
			name := tc.market
			if name == "" {
				name = "aliexpress"
			}
			ext := &fakeExtender{fakeMarket: fakeMarket{name: name}, refuse: tc.refuse}
			svc.WithMarketplaces(ext)
			days, order := 15, "AE-1"
			if tc.days != 0 || strings.HasPrefix(tc.name, "days") {
				days = tc.days
			}
			if tc.order != "" {
				order = tc.order
			}
			res, err := svc.ExtendProtection(ctx, syncer, order, days)
			if ext.calls != tc.wantCalls {
				t.Errorf("%d calls reached the marketplace, want %d", ext.calls, tc.wantCalls)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil || res.Extended || res.Code != tc.wantCode || !strings.Contains(res.Reason, tc.wantWords) {
				t.Fatalf("ExtendProtection = %+v, %v; want code %s saying %q", res, err, tc.wantCode, tc.wantWords)
			}
			if d := protectionEnd(t, db, od.ID); !d.DueAt.Equal(protEnd) {
				t.Errorf("protection_end moved to %v on a refusal", d.DueAt)
			}
			notes := caseNotes(t, svc, caseID)
			if tc.wantErr != "" {
				if len(notes) != 0 {
					t.Errorf("case notes %q: nothing should be recorded", notes)
				}
				return
			}
			if len(notes) != 1 || !strings.Contains(notes[0], "refused") || !strings.Contains(notes[0], tc.wantWords) {
				t.Errorf("case notes %q, want the refusal in words", notes)
			}
			if log := deadlineLog(t, db, protectionEnd(t, db, od.ID).ID); !strings.Contains(strings.Join(log, "\n"), "extend refused: ") {
				t.Errorf("deadline log %q, want the refusal", log)
			}
		})
	}
}

// An order the marketplace itself calls IN_ISSUE is refused before any
// call even when the sync has not read its dispute yet; an order not of
// a marketplace cannot be extended.
func TestExtendProtectionRefusedBeforeAnyCall(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	syncOnce(t, svc, &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{marketOrder("AE-2", "Ana", "A", "IN_ISSUE", t0.Add(-2*time.Hour), "RR123456785CN")}})
	if _, err := svc.WriteOrders(ctx, syncer, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "SHOP-1", Country: "DE"}}}, t0); err != nil {
		t.Fatal(err)
	}
	ext := &fakeExtender{fakeMarket: fakeMarket{name: "aliexpress"}}
	svc.WithMarketplaces(ext)
	res, err := svc.ExtendProtection(ctx, syncer, "AE-2", 10)
	if err != nil || res.Code != tracker.CodeOpenDispute || !strings.Contains(res.Reason, "IN_ISSUE") || res.Note == "" {
		t.Errorf("IN_ISSUE order: %+v, %v; want refused as in dispute, with a note that nothing recorded it", res, err)
	}
	if _, err := svc.ExtendProtection(ctx, syncer, "SHOP-1", 10); !errors.Is(err, tracker.ErrNotExtendable) || !strings.Contains(err.Error(), "not a marketplace's order") {
		t.Errorf("imported order: err = %v, want ErrNotExtendable", err)
	}
	if ext.calls != 0 {
		t.Errorf("%d calls reached the marketplace, want none", ext.calls)
	}
	if _, err := svc.ExtendProtection(ctx, tracker.Actor{Name: "v", Role: tracker.RoleViewer}, "AE-2", 10); !errors.Is(err, tracker.ErrReadOnly) {
		t.Errorf("viewer: err = %v, want read only", err)
	}
}
