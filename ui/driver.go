package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Driver runs one session's model without a terminal, the way the program
// would: every command in its own goroutine, every message back through
// Update, View after each. `waybill bench` measures the screen with it.
// Options.Hub and Refresher are best left nil: their waits never end, and
// a Driver waits for every command it started.
type Driver struct {
	a       *App
	msgs    chan tea.Msg
	pending int
}

// NewDriver makes a session of w×h cells. Its clock does not tick.
func NewDriver(ctx context.Context, opts Options, w, h int) *Driver {
	a := newApp(ctx, opts)
	a.tickEvery = 0
	return &Driver{a: a, msgs: make(chan tea.Msg, 64)}
}

// Start sends Init and the window size and runs what follows until every
// read has answered: the first complete frame, which it returns.
func (d *Driver) Start(w, h int) string {
	d.run(d.a.Init())
	d.update(tea.WindowSizeMsg{Width: w, Height: h})
	d.settle()
	return d.View()
}

// StartFirst is Start until the first frame is complete (firstFrameShown):
// what fills in after it (the timeline's ETA) is left running, and the
// next Key or Settle takes its answer. It returns the frame.
func (d *Driver) StartFirst(w, h int) string {
	d.run(d.a.Init())
	d.update(tea.WindowSizeMsg{Width: w, Height: h})
	for d.pending > 0 && !d.a.firstFrameShown() {
		d.next()
	}
	return d.View()
}

// Settle waits for every read still running, e.g. the fill-ins StartFirst
// left, and renders the frame they lead to.
func (d *Driver) Settle() string {
	d.settle()
	return d.View()
}

// firstFrameShown reports whether the first screen is complete: the
// orders page and its count, the queue and its counts, the alerts, the
// status bar's counts and the selected parcel's events. The ETA of the
// timeline fills in after (timelineModel.fetchETA).
func (a *App) firstFrameShown() bool {
	o := a.orders
	return a.lay.width > 0 && o.loaded && o.winReq == 0 && o.totalKnown &&
		a.exceptions.loaded && a.exceptions.req == 0 &&
		a.alerts.loaded && a.alerts.req == 0 &&
		a.status.loaded && a.status.req == 0 &&
		a.timeline.req == 0 && a.timeline.loadedID == o.selectedID()
}

// Key handles one key press and renders the frame it leads to, and returns
// how long Update and View took. What the key started (reads) runs after,
// untimed, to its end.
func (d *Driver) Key(k tea.KeyPressMsg) time.Duration {
	start := time.Now()
	_, cmd := d.a.Update(k)
	_ = d.a.View()
	took := time.Since(start)
	d.run(cmd)
	d.settle()
	return took
}

// KeyUntilShown handles one key press of the orders pane and returns how
// long it took until the screen showed what it asked for: Update, the reads
// it started, the messages they answered with, and the frame after. Shown
// means the orders page, its count (capped while typing: ordercount.go) and
// the selected parcel's events; what comes later (the exact count after a
// pause, the ETA) is left running, and the next key or Settle takes it.
func (d *Driver) KeyUntilShown(k tea.KeyPressMsg) time.Duration {
	start := time.Now()
	d.update(k)
	for d.pending > 0 && !d.a.ordersShown() {
		d.next()
	}
	_ = d.View()
	return time.Since(start)
}

// ordersShown reports whether the orders pane shows what was last asked
// of it: its page, its count and the selected parcel's events.
func (a *App) ordersShown() bool {
	o := a.orders
	return o.winReq == 0 && o.totalKnown && a.timeline.req == 0 && a.timeline.loadedID == o.selectedID()
}

// View renders the current frame.
func (d *Driver) View() string { return d.a.View().Content }

// Rows is how many orders rows the session holds (its window, not the list).
func (d *Driver) Rows() int { return len(d.a.orders.rows) }

// Matches is the orders total the pane shows: all, or what the filter
// matches (countCap while only a capped count is known); -1 until it is
// known.
func (d *Driver) Matches() int {
	if !d.a.orders.totalKnown {
		return -1
	}
	return d.a.orders.total
}

func (d *Driver) update(msg tea.Msg) {
	_, cmd := d.a.Update(msg)
	d.run(cmd)
}

// run starts cmd; a batch's commands start one by one.
func (d *Driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.pending++
	go func() { d.msgs <- cmd() }()
}

// settle feeds answers to Update until no command is left running.
func (d *Driver) settle() {
	for d.pending > 0 {
		d.next()
	}
}

// next feeds one answer to Update.
func (d *Driver) next() {
	msg := <-d.msgs
	d.pending--
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c)
		}
	case tea.QuitMsg:
	default:
		d.update(m)
	}
}
