package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// OrderWriter is what adding orders from the screen needs (`a`, a pasted
// list, `i`): one write of many orders, merged into the ones stored as
// `waybill add` and `waybill import` merge them and telling what was new
// (store.DB.ImportOrders says how), and a look-up of the tracking numbers
// already stored, so a confirmation screen can say so before anything is
// written. The store implements it.
type OrderWriter interface {
	ImportOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) (tracker.Added, error)
	// ShipmentsByTracking maps each known number (normalized) to the
	// shipments that carry it; unknown numbers are absent.
	ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]tracker.Shipment, error)
}

// orderKey is an order number as the store compares them.
func orderKey(s string) string {
	return orderKeyNoise.Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// orderKeyNoise is built once: a paste of 20,000 lines keys every line, and
// building a Replacer costs more than using it.
var orderKeyNoise = strings.NewReplacer(" ", "", "-", "", "\t", "")

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
		added, err := w.ImportOrders(ctx, clock.Now(), orders)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.newOrders, msg.newShips = added.Orders, added.Shipments
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
