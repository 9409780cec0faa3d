package tracker

import (
	"context"
	"fmt"
	"time"

	"waybill/tracker/number"
)

// WriteOrders adds orders and parcels, or merges them into the stored
// ones: the add form and `waybill add`, a pasted list and `waybill paste`,
// an imported file (the `i` sheet and `waybill import`), and edits of an
// order's fields all write here. Fields given replace stored ones, empty
// fields keep them; what is new, the order's status and undated parcels'
// ship dates are the store's to decide in the write's own transaction
// (store.DB.ImportOrders). asOf is when the rows were read (a file reader
// dates undated rows then); zero is the store's now.
func (s *Service) WriteOrders(ctx context.Context, a Actor, orders []OrderDetail, asOf time.Time) (Added, error) {
	if err := a.mayWork(); err != nil {
		return Added{}, err
	}
	if asOf.IsZero() {
		asOf = s.clock.Now()
	}
	for i := range orders {
		for j := range orders[i].Shipments {
			sh := &orders[i].Shipments[j].Shipment
			sh.TrackingNo = number.Normalize(sh.TrackingNo)
			if sh.TrackingNo == "" {
				return Added{}, fmt.Errorf("order %s: a parcel has no tracking number", ShortValue(orders[i].OrderNo))
			}
		}
		// The one check of every field, whichever way the order came.
		if bad := CheckOrder(orders[i]); len(bad) > 0 {
			return Added{}, fmt.Errorf("order %s: %w", ShortValue(orders[i].OrderNo), bad)
		}
	}
	added, err := s.store.ImportOrders(ctx, asOf, orders)
	if added.Orders+added.Shipments > 0 || err == nil {
		s.publish()
	}
	return added, err
}

// KnownNumbers maps each of the tracking numbers the store has (normalized)
// to the parcels that carry it, so a paste can say which lines are stored
// already before anything is written.
func (s *Service) KnownNumbers(ctx context.Context, numbers []string) (map[string][]Shipment, error) {
	return s.store.ShipmentsByTracking(ctx, numbers)
}
