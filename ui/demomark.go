package ui

import "waybill/tracker"

// DemoMark marks a demo order's row (tracker.ShipmentRow.Demo) in the
// orders list of a store that holds real orders too, so nobody mistakes a
// simulated parcel for a buyer's. A demo store's title bar says DEMO, and
// its rows need no mark.
const DemoMark = "D"

// markCell is the orders list's first cell (the ★ column): ★ for a
// watched order, else the demo mark for a demo order among real ones.
// demoInk is the demo badge's ink (demoInk).
func (m *ordersModel) markCell(r tracker.ShipmentRow, demoInk func() ink) tcell {
	switch {
	case r.Watched:
		return styled(watchMark, m.c.styles.inkTitleOn)
	case r.Demo && m.c.markDemo:
		return styled(DemoMark, demoInk())
	}
	return plain("")
}

// demoInk is the demo badge's ink for one frame, worked out the first time
// a row asks for it: a frame without demo rows renders no style for it.
func (m *ordersModel) demoInk() func() ink {
	var k *ink
	return func() ink {
		if k == nil {
			v := inkOf(m.c.styles.Demo)
			k = &v
		}
		return *k
	}
}
