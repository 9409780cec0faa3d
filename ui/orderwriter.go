package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/number"
)

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

// writeOrders returns a Cmd that writes orders in one call through the
// service, which tells every screen. It copies what it needs: it runs off
// the event loop.
func (c *common) writeOrders(req int, orders []tracker.OrderDetail, locate string) tea.Cmd {
	ctx, r, svc, actor := c.ctx, c.reader, c.svc, c.actor
	return func() tea.Msg {
		msg := writtenMsg{req: req, orders: len(orders)}
		for _, o := range orders {
			msg.ships += len(o.Shipments)
		}
		added, err := svc.WriteOrders(ctx, actor, orders, time.Time{})
		if err != nil {
			msg.err = err
			return msg
		}
		msg.newOrders, msg.newShips = added.Orders, added.Shipments
		msg.done = len(orders)
		if locate != "" {
			if d, err := r.FindOrder(ctx, locate, false); err == nil {
				for _, s := range d.Shipments {
					if s.TrackingNo == number.Normalize(locate) {
						msg.shipmentID = s.ID
						msg.cursor = tracker.Cursor{ShippedAt: s.ShippedAt, ShipmentID: s.ID}
					}
				}
			}
		}
		return msg
	}
}
