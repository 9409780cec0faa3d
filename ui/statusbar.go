package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// messageTicks is how many ticks (seconds) a status message stays. Counted
// in ticks, not clock time, because the demo clock runs many times faster
// than the person reading.
const messageTicks = 6

// statusBar shows counts by status, the refresher's state and one-off
// messages (the result of `r`, a failed read).
type statusBar struct {
	c *common

	counts   map[tracker.Status]int
	checked  int // orders with pre-shipment warnings
	loaded   bool
	countErr error
	seq, req int

	ref    tracker.RefresherState
	hasRef bool

	msg      string
	msgErr   bool
	msgTicks int
}

func newStatusBar(c *common) *statusBar { return &statusBar{c: c} }

func (m *statusBar) loadCounts() tea.Cmd {
	m.seq++
	id := m.seq
	m.req = id
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		counts, err := reader.StatusCounts(ctx)
		if err != nil {
			return statusCountsMsg{req: id, err: fmt.Errorf("count by status: %w", err)}
		}
		checked, err := reader.CountChecked(ctx)
		if err != nil {
			err = fmt.Errorf("count orders to check: %w", err)
		}
		return statusCountsMsg{req: id, counts: counts, checked: checked, err: err}
	}
}

func (m *statusBar) onCounts(msg statusCountsMsg) {
	if msg.req != m.req {
		return
	}
	m.req = 0
	if msg.err != nil {
		m.countErr = msg.err
		return
	}
	m.countErr = nil
	m.loaded = true
	m.checked = msg.checked
	// Copy: the map belongs to the reader.
	m.counts = make(map[tracker.Status]int, len(msg.counts))
	for k, v := range msg.counts {
		m.counts[k] = v
	}
}

func (m *statusBar) setRefresher(st tracker.RefresherState) {
	m.ref, m.hasRef = st, true
}

func (m *statusBar) say(text string, isErr bool) {
	m.msg, m.msgErr, m.msgTicks = Sanitize(text), isErr, messageTicks
}

func (m *statusBar) tick() {
	if m.msgTicks > 0 {
		m.msgTicks--
		if m.msgTicks == 0 {
			m.msg = ""
		}
	}
}

// countsView is "In transit 23 · Customs 3 · …" in the order a parcel
// moves through the statuses; zero counts are left out.
func (m *statusBar) countsView() string {
	st := m.c.styles
	if m.countErr != nil {
		return st.Error.Render("counts: " + Sanitize(m.countErr.Error()))
	}
	if !m.loaded {
		return st.Dim.Render("counting…")
	}
	var parts []string
	total := 0
	for _, s := range tracker.Statuses {
		n := m.counts[s]
		if n == 0 {
			continue
		}
		total += n
		parts = append(parts, st.StatusStyle(s).Render(s.Label())+" "+strconv.Itoa(n))
	}
	// The warnings come first: the status counts are long and get cut on
	// narrow screens, and orders to check are what a seller must act on.
	checks := ""
	if m.checked > 0 {
		checks = st.SeverityStyle(tracker.SeverityMedium).Render("⚠ "+strconv.Itoa(m.checked)+" orders to check") + st.Dim.Render(" · ")
	}
	if len(parts) == 0 {
		return checks + st.Dim.Render("no parcels")
	}
	return checks + st.Dim.Render(strconv.Itoa(total)+" parcels: ") + strings.Join(parts, st.Dim.Render(" · "))
}

// refresherView is the background refresher's state, short.
func (m *statusBar) refresherView() string {
	st := m.c.styles
	if !m.hasRef {
		if m.c.refresher == nil {
			return st.Dim.Render("refresher off")
		}
		return ""
	}
	r := m.ref
	// A service that cannot be asked matters more than whether a pass is
	// running: its parcels stop moving until someone acts or waits.
	clock := func(t time.Time) string { return t.In(m.c.now.Location()).Format("15:04") }
	lastOK := func(h tracker.ServiceHealth) string {
		if h.LastOK.IsZero() {
			return ""
		}
		return " · last ok " + clock(h.LastOK)
	}
	for _, h := range r.Services {
		switch h.State {
		case tracker.HealthStopped:
			return st.Error.Render(Sanitize(h.Service) + " stopped: " + Sanitize(h.Reason) + lastOK(h))
		case tracker.HealthPaused:
			return st.Busy.Render(Sanitize(h.Service) + " " + Sanitize(h.Reason) + " until " + clock(h.Until) + lastOK(h))
		}
	}
	if r.Running {
		return st.Busy.Render("⟳ refreshing…")
	}
	if r.Err != "" {
		return st.Error.Render("refresher: " + Sanitize(r.Err))
	}
	s := "idle"
	if !r.LastPass.IsZero() {
		s += " · last " + clock(r.LastPass)
	}
	if !r.NextPass.IsZero() {
		s += " · next " + clock(r.NextPass)
	}
	if !r.LastPass.IsZero() {
		s += " · " + strconv.Itoa(r.Last.Checked) + " checked/" + strconv.Itoa(r.Last.NewEvents) + " new"
	}
	return st.Dim.Render(s)
}

// View renders the status line: over SSH, who is working and as what;
// then counts (or, for a few seconds, a message such as the result of `r`)
// on the left, the refresher on the right.
func (m *statusBar) View(width int) string {
	right := m.refresherView()
	rw := widthOf(right)
	if rw > width/2 {
		right = cell(right, width/2)
		rw = widthOf(right)
	}
	left := m.messageView()
	if left == "" {
		left = m.countsView()
	}
	who := m.whoView()
	if ww := widthOf(who); ww > 0 && ww < width-rw-1 {
		left = who + " " + cell(left, max(0, width-rw-1-ww-1))
	}
	return cell(left, max(0, width-rw-1)) + " " + right
}

// whoView is the agent's name and role, "" in a local session.
func (m *statusBar) whoView() string {
	if m.c.actor.Role == "" {
		return ""
	}
	st := m.c.styles.Who
	if m.c.readOnly {
		st = m.c.styles.WhoViewer
	}
	name := Sanitize(m.c.actor.Name)
	if r := []rune(name); len(r) > 24 {
		name = string(r[:23]) + "…"
	}
	return st.Render(" " + name + " · " + string(m.c.actor.Role) + " ")
}

// messageView is the transient message, "" when there is none.
func (m *statusBar) messageView() string {
	if m.msg == "" {
		return ""
	}
	if m.msgErr {
		return m.c.styles.Error.Render(m.msg)
	}
	return m.c.styles.OK.Render(m.msg)
}
