package ui

import (
	"strconv"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The column tables of the list panes, in one place so the priorities can
// be read side by side. Read each table as:
//
//   - prio: the drop order. As the pane narrows, the column with the
//     highest prio goes first; prio 0 columns go last.
//   - min/max: the width range. A column is shown at min or not at all;
//     spare width grows columns to max in grow order; a flexible column
//     (max 0) takes the rest.
//   - cut: the column holds free text (names, numbers of other systems,
//     descriptions) and may be cut with an ellipsis. The others never are:
//     they hold fixed labels or numbers that fit min, choose a shorter form
//     that fits (statusFit, kindFit, fitState), or are sized to what they
//     hold (the tracking number).
//
// They are functions rather than package variables, so no state in ui is
// shared between sessions, not even by accident.

const (
	// trackFloor is the narrowest the tracking column gets. UPU S10 numbers
	// are 13 characters, Cainiao's LP… 16, 4PX, YunExpress and UPS 18:
	// with 18 the common numbers fit without the column moving as the
	// list scrolls onto a window of longer or shorter ones.
	trackFloor = 18
	// trackCeil is the longest number tracker/number accepts; anything
	// longer is not a tracking number and may be cut.
	trackCeil = 40
	// orderFloor and orderCeil bound the order column: as narrow as its
	// title for a shop of short numbers (Shopify's "#1001"), up to 20 for
	// marketplaces' long ones (AliExpress 16, Amazon 19); longer is cut.
	orderFloor = 5
	orderCeil  = 20
)

// keyWidths are the widths of the two key columns, measured over a read
// (a window of the list, the queue), not per frame: the tracking number's,
// shown whole, and the order number's. The zero value is the floors.
type keyWidths struct{ track, order int }

func measureKeys[T any](rows []T, track, order func(T) string) keyWidths {
	var k keyWidths
	for _, r := range rows {
		k.track = max(k.track, widthOf(track(r)))
		k.order = max(k.order, widthOf(order(r)))
	}
	return k.bounded()
}

// bounded keeps the widths within their floors and ceilings.
func (k keyWidths) bounded() keyWidths {
	return keyWidths{track: clampInt(k.track, trackFloor, trackCeil), order: clampInt(k.order, orderFloor, orderCeil)}
}

// The orders pane's columns, by index.
const (
	orColWatch = iota
	orColOrder
	orColTracking
	orColCarrier
	orColDest
	orColStatus
	orColDays
	orColUpd
	orColException
	orColBuyer
)

// orderColumns is the orders pane's table. The tracking number, the key a
// seller copies into a carrier's site or a message, goes last and is never
// cut; from 100 columns the pane always has room for it. The others, in
// the order they go as the pane narrows: the carrier (the tracking
// number's format mostly says it, and the timeline's events), the buyer
// (the filter finds a name), days since shipping, the last update, the
// destination, the exception, the order number, and last the status.
func orderColumns(k keyWidths, tr *i18n.Printer) []column {
	k = k.bounded()
	return titled(tr, []column{
		orColWatch:     {title: "", min: 1, max: 1, prio: 0}, // ★: the order is watched
		orColOrder:     {title: "Order", min: k.order, max: k.order, prio: 2, cut: true},
		orColTracking:  {title: "Tracking", min: k.track, max: k.track, prio: 0},
		orColCarrier:   {title: "Carrier", min: 10, max: 11, prio: 8, grow: 1, cut: true},
		orColDest:      {title: "Dest", min: 4, max: 4, prio: 4}, // an ISO country code
		orColStatus:    {title: "Status", min: 10, max: 16, prio: 1, grow: 0},
		orColDays:      {title: "Days", min: 4, max: 4, prio: 6, right: true, wide: 5},
		orColUpd:       {title: "Upd", min: 4, max: 4, prio: 5, right: true, wide: 6},
		orColException: {title: "Exception", min: 12, max: 16, prio: 3, grow: 2},
		// A name is read by its first word or two: the buyer takes 14
		// before the other columns grow, and whatever is left after.
		orColBuyer: {title: "Buyer", min: 10, want: 14, prio: 7, cut: true},
	})
}

// The queue's columns, by index.
const (
	exColMark = iota
	exColSev
	exColKind
	exColOrder
	exColTracking
	exColAge
	exColState
	exColDetail
	exColNext
)

// exceptionColumns is the triage queue's table. What is wrong (severity,
// kind, age, detail) and where it stands (state) go last; the tracking
// and order numbers give way before them, as they are one Enter away in
// the timeline's title and the orders list. The tracking number is whole
// or absent, never cut. The next action takes a column only when there is
// room for it; otherwise the selected row's is shown under the rows.
func exceptionColumns(k keyWidths, tr *i18n.Printer) []column {
	k = k.bounded()
	return titled(tr, []column{
		exColMark:     {title: "", min: 1, max: 1, prio: 0},
		exColSev:      {title: "Sev", min: 4, max: 4, prio: 0},
		exColKind:     {title: "Kind", min: 10, max: 15, prio: 1, grow: 1},
		exColOrder:    {title: "Order", min: k.order, max: k.order, prio: 6, cut: true},
		exColTracking: {title: "Tracking", min: k.track, max: k.track, prio: 5},
		exColAge:      {title: "Age", min: 3, max: 4, prio: 2, right: true, wide: 6},
		// fitState: facts shortened, then dropped; only an owner's long
		// name, alone, is ever cut.
		exColState:  {title: "State", min: 9, max: 24, prio: 4, grow: 6, cut: true},
		exColDetail: {title: "Detail", min: 12, want: 24, prio: 3, cut: true},
		exColNext:   {title: "Next action", min: 32, max: 52, prio: 7, grow: 5, cut: true},
	})
}

// statusShort is the short form of the status labels longer than the
// orders pane's narrowest Status column.
func statusShort(s tracker.Status, tr *i18n.Printer) string {
	switch s {
	case tracker.StatusInfoReceived:
		return tr.T("Info rcvd")
	case tracker.StatusOutForDelivery:
		return tr.T("Delivering")
	case tracker.StatusDeliveryFailed:
		return tr.T("Dlv failed")
	case tracker.StatusAvailableForPickup:
		return tr.T("Pickup")
	}
	return statusLabel(s, tr)
}

// statusFit is the status as it fits w cells: its label, else its short
// form.
func statusFit(s tracker.Status, w int, tr *i18n.Printer) string {
	if l := statusLabel(s, tr); widthOf(l) <= w {
		return l
	}
	return statusShort(s, tr)
}

// kindShort is the short form of the kind labels longer than the queue's
// narrowest Kind column.
func kindShort(k tracker.ExceptionKind, tr *i18n.Printer) string {
	switch k {
	case tracker.ExNoTracking:
		return tr.T("no track")
	case tracker.ExDeliveryFailed:
		return tr.T("dlv failed")
	case tracker.ExMissingItems:
		return tr.T("missing")
	case tracker.ExCarrierProblem:
		return tr.T("carr. prob")
	}
	return kindWord(k, tr)
}

// kindFit is the kind as it fits w cells: its label, else its short form.
func kindFit(k tracker.ExceptionKind, w int, tr *i18n.Printer) string {
	if l := kindWord(k, tr); widthOf(l) <= w {
		return l
	}
	return kindShort(k, tr)
}

// exceptionMark is the orders pane's Exception cell for a row's open
// exceptions, worst first: "!delivery failed +1", shortened to fit w.
func exceptionMark(kinds []tracker.ExceptionKind, w int, tr *i18n.Printer) string {
	more := ""
	if n := len(kinds) - 1; n > 0 {
		more = " +" + strconv.Itoa(n)
	}
	for _, s := range []string{
		"!" + kindWord(kinds[0], tr) + more,
		"!" + kindShort(kinds[0], tr) + more,
	} {
		if widthOf(s) <= w {
			return s
		}
	}
	return "!" + kindShort(kinds[0], tr)
}
