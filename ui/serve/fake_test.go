package serve

import (
	"context"
	"fmt"
	"sync"
	"time"

	"waybill/tracker"
)

// fakeStore is a small in-memory store: three parcels, one exception, and
// a record of every write with who made it.
type fakeStore struct {
	mu     sync.Mutex
	rows   []tracker.ShipmentRow
	exc    []tracker.ExceptionRow
	writes []string // "Acknowledge by alice"
	reads  int
}

var (
	_ tracker.Reader      = (*fakeStore)(nil)
	_ tracker.ActionStore = (*fakeStore)(nil)
)

// service is the real service over the fake, as main wires it over the
// store.
func (f *fakeStore) service(hub *tracker.Hub) *tracker.Service {
	return tracker.NewService(f, nil, hub, nil)
}

func newFakeStore() *fakeStore {
	f := &fakeStore{}
	now := time.Now()
	for i := 1; i <= 3; i++ {
		f.rows = append(f.rows, tracker.ShipmentRow{ShipmentID: int64(i), OrderID: int64(i), OrderNo: fmt.Sprintf("WB-%d", i),
			TrackingNo: fmt.Sprintf("RB00000000%dGB", i), Carrier: "royal-mail", Destination: "FR", Status: tracker.StatusInTransit,
			ShippedAt: now.Add(-time.Duration(i) * time.Hour)})
	}
	f.rows[0].Exceptions = []tracker.ExceptionKind{tracker.ExLost}
	f.exc = []tracker.ExceptionRow{{Exception: tracker.Exception{ID: 7, ShipmentID: 1, Kind: tracker.ExLost,
		Severity: tracker.SeverityOf(tracker.ExLost), State: tracker.ExOpen, Detail: "no scan for 30 days", OpenedAt: now.Add(-time.Hour)},
		OrderID: 1, OrderNo: "WB-1", TrackingNo: f.rows[0].TrackingNo, Carrier: "royal-mail", Destination: "FR", ShippedAt: f.rows[0].ShippedAt}}
	return f
}

func (f *fakeStore) wrote() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.writes...)
}

func (f *fakeStore) write(what, actor string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, what+" by "+actor)
}

func (f *fakeStore) ListShipments(ctx context.Context, q tracker.ListQuery) ([]tracker.ShipmentRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if q.Cursor != nil {
		return nil, nil // three rows fit any screen: there is no next page
	}
	return append([]tracker.ShipmentRow(nil), f.rows...), nil
}

func (f *fakeStore) CountShipments(context.Context, tracker.Status) (int, error) { return 3, nil }

func (f *fakeStore) CountMatching(context.Context, tracker.Status, string) (int, error) {
	return 3, nil
}

func (f *fakeStore) CountMatchingUpTo(context.Context, tracker.Status, string, int) (int, error) {
	return 3, nil
}

func (f *fakeStore) Position(context.Context, tracker.Status, tracker.Cursor) (int, error) {
	return 0, nil
}

func (f *fakeStore) Timeline(context.Context, int64, int) ([]tracker.Event, error) { return nil, nil }

func (f *fakeStore) OpenExceptions(context.Context, tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]tracker.ExceptionRow(nil), f.exc...), nil
}

func (f *fakeStore) ExceptionCounts(context.Context, tracker.ExceptionQuery) (map[tracker.ExceptionKind]int, error) {
	return map[tracker.ExceptionKind]int{tracker.ExLost: 1}, nil
}

func (f *fakeStore) StatusCounts(context.Context) (map[tracker.Status]int, error) {
	return map[tracker.Status]int{tracker.StatusInTransit: 3}, nil
}

func (f *fakeStore) FindOrder(context.Context, string, bool) (tracker.OrderDetail, error) {
	return tracker.OrderDetail{}, tracker.ErrNotFound
}

func (f *fakeStore) ListOrders(context.Context, tracker.Status) ([]tracker.OrderDetail, error) {
	return nil, nil
}

func (f *fakeStore) Alerts(context.Context, int) ([]tracker.Alert, int, error) { return nil, 0, nil }

func (f *fakeStore) AlertFailures(context.Context) (int, error) { return 0, nil }

func (f *fakeStore) Watched(context.Context, int64) (bool, error) { return false, nil }

func (f *fakeStore) CountChecked(context.Context) (int, error) { return 0, nil }

func (f *fakeStore) ShipmentChecks(context.Context, int64) ([]tracker.Check, error) { return nil, nil }

func (f *fakeStore) Acknowledge(_ context.Context, ids []int64, actor string, _ time.Time) (tracker.Triaged, error) {
	f.write("Acknowledge", actor)
	f.mu.Lock()
	defer f.mu.Unlock()
	var t tracker.Triaged
	for i := range f.exc {
		for _, id := range ids {
			if f.exc[i].ID == id && f.exc[i].State != tracker.ExAcknowledged {
				f.exc[i].State = tracker.ExAcknowledged
				t.Changed++
				t.Shipments = append(t.Shipments, f.exc[i].ShipmentID)
			}
		}
	}
	return t, nil
}

func (f *fakeStore) Snooze(_ context.Context, ids []int64, _ time.Time, actor string, _ time.Time) (tracker.Triaged, error) {
	f.write("Snooze", actor)
	return tracker.Triaged{Changed: len(ids)}, nil
}

func (f *fakeStore) Assign(_ context.Context, ids []int64, _, actor string, _ time.Time) (tracker.Triaged, error) {
	f.write("Assign", actor)
	return tracker.Triaged{Changed: len(ids)}, nil
}

func (f *fakeStore) Resolve(_ context.Context, ids []int64, _, actor string, _ time.Time) (tracker.Triaged, error) {
	f.write("Resolve", actor)
	return tracker.Triaged{Changed: len(ids)}, nil
}

func (f *fakeStore) SetWatch(_ context.Context, _ int64, _ bool, who string, _ time.Time) error {
	f.write("SetWatch", who)
	return nil
}

func (f *fakeStore) MarkAlertsRead(context.Context, []int64, time.Time) (int, error) {
	f.write("MarkAlertsRead", "?")
	return 0, nil
}

func (f *fakeStore) CreateCase(_ context.Context, c tracker.Case, e tracker.CaseEntry) (tracker.Case, error) {
	f.write("CreateCase", e.Actor)
	return c, nil
}

func (f *fakeStore) SaveCase(_ context.Context, _ tracker.Case, _ time.Time, e tracker.CaseEntry, _ tracker.CaseEffects) error {
	f.write("SaveCase", e.Actor)
	return nil
}

func (f *fakeStore) Case(context.Context, int64) (tracker.CaseRow, error) {
	return tracker.CaseRow{}, tracker.ErrNotFound
}

func (f *fakeStore) CaseLog(context.Context, int64) ([]tracker.CaseEntry, error) { return nil, nil }

func (f *fakeStore) Cases(context.Context, tracker.CaseQuery) ([]tracker.CaseRow, error) {
	return nil, nil
}

func (f *fakeStore) CountCases(_ context.Context, qs []tracker.CaseQuery) ([]int, error) {
	return make([]int, len(qs)), nil
}

func (f *fakeStore) ImportOrders(_ context.Context, _ time.Time, orders []tracker.OrderDetail) (tracker.Added, error) {
	f.write("ImportOrders", "?")
	return tracker.Added{}, nil
}

func (f *fakeStore) ShipmentsByTracking(context.Context, []string) (map[string][]tracker.Shipment, error) {
	return nil, nil
}

func (f *fakeStore) Shipment(context.Context, int64) (tracker.Shipment, error) {
	return tracker.Shipment{}, tracker.ErrNotFound
}

func (f *fakeStore) Order(context.Context, int64) (tracker.OrderDetail, error) {
	return tracker.OrderDetail{}, tracker.ErrNotFound
}

func (f *fakeStore) OpenException(context.Context, int64, tracker.ExceptionKind) (int64, error) {
	return 0, nil
}

// fakeRefresher counts RefreshNow calls.
type fakeRefresher struct {
	mu    sync.Mutex
	calls int
}

func (r *fakeRefresher) RefreshNow(context.Context, int64) (tracker.ApplySummary, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	return tracker.ApplySummary{Checked: 1}, nil
}

func (r *fakeRefresher) State() tracker.RefresherState { return tracker.RefresherState{} }

func (r *fakeRefresher) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}
