package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

const (
	// timelineLimit bounds one read of a parcel's events; real parcels
	// have a few dozen.
	timelineLimit = 200
	// timelineCacheSize is how many parcels' events we keep, so going back
	// and forth over a few rows costs no reads.
	timelineCacheSize = 32
)

// timelineModel shows the events of one shipment, newest first. Events are
// loaded lazily when a shipment is shown and cached per shipment; a change
// notice drops the cache entries of the shipments it names.
type timelineModel struct {
	c *common

	width, height int

	shipmentID int64
	label      string           // tracking number of the shown shipment
	lastMile   tracker.LastMile // its last-mile number, when the caller knows it (setLastMile)
	events     []tracker.Event
	checks     []string // the order's pre-shipment warnings, sanitized, in the session's language
	loadedID   int64    // the shipment events belong to (0: none yet)
	err        error
	cursor

	cache      map[int64][]tracker.Event
	etas       map[int64]*tracker.ETA // beside cache, dropped with it
	eta        *tracker.ETA           // the shown shipment's; nil when none
	checkCache map[int64][]string     // beside cache, with the same keys
	cacheOrder []int64                // oldest first

	seq int
	req int // id of the read in flight, 0 when none
}

func newTimeline(c *common) *timelineModel {
	return &timelineModel{c: c, cache: map[int64][]tracker.Event{}, etas: map[int64]*tracker.ETA{}, checkCache: map[int64][]string{}}
}

func (m *timelineModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
}

func (m *timelineModel) visibleRows() int { return max(1, m.height-3-m.etaRows()-m.checkLines()) }

// etaRows is the line the shown parcel's ETA takes above the events.
func (m *timelineModel) etaRows() int {
	if m.eta != nil && m.loadedID == m.shipmentID {
		return 1
	}
	return 0
}

// checkLines is how many lines the order's warnings take above the table.
func (m *timelineModel) checkLines() int {
	if len(m.checks) > 0 && m.loadedID == m.shipmentID {
		return 1
	}
	return 0
}

// show switches the pane to a shipment, from the cache when it can.
func (m *timelineModel) show(id int64, label string) tea.Cmd {
	m.label, m.lastMile = label, tracker.LastMile{}
	if id == m.shipmentID && (m.loadedID == id || m.req != 0) {
		return nil
	}
	m.shipmentID = id
	m.top, m.sel, m.err = 0, 0, nil
	if id == 0 {
		m.events, m.checks, m.loadedID, m.req = nil, nil, 0, 0
		return nil
	}
	if ev, ok := m.cache[id]; ok {
		m.events, m.eta, m.checks, m.loadedID, m.req = ev, m.etas[id], m.checkCache[id], id, 0
		return nil
	}
	m.events, m.eta, m.checks, m.loadedID = nil, nil, nil, 0
	return m.fetch()
}

func (m *timelineModel) fetch() tea.Cmd {
	m.seq++
	req := m.seq
	m.req = req
	id := m.shipmentID
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		ev, err := reader.Timeline(ctx, id, timelineLimit)
		if err != nil {
			return timelineMsg{req: req, shipmentID: id, err: fmt.Errorf("read timeline of shipment %d: %w", id, err)}
		}
		checks, err := reader.ShipmentChecks(ctx, id)
		if errors.Is(err, tracker.ErrNotFound) {
			checks, err = nil, nil
		}
		if err != nil {
			err = fmt.Errorf("read pre-shipment checks of shipment %d: %w", id, err)
		}
		return timelineMsg{req: req, shipmentID: id, events: ev, checks: checks, err: err}
	}
}

// fetchETA reads the parcel's ETA after its events are shown: with no
// model built in the last minutes, ShipmentETA first learns one from every
// delivered parcel, which grows with the store (1.4 s at a million
// orders), and the events should not wait for it (issue 24).
func (m *timelineModel) fetchETA(id int64) tea.Cmd {
	if m.c.eta == nil {
		return nil
	}
	ctx, etas, now := m.c.ctx, m.c.eta, m.c.now
	return func() tea.Msg {
		// An ETA that cannot be had leaves the events worth showing.
		msg := etaMsg{shipmentID: id}
		if e, ok, err := etas.ShipmentETA(ctx, id, now); err == nil && ok {
			msg.eta = &e
		}
		return msg
	}
}

// etaPending reports whether the shown parcel's ETA is still being read.
func (m *timelineModel) etaPending() bool {
	if m.c.eta == nil || m.loadedID == 0 {
		return false
	}
	_, known := m.etas[m.loadedID]
	return !known
}

// onETA keeps a parcel's ETA beside its cached events, and shows it when
// the parcel is the one shown.
func (m *timelineModel) onETA(msg etaMsg) {
	if _, ok := m.cache[msg.shipmentID]; !ok {
		return // dropped from the cache, or invalidated since: read again with the events
	}
	m.etas[msg.shipmentID] = msg.eta
	if msg.shipmentID == m.shipmentID && m.loadedID == msg.shipmentID {
		m.eta = msg.eta
		m.scroll()
	}
}

// invalidate forgets cached events of the changed shipments (all of them
// when the notice does not say which) and re-reads the shown one if it is
// among them. What is on screen stays until the fresh events arrive.
func (m *timelineModel) invalidate(ids []int64) tea.Cmd {
	hit := len(ids) == 0
	if len(ids) == 0 {
		clear(m.cache)
		clear(m.etas)
		clear(m.checkCache)
		m.cacheOrder = m.cacheOrder[:0]
	}
	for _, id := range ids {
		if id == m.shipmentID {
			hit = true
		}
		if _, ok := m.cache[id]; ok {
			delete(m.cache, id)
			delete(m.etas, id)
			delete(m.checkCache, id)
			m.removeOrder(id)
		}
	}
	if !hit || m.shipmentID == 0 {
		return nil
	}
	return m.fetch()
}

func (m *timelineModel) removeOrder(id int64) {
	for i, v := range m.cacheOrder {
		if v == id {
			m.cacheOrder = append(m.cacheOrder[:i], m.cacheOrder[i+1:]...)
			return
		}
	}
}

func (m *timelineModel) onTimeline(msg timelineMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.req = 0
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		return nil
	}
	ev := make([]tracker.Event, len(msg.events))
	for i, e := range msg.events {
		e.Location = Sanitize(e.Location)
		e.Description = Sanitize(e.Description)
		e.RawStatus = Sanitize(e.RawStatus)
		e.Status = tracker.Status(Sanitize(string(e.Status)))
		ev[i] = e
	}
	var checks []string
	for _, c := range msg.checks {
		// Said in the session's language as the read comes, not in View.
		checks = append(checks, m.c.tr.Check(tracker.Check{Kind: tracker.CheckKind(Sanitize(string(c.Kind))), Detail: Sanitize(c.Detail)}))
	}
	if _, ok := m.cache[msg.shipmentID]; !ok {
		m.cacheOrder = append(m.cacheOrder, msg.shipmentID)
		if len(m.cacheOrder) > timelineCacheSize {
			delete(m.cache, m.cacheOrder[0])
			delete(m.etas, m.cacheOrder[0])
			delete(m.checkCache, m.cacheOrder[0])
			m.cacheOrder = m.cacheOrder[1:]
		}
	}
	m.cache[msg.shipmentID] = ev
	delete(m.etas, msg.shipmentID) // the events are new: so may the ETA be
	m.checkCache[msg.shipmentID] = checks
	if msg.shipmentID == m.shipmentID {
		// A re-read of the parcel on screen keeps its ETA line until the
		// new ETA comes, so the events do not jump up and back.
		eta := m.eta
		if m.loadedID != msg.shipmentID {
			eta = nil
		}
		m.events, m.eta, m.checks, m.loadedID, m.err = ev, eta, checks, msg.shipmentID, nil
		m.scroll()
	}
	return m.fetchETA(msg.shipmentID)
}

func (m *timelineModel) scroll() { m.clamp(len(m.events), m.visibleRows()) }

func (m *timelineModel) move(delta int) {
	m.sel += delta
	m.scroll()
}

// Update handles the keys of the focused timeline; the events are all in
// memory, so moving never reads.
func (m *timelineModel) Update(msg tea.KeyPressMsg) tea.Cmd {
	m.navigate(msg, m.c.keys, len(m.events), m.visibleRows())
	return nil
}

// selectedEvent is the event under the cursor, once the shown parcel's
// events are loaded.
func (m *timelineModel) selectedEvent() (tracker.Event, bool) {
	if m.loadedID != m.shipmentID || m.sel < 0 || m.sel >= len(m.events) {
		return tracker.Event{}, false
	}
	return m.events[m.sel], true
}

// ShortHelp implements help.KeyMap.
func (m *timelineModel) ShortHelp() []key.Binding {
	k := m.c.keys
	has := len(m.events) > 0
	return []key.Binding{
		enabledIf(moveHelp(k), has),
		enabledIf(withHelp(k.Open, "event"), has),
		enabledIf(k.Refresh, m.shipmentID != 0 && m.c.canRefresh()),
	}
}

// FullHelp implements help.KeyMap.
func (m *timelineModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	has := len(m.events) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has)},
		{enabledIf(k.Top, has), enabledIf(k.Bottom, has), enabledIf(withHelp(k.Open, "event in full"), has),
			enabledIf(withHelp(k.Refresh, "refresh parcel"), m.shipmentID != 0 && m.c.canRefresh())},
	}
}

// timelineColumns is a function rather than a package variable, so no state in
// ui is shared between sessions, not even by accident.
func timelineColumns(tr *i18n.Printer) []column {
	return titled(tr, []column{
		{title: "Time", min: 11, max: 11, prio: 0},
		{title: "Status", min: 10, max: 14, prio: 1}, // statusFit
		{title: "Location", min: 8, max: 18, prio: 3, cut: true},
		{title: "Description", min: 10, want: 20, prio: 2, cut: true},
	})
}

// View renders the pane as exactly height lines of width cells.
func (m *timelineModel) View(focused bool) []string {
	st := m.c.styles
	title := m.c.tr.T("Timeline")
	// Right of the title in the top border: the width the pane leaves it.
	info := timelineInfo(m.label, m.lastMile, len(m.events), m.width-16)
	t := newTable(timelineColumns(m.c.tr), m.width-2)
	body := make([]string, 0, m.height)
	if m.checkLines() > 0 {
		body = append(body, cell(st.SeverityStyle(tracker.SeverityMedium).Render("⚠ "+strings.Join(m.checks, " · ")), m.width-2))
	}
	if m.etaRows() > 0 {
		line := etaText(*m.eta, m.c.now.Location(), m.c.tr)
		if m.eta.Source == tracker.ETAFromHistory {
			line += " · " + etaBasisIn(*m.eta, m.c.tr)
		}
		body = append(body, cell(" "+line, m.width-2))
	}
	body = append(body, t.header(st.inkHeader))
	switch {
	case m.err != nil:
		body = append(body, st.Error.Render(Sanitize(m.err.Error())))
	case m.shipmentID == 0:
		body = append(body, st.Empty.Render(m.c.tr.T("No shipment selected.")))
	case m.loadedID != m.shipmentID:
		body = append(body, st.Empty.Render(m.c.tr.T("loading…")))
	case len(m.events) == 0:
		body = append(body, st.Empty.Render(m.c.tr.T("No events from the carrier yet.")))
	}
	loc := m.c.now.Location()
	end := min(len(m.events), m.top+m.visibleRows())
	cells := make([]tcell, len(t.cols))
	selSt := st.inkSelectedOff
	if focused {
		selSt = st.inkSelected
	}
	for i := m.top; i < end; i++ {
		e := m.events[i]
		when := "—"
		if !e.Time.IsZero() {
			when = e.Time.In(loc).Format("01-02 15:04")
		}
		cells[0] = plain(when)
		cells[1] = styled(statusFit(e.Status, t.widths[1], m.c.tr), st.statusInk(e.Status))
		cells[2] = plain(e.Location)
		desc := e.Description
		if desc == "" {
			desc = e.RawStatus
		}
		cells[3] = plain(desc)
		body = append(body, t.row(cells, focused && i == m.sel, selSt))
	}
	return st.pane(title, info, body, m.width, m.height, focused)
}

func (m *timelineModel) clickRow(y int) {
	first := 2 + m.checkLines() + m.etaRows() // border and header come first
	i := m.top + y - first
	if y >= first && i < len(m.events) && i < m.top+m.visibleRows() {
		m.sel = i
	}
}
