package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// OrderWriter is what adding orders from the screen needs (`a`, a pasted
// list, `i`): one write of many orders, merged into the ones stored as
// `waybill add` and `waybill import` merge them, and a look-up of the
// tracking numbers already stored, so a confirmation screen can say so
// before anything is written. The store implements it.
type OrderWriter interface {
	AddOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) error
	// ShipmentsByTracking maps each known number (normalized) to the
	// shipments that carry it; unknown numbers are absent.
	ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]tracker.Shipment, error)
}

// findEachBelow is how many orders a write looks up one by one to learn
// which are new; above it one read of every order is cheaper.
const findEachBelow = 2000

// orderKey is an order number as the store compares them.
func orderKey(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// markNew counts the orders and shipments that are not stored yet and
// marks the new orders shipped (they come with a parcel). A known order
// keeps its status, as `waybill import` does, so adding the same rows
// again changes nothing.
func markNew(ctx context.Context, r tracker.Reader, orders []tracker.OrderDetail) (newOrders, newShips int, err error) {
	stored := make(map[string]map[string]bool, len(orders)) // order key → its tracking numbers
	if len(orders) < findEachBelow {
		for _, o := range orders {
			k := orderKey(o.OrderNo)
			if _, done := stored[k]; done {
				continue
			}
			d, ferr := r.FindOrder(ctx, o.OrderNo, false)
			switch {
			case errors.Is(ferr, tracker.ErrNotFound):
				continue
			case ferr != nil:
				return 0, 0, fmt.Errorf("look up order %s: %w", o.OrderNo, ferr)
			case orderKey(d.OrderNo) != k:
				continue // found by a tracking number that looks like this order number
			}
			stored[k] = trackingSet(d)
		}
	} else {
		all, lerr := r.ListOrders(ctx, "")
		if lerr != nil {
			return 0, 0, fmt.Errorf("read the stored orders: %w", lerr)
		}
		for _, d := range all {
			stored[orderKey(d.OrderNo)] = trackingSet(d)
		}
	}
	seen := map[string]bool{}
	for i := range orders {
		o := &orders[i]
		k := orderKey(o.OrderNo)
		ships, known := stored[k]
		if !known {
			if !seen[k] {
				newOrders++
				seen[k] = true
			}
			if len(o.Shipments) > 0 {
				o.Status = tracker.OrderShipped
			}
		}
		for _, s := range o.Shipments {
			if !ships[orderKey(s.TrackingNo)] {
				newShips++
			}
		}
	}
	return newOrders, newShips, nil
}

func trackingSet(d tracker.OrderDetail) map[string]bool {
	m := make(map[string]bool, len(d.Shipments))
	for _, s := range d.Shipments {
		m[orderKey(s.TrackingNo)] = true
	}
	return m
}

// writtenMsg is the result of one write of orders from a sheet.
type writtenMsg struct {
	req       int
	orders    int // orders in the write
	ships     int // shipments in it
	newOrders int
	newShips  int
	done      int // orders written so far (a chunked import)
	err       error
	// shipmentID and cursor locate the one parcel the add form wrote, so
	// the orders list can select it; zero when unknown.
	shipmentID int64
	cursor     tracker.Cursor
}

// writeOrders returns a Cmd that writes orders in one call, then tells
// every screen. It copies what it needs: it runs off the event loop.
func (c *common) writeOrders(req int, orders []tracker.OrderDetail, locate string) tea.Cmd {
	ctx, r, w, hub, clock := c.ctx, c.reader, c.orders, c.hub, c.clock
	return func() tea.Msg {
		msg := writtenMsg{req: req, orders: len(orders)}
		for _, o := range orders {
			msg.ships += len(o.Shipments)
		}
		var err error
		msg.newOrders, msg.newShips, err = markNew(ctx, r, orders)
		if err != nil {
			msg.err = err
			return msg
		}
		if err := w.AddOrders(ctx, clock.Now(), orders); err != nil {
			msg.err = err
			return msg
		}
		msg.done = len(orders)
		if hub != nil {
			hub.Publish(tracker.Change{All: true})
		}
		if locate != "" {
			if d, err := r.FindOrder(ctx, locate, false); err == nil {
				for _, s := range d.Shipments {
					if orderKey(s.TrackingNo) == orderKey(locate) {
						msg.shipmentID = s.ID
						msg.cursor = tracker.Cursor{ShippedAt: s.ShippedAt, ShipmentID: s.ID}
					}
				}
			}
		}
		return msg
	}
}
