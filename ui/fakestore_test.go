package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"waybill/tracker"
)

var _ tracker.ActionStore = (*fakeStore)(nil)

// fakeStore is the service's store over the fakes: reads, triage and
// watches from the reader, cases from the reader's fakeCases, orders from
// its fakeWriter (a writer over the reader when none is set). The service
// in front of it is the real one: the screen's tests go through the same
// rules as every other user interface.
type fakeStore struct {
	*fakeReader
}

// testService is the service a harness gives a session over a fake reader.
func testService(f *fakeReader, clock tracker.Clock, hub *tracker.Hub, eta tracker.ETAReader) *tracker.Service {
	return tracker.NewService(fakeStore{f}, clock, hub, eta)
}

var errNoCaseStore = errors.New("no case store in this test")

func (s fakeStore) casesFake() (*fakeCases, error) {
	if s.cases == nil {
		return nil, errNoCaseStore
	}
	return s.cases, nil
}

func (s fakeStore) writerFake() *fakeWriter {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writer == nil {
		s.writer = &fakeWriter{f: s.fakeReader}
	}
	return s.writer
}

func (s fakeStore) CreateCase(ctx context.Context, c tracker.Case, e tracker.CaseEntry) (tracker.Case, error) {
	fc, err := s.casesFake()
	if err != nil {
		return tracker.Case{}, err
	}
	return fc.CreateCase(ctx, c, e)
}

func (s fakeStore) SaveCase(ctx context.Context, c tracker.Case, prev time.Time, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	fc, err := s.casesFake()
	if err != nil {
		return err
	}
	return fc.SaveCase(ctx, c, prev, e, fx)
}

func (s fakeStore) Case(ctx context.Context, id int64) (tracker.CaseRow, error) {
	fc, err := s.casesFake()
	if err != nil {
		return tracker.CaseRow{}, err
	}
	return fc.Case(ctx, id)
}

func (s fakeStore) CaseLog(ctx context.Context, id int64) ([]tracker.CaseEntry, error) {
	fc, err := s.casesFake()
	if err != nil {
		return nil, err
	}
	return fc.CaseLog(ctx, id)
}

func (s fakeStore) Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	fc, err := s.casesFake()
	if err != nil {
		return nil, err
	}
	return fc.Cases(ctx, q)
}

func (s fakeStore) CountCases(ctx context.Context, qs []tracker.CaseQuery) ([]int, error) {
	fc, err := s.casesFake()
	if err != nil {
		return nil, err
	}
	return fc.CountCases(ctx, qs)
}

func (s fakeStore) ImportOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) (tracker.Added, error) {
	return s.writerFake().ImportOrders(ctx, now, orders)
}

func (s fakeStore) ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]tracker.Shipment, error) {
	return s.writerFake().ShipmentsByTracking(ctx, numbers)
}

// Shipment is the list row's shipment.
func (s fakeStore) Shipment(ctx context.Context, id int64) (tracker.Shipment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rows {
		if r.ShipmentID == id {
			return tracker.Shipment{ID: id, OrderID: r.OrderID, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
				Destination: r.Destination, Status: r.Status, ShippedAt: r.ShippedAt, LastEventAt: r.LastEventAt}, nil
		}
	}
	return tracker.Shipment{}, fmt.Errorf("shipment %d: %w", id, tracker.ErrNotFound)
}

// OpenException is the queue's open exception of kind on the shipment.
func (s fakeStore) OpenException(ctx context.Context, shipmentID int64, kind tracker.ExceptionKind) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.exceptions {
		if x.ShipmentID == shipmentID && x.Kind == kind && x.State != tracker.ExResolved {
			return x.ID, nil
		}
	}
	return 0, nil
}
