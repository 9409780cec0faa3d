package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/templates"
)

// orderView is one order over the panes (enter on an order): the buyer and
// how to reach them, what is in the parcel and what customs read, every
// pre-shipment warning, every parcel with its status, ETA, newest event,
// open exceptions and tracking link, and the order's complaint cases. Its
// keys act on the selected parcel: copy the number, open its tracking page,
// refresh it, open a case; and edit the order's fields. It reads the order
// with its parcels in one call (tracker.Reader.Order), each parcel's newest
// event alone (the timeline pane has the rest), its ETA, and the order's
// cases; a change notice naming one of its parcels reads them again.
type orderView struct {
	c       *common
	orderID int64
	// first is the parcel it was opened on: selected when the order comes.
	first int64

	width, height int

	loaded   bool
	err      error
	order    tracker.Order // sanitized
	checks   []string      // order.Checks as shown: in the session's language
	storedNo string        // the order number as stored: edits are written under it
	parcels  []orderParcel
	cases    []tracker.CaseRow // sanitized; nil without a case store
	casesErr error
	protEnd  time.Time // the buyer's protection end, zero when none is kept (ui/extendpropose.go)

	sel int // the selected parcel
	top int // the first line shown

	seq, loadReq int
}

// orderParcel is one parcel as the order view shows it, sanitized.
type orderParcel struct {
	tracker.Shipment
	exceptions []tracker.ExceptionKind // open ones, worst first
	last       tracker.Event
	hasLast    bool
	eta        *tracker.ETA // nil: none known
	url        string       // the carrier's tracking page
	checkErr   string       // why the last check failed; "" when it worked
}

// orderLoadedMsg answers a read of the shown order.
type orderLoadedMsg struct {
	req      int
	id       int64
	det      tracker.OrderDetail
	last     map[int64]tracker.Event
	etas     map[int64]tracker.ETA
	cases    []tracker.CaseRow
	casesErr error
	protEnd  time.Time
	err      error
}

func newOrderView(c *common, orderID, shipmentID int64) *orderView {
	return &orderView{c: c, orderID: orderID, first: shipmentID}
}

func (v *orderView) setSize(w, h int) {
	v.width, v.height = w, h
	v.clampTop()
}

// load reads the order, its parcels' newest events and ETAs, and its cases.
func (v *orderView) load() tea.Cmd {
	v.seq++
	req := v.seq
	v.loadReq = req
	ctx, reader, svc, etas, now, id := v.c.ctx, v.c.reader, v.c.svc, v.c.eta, v.c.now, v.orderID
	return func() tea.Msg {
		det, err := reader.Order(ctx, id)
		if err != nil {
			return orderLoadedMsg{req: req, id: id, err: fmt.Errorf("read order %d: %w", id, err)}
		}
		msg := orderLoadedMsg{req: req, id: id, det: det, last: map[int64]tracker.Event{}, etas: map[int64]tracker.ETA{}}
		for _, s := range det.Shipments {
			// The newest event only: the view shows one line of news.
			if ev, err := reader.Timeline(ctx, s.ID, 1); err == nil && len(ev) > 0 {
				msg.last[s.ID] = ev[0]
			}
			if etas != nil {
				if e, ok, err := etas.ShipmentETA(ctx, s.ID, now); err == nil && ok {
					msg.etas[s.ID] = e
				}
			}
		}
		if svc != nil {
			cases, err := svc.Cases(ctx, tracker.CaseQuery{OrderID: id})
			if err != nil {
				err = fmt.Errorf("read the cases of order %s: %w", det.OrderNo, err)
			}
			msg.cases, msg.casesErr = cases, err
			if end, ok, err := svc.ProtectionEnd(ctx, id); err == nil && ok {
				msg.protEnd = end
			}
		}
		return msg
	}
}

func (v *orderView) onLoaded(msg orderLoadedMsg) {
	if msg.req != v.loadReq {
		return
	}
	v.loadReq = 0
	if msg.err != nil {
		v.err = said(v.c.tr, msg.err)
		return
	}
	v.err = nil
	// The selection follows its parcel across a reload.
	selID := v.first
	if p, ok := v.selected(); ok && v.loaded {
		selID = p.ID
	}
	v.order = sanitizeOrder(clipOrder(msg.det.Order))
	o := &v.order
	o.Address, o.Product, o.Currency, o.HSCode = Sanitize(o.Address), Sanitize(o.Product), Sanitize(o.Currency), Sanitize(o.HSCode)
	o.ShippingMethod, o.Packaging = Sanitize(o.ShippingMethod), Sanitize(o.Packaging)
	o.MarketStatus = Sanitize(clip(o.MarketStatus))
	o.Status = tracker.OrderStatus(Sanitize(string(o.Status)))
	o.Checks, v.checks = nil, nil
	for _, c := range msg.det.Checks {
		c = tracker.Check{Kind: tracker.CheckKind(Sanitize(clip(string(c.Kind)))), Detail: Sanitize(clip(c.Detail))}
		o.Checks = append(o.Checks, c)
		v.checks = append(v.checks, v.c.tr.Check(c)) // in the session's language, as the read comes
	}
	v.storedNo = msg.det.OrderNo
	v.parcels = v.parcels[:0]
	v.sel = 0
	for i, s := range msg.det.Shipments {
		p := orderParcel{Shipment: sanitizeShipment(clipShipment(s.Shipment)), exceptions: s.Exceptions, checkErr: Sanitize(clip(v.c.tr.ServiceError(s.CheckError)))}
		if e, ok := msg.last[s.ID]; ok {
			e.RawStatus, e.Location, e.Description = clip(e.RawStatus), clip(e.Location), clip(e.Description)
			p.last, p.hasLast = sanitizeEvent(e), true
		}
		if e, ok := msg.etas[s.ID]; ok {
			e.Basis = Sanitize(clip(e.Basis))
			p.eta = &e
		}
		// The one link to a parcel's page: the messages to buyers use it
		// too (the last mile's, once a service names one).
		p.url = Sanitize(templates.ShipmentURL(s.Shipment))
		if s.ID == selID {
			v.sel = i
		}
		v.parcels = append(v.parcels, p)
	}
	v.cases = v.cases[:0]
	for _, r := range msg.cases {
		r.OrderNo, r.TrackingNo, r.OpenedBy, r.Resolution = clip(r.OrderNo), clip(r.TrackingNo), clip(r.OpenedBy), clip(r.Resolution)
		v.cases = append(v.cases, sanitizeCaseRow(r))
	}
	v.casesErr = said(v.c.tr, msg.casesErr)
	v.protEnd = msg.protEnd
	v.loaded = true
	v.clampTop()
}

// maxShownBytes bounds each text the order view holds: far more than any
// real field (a write refuses more than tracker.MaxFieldBytes), and little
// enough that a store holding a huge one cannot slow every frame.
const maxShownBytes = 4 * tracker.MaxFieldBytes

// clip cuts s to maxShownBytes at a character boundary, marking the cut.
func clip(s string) string {
	if len(s) <= maxShownBytes {
		return s
	}
	cut := maxShownBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func clipOrder(o tracker.Order) tracker.Order {
	for _, f := range []*string{&o.OrderNo, &o.Marketplace, &o.Buyer, &o.Email, &o.Phone, &o.Country, &o.ShippingMethod,
		&o.Address, &o.Product, &o.Currency, &o.HSCode, &o.Packaging} {
		*f = clip(*f)
	}
	o.Status = tracker.OrderStatus(clip(string(o.Status)))
	return o
}

func clipShipment(s tracker.Shipment) tracker.Shipment {
	s.TrackingNo, s.Carrier, s.Origin, s.Destination = clip(s.TrackingNo), clip(s.Carrier), clip(s.Origin), clip(s.Destination)
	s.Status = tracker.Status(clip(string(s.Status)))
	return s
}

// selected is the parcel the keys act on.
func (v *orderView) selected() (orderParcel, bool) {
	if v.sel < 0 || v.sel >= len(v.parcels) {
		return orderParcel{}, false
	}
	return v.parcels[v.sel], true
}

// shows reports whether the view shows one of the shipments (any, when ids
// is empty: a notice that names none).
func (v *orderView) shows(ids []int64) bool {
	if len(ids) == 0 {
		return true
	}
	for _, p := range v.parcels {
		if slices.Contains(ids, p.ID) {
			return true
		}
	}
	return false
}

// rows is how many lines of the view fit inside its border.
func (v *orderView) rows() int { return max(1, v.height-2) }

func (v *orderView) clampTop() {
	v.top = clampInt(v.top, 0, max(0, v.lineCount()-v.rows()))
}

// showSelected scrolls so the selected parcel's lines are in sight.
func (v *orderView) showSelected() {
	from, to := v.parcelLines(v.sel)
	if to <= from {
		return
	}
	if to > v.top+v.rows() {
		v.top = to - v.rows()
	}
	if from < v.top {
		v.top = from
	}
	v.clampTop()
}

// move handles the movement keys: up and down select a parcel, and scroll
// on past the first and the last, so a one-parcel order still scrolls with
// j and k; page keys scroll by a page, g and G go to the ends.
func (v *orderView) move(msg tea.KeyPressMsg) bool {
	k := v.c.keys
	n := len(v.parcels)
	switch {
	case key.Matches(msg, k.Down):
		if v.sel < n-1 {
			v.sel++
			v.showSelected()
		} else {
			v.scroll(1)
		}
	case key.Matches(msg, k.Up):
		if v.sel > 0 {
			v.sel--
			v.showSelected()
		} else {
			v.scroll(-1)
		}
	case key.Matches(msg, k.PageDown):
		v.scroll(v.rows())
	case key.Matches(msg, k.PageUp):
		v.scroll(-v.rows())
	case key.Matches(msg, k.Top):
		v.sel, v.top = 0, 0
	case key.Matches(msg, k.Bottom):
		v.sel = max(0, n-1)
		v.top = v.lineCount()
		v.clampTop()
	default:
		return false
	}
	return true
}

func (v *orderView) scroll(d int) {
	v.top += d
	v.clampTop()
}

// openOrderView is enter on an order: the order over the panes.
func (a *App) openOrderView() tea.Cmd {
	r, ok := a.orders.Selected()
	if !ok {
		return nil
	}
	a.orderView = newOrderView(a.c, r.OrderID, r.ShipmentID)
	return tea.Batch(a.orderView.load(), a.relayout())
}

func (a *App) closeOrderView() tea.Cmd {
	a.orderView = nil
	return a.relayout()
}

// reloadOrderView reads the shown order again when a change may touch it.
func (a *App) reloadOrderView(ids []int64) tea.Cmd {
	if v := a.orderView; v != nil && v.loaded && v.shows(ids) {
		return v.load()
	}
	return nil
}

// onOrderViewKey handles a key while the order view is shown.
func (a *App) onOrderViewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	v := a.orderView
	switch {
	case key.Matches(msg, k.HardQuit):
		return a.quit()
	case key.Matches(msg, k.Back):
		return a.closeOrderView()
	}
	if !v.loaded || v.move(msg) {
		return nil
	}
	p, hasParcel := v.selected()
	switch {
	case key.Matches(msg, k.Copy) && hasParcel:
		// OSC 52: the terminal puts it on the clipboard of the person's
		// own machine, over SSH too.
		a.status.say(a.c.tr.T("copied %s", p.TrackingNo), false)
		return tea.SetClipboard(p.TrackingNo)
	case key.Matches(msg, k.Browse) && hasParcel:
		return a.browse(p.url)
	case key.Matches(msg, k.Refresh) && hasParcel:
		if a.c.refresher == nil {
			a.status.say(a.c.tr.T("the refresher is off: no check now"), true)
			return nil
		}
		return a.refreshParcel(p.ID, p.TrackingNo)
	case key.Matches(msg, k.Edit):
		if why := a.mayChange("edit orders"); why != "" {
			a.status.say(why, true)
			return nil
		}
		return a.openSheet(newOrderEditForm(a.c, v.order, v.storedNo), nil)
	case key.Matches(msg, k.Complaint) && hasParcel:
		if why := a.mayCase(); why != "" {
			a.status.say(why, true)
			return nil
		}
		src := caseSource{orderID: v.orderID, shipmentID: p.ID, orderNo: v.order.OrderNo, dest: p.Destination}
		for _, kd := range p.exceptions {
			if containsKind(tracker.ExceptionKinds, kd) {
				src.kinds = append(src.kinds, kd)
			}
		}
		return a.findCase(src)
	case key.Matches(msg, k.Extend) && v.order.Marketplace != "":
		return a.openExtend()
	}
	return nil
}

// onOrderViewWheel scrolls the order view with the mouse wheel.
func (a *App) onOrderViewWheel(m tea.Mouse) {
	switch m.Button {
	case tea.MouseWheelDown:
		a.orderView.scroll(3)
	case tea.MouseWheelUp:
		a.orderView.scroll(-3)
	}
}

// ShortHelp implements help.KeyMap: what works on the order now.
func (v *orderView) ShortHelp() []key.Binding {
	k := v.c.keys
	_, has := v.selected()
	work := !v.c.readOnly && v.c.svc != nil
	// j and k are in the full help: the short line keeps room for ? at 80.
	return []key.Binding{
		enabledIf(withHelp(k.Copy, "copy"), has),
		enabledIf(withHelp(k.Browse, "link"), has),
		enabledIf(k.Edit, work && v.loaded),
		enabledIf(k.Complaint, has && work && v.c.hasCases()),
		enabledIf(k.Refresh, has && v.c.canRefresh()),
		enabledIf(withHelp(k.Extend, "extend"), v.canExtend()),
		k.Back,
	}
}

// FullHelp implements help.KeyMap.
func (v *orderView) FullHelp() [][]key.Binding {
	k := v.c.keys
	_, has := v.selected()
	work := !v.c.readOnly && v.c.svc != nil
	return [][]key.Binding{
		{enabledIf(withHelp(k.Up, "prev parcel"), has), enabledIf(withHelp(k.Down, "next parcel"), has),
			k.PageUp, k.PageDown, k.Top, k.Bottom},
		{enabledIf(withHelp(k.Copy, "copy tracking number"), has), enabledIf(k.Browse, has),
			enabledIf(withHelp(k.Refresh, "refresh parcel"), has && v.c.canRefresh())},
		{enabledIf(withHelp(k.Edit, "edit order"), work && v.loaded),
			enabledIf(withHelp(k.Complaint, "complaint case"), has && work && v.c.hasCases()),
			enabledIf(k.Extend, v.canExtend()), k.Back},
	}
}

// browsedMsg is the result of `o`.
type browsedMsg struct {
	url string
	err error
}

// browse opens url in this machine's browser, when the person is at this
// machine; over SSH the server's browser is no use to them.
func (a *App) browse(url string) tea.Cmd {
	if url == "" {
		a.status.say(a.c.tr.T("no tracking page for this parcel"), true)
		return nil
	}
	if !a.opts.Local {
		a.status.say(a.c.tr.T("not opened here (remote session): click the link, or y copies the number"), true)
		return nil
	}
	open := a.opts.OpenURL
	if open == nil {
		open = openInBrowser
	}
	ctx := a.c.ctx
	return func() tea.Msg { return browsedMsg{url: url, err: open(ctx, url)} }
}

func (a *App) onBrowsed(msg browsedMsg) {
	if msg.err != nil {
		a.status.say(a.c.tr.T("not opened: %s", browserErrorIn(msg.err, a.c.tr)), true)
		return
	}
	a.status.say(a.c.tr.T("opened %s", msg.url), false)
}

// viewOrderOver draws the order view over the panes, a prompt (a case's
// kind) over it, then the status and help lines.
func (a *App) viewOrderOver(lines []string) string {
	// A box over a hyperlink would cut it open: no links under a prompt.
	lines = append(lines, a.orderView.View(a.prompt == nil)...)
	if a.prompt != nil {
		box := a.promptBox()
		x, y := a.promptAt(box)
		overlay(lines, box, x, y)
	}
	w := a.c.width
	lines = append(lines, cell(a.status.View(w), w))
	lines = append(lines, a.helpLines(w, a.lay.helpH)...)
	return strings.Join(lines, "\n")
}

// refreshParcel asks the carrier about one parcel now (r); refreshMsg
// says how it went.
func (a *App) refreshParcel(id int64, label string) tea.Cmd {
	ref := a.c.refresher
	if ref == nil {
		return nil
	}
	if a.c.readOnly {
		a.status.say(readOnlyNoteIn("ask a carrier now; the refresher keeps parcels current", a.c.tr), true)
		return nil
	}
	if id == 0 {
		return nil
	}
	a.status.say(a.c.tr.T("refreshing %s…", label), false)
	ctx := a.c.ctx
	return func() tea.Msg {
		sum, err := ref.RefreshNow(ctx, id)
		return refreshMsg{shipmentID: id, label: label, summary: sum, err: err}
	}
}
