package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

var (
	_ tracker.Reader = (*fakeReader)(nil)
	_ tracker.Triage = (*fakeReader)(nil)
)

// fixedNow is the clock of every test: a pinned time in UTC, so ages and
// timestamps on screen never depend on when or where the tests run.
var fixedNow = time.Date(2025, 6, 1, 14, 0, 0, 0, time.UTC)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// fakeReader is an in-memory tracker.Reader over a list kept in display
// order (ShippedAt descending, then ShipmentID descending). It records every
// list query so tests can check the keyset paging.
type fakeReader struct {
	mu         sync.Mutex
	rows       []tracker.ShipmentRow
	events     map[int64][]tracker.Event
	exceptions []tracker.ExceptionRow
	shippedAt  map[int64]time.Time
	etas       map[int64]time.Time // carrier ETAs, by shipment

	alerts       []tracker.Alert // newest first
	failedAlerts int
	watched      map[int64]bool                        // order ids
	checks       map[int64][]tracker.Check             // pre-shipment warnings, by shipment
	exLog        map[int64][]tracker.ExceptionLogEntry // by exception, oldest first
	orders       map[int64]tracker.OrderDetail         // what Order returns for an order id, when set

	queries   []tracker.ListQuery
	exQueries []tracker.ExceptionQuery
	calls     map[string]int
	timeline  []int64
	finds     []string
	triage    []recordedCall // every Triage call, in order
	failList  error
	failTri   error

	// The service's other fakes (fakeStore): cases (nil: none) and the
	// writer of orders (nil: one over this reader, made when first used).
	cases  *fakeCases
	writer *fakeWriter
}

// recordedCall records one call of the fake's tracker.Triage side.
type recordedCall struct {
	method string
	ids    []int64
	actor  string
	now    time.Time
	until  time.Time // Snooze
	owner  string    // Assign
	on     bool      // SetWatch
	reason string    // Resolve
}

// newFakeReader makes n shipments, two per shipping hour (so cursors with
// equal times are exercised), newest first; every tenth has an exception.
func newFakeReader(n int) *fakeReader {
	f := &fakeReader{events: map[int64][]tracker.Event{}, calls: map[string]int{}, shippedAt: map[int64]time.Time{},
		watched: map[int64]bool{}}
	statuses := []tracker.Status{tracker.StatusInTransit, tracker.StatusDelivered, tracker.StatusCustoms,
		tracker.StatusOutForDelivery, tracker.StatusPending}
	for i := 0; i < n; i++ {
		id := int64(n - i)
		shipped := fixedNow.Add(-time.Duration(i/2+1) * time.Hour)
		st := statuses[i%len(statuses)]
		r := tracker.ShipmentRow{
			ShipmentID:  id,
			OrderID:     id,
			OrderNo:     fmt.Sprintf("WB-%05d", id),
			Buyer:       fmt.Sprintf("Buyer %d", id),
			TrackingNo:  fmt.Sprintf("LP%09dCN", id),
			Carrier:     "china-post",
			Destination: []string{"DE", "FR", "US", "JP"}[i%4],
			Status:      st,
			ShippedAt:   shipped,
			LastEventAt: shipped.Add(30 * time.Minute),
		}
		if i%10 == 3 {
			r.Exceptions = []tracker.ExceptionKind{tracker.ExStale, tracker.ExLost}
			f.exceptions = append(f.exceptions, tracker.ExceptionRow{
				Exception: tracker.Exception{ID: id, ShipmentID: id, Kind: tracker.ExLost,
					Severity: tracker.SeverityCritical, State: tracker.ExOpen,
					Detail: "no update for 31 days: presumed lost", OpenedAt: fixedNow.Add(-26 * time.Hour)},
				OrderID: r.OrderID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
				Destination: r.Destination, ShippedAt: shipped,
			})
		}
		f.rows = append(f.rows, r)
		f.shippedAt[id] = shipped
		f.events[id] = []tracker.Event{
			{ID: id*10 + 2, ShipmentID: id, Time: shipped.Add(30 * time.Minute), Status: st,
				Location: "Frankfurt, DE", Description: "Arrived at sorting centre"},
			{ID: id*10 + 1, ShipmentID: id, Time: shipped, Status: tracker.StatusInfoReceived,
				Location: "Shenzhen, CN", Description: "Shipping information received"},
		}
	}
	return f
}

// before reports whether a comes before the cursor position c in display order.
func before(r tracker.ShipmentRow, c tracker.Cursor) bool {
	if !r.ShippedAt.Equal(c.ShippedAt) {
		return r.ShippedAt.After(c.ShippedAt)
	}
	return r.ShipmentID > c.ShipmentID
}

func (f *fakeReader) ListShipments(ctx context.Context, q tracker.ListQuery) ([]tracker.ShipmentRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	qc := q
	if q.Cursor != nil {
		c := *q.Cursor
		qc.Cursor = &c
	}
	f.queries = append(f.queries, qc)
	f.calls["list"]++
	if f.failList != nil {
		return nil, f.failList
	}
	if q.Limit <= 0 {
		return nil, errors.New("fake: unbounded list read")
	}
	rows := f.rows
	if q.Query != "" {
		rows = nil
		for _, r := range f.rows {
			if fakeMatches(r, q.Query) {
				rows = append(rows, r)
			}
		}
	}
	var out []tracker.ShipmentRow
	if q.Dir == tracker.Forward {
		for _, r := range rows {
			if q.Cursor == nil || (!before(r, *q.Cursor) && tracker.CursorOf(r) != *q.Cursor) {
				out = append(out, r)
				if len(out) == q.Limit {
					break
				}
			}
		}
	} else {
		for i := len(rows) - 1; i >= 0; i-- {
			r := rows[i]
			if q.Cursor == nil || before(r, *q.Cursor) {
				out = append(out, r)
				if len(out) == q.Limit {
					break
				}
			}
		}
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	// Hand out copies, as a real store would.
	cp := make([]tracker.ShipmentRow, len(out))
	copy(cp, out)
	return cp, nil
}

func (f *fakeReader) CountShipments(ctx context.Context, status tracker.Status) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["count"]++
	return len(f.rows), nil
}

func (f *fakeReader) CountMatchingUpTo(ctx context.Context, status tracker.Status, query string, limit int) (int, error) {
	n, err := f.CountMatching(ctx, status, query)
	return min(n, limit+1), err
}

func (f *fakeReader) CountMatching(ctx context.Context, status tracker.Status, query string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["count"]++
	n := 0
	for _, r := range f.rows {
		if fakeMatches(r, query) {
			n++
		}
	}
	return n, nil
}

// fakeMatches is the store's filter in a few lines: each word of query
// begins a word of one of the row's fields, ignoring case.
func fakeMatches(r tracker.ShipmentRow, query string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	}
	var words []string
	for _, f := range []string{r.OrderNo, r.TrackingNo, r.Buyer, r.Destination, r.Carrier, string(r.Status)} {
		words = append(words, split(f)...)
	}
	for _, q := range split(query) {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q) }) {
			return false
		}
	}
	return true
}

func (f *fakeReader) Position(ctx context.Context, status tracker.Status, c tracker.Cursor) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["position"]++
	for i, r := range f.rows {
		if r.ShipmentID == c.ShipmentID {
			return i, nil
		}
	}
	return 0, tracker.ErrNotFound
}

func (f *fakeReader) Timeline(ctx context.Context, id int64, limit int) ([]tracker.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["timeline"]++
	f.timeline = append(f.timeline, id)
	ev := f.events[id]
	if limit > 0 && len(ev) > limit {
		ev = ev[:limit]
	}
	return append([]tracker.Event(nil), ev...), nil
}

// matches applies an ExceptionQuery's filters (Kinds only when withKinds)
// as the store does.
func matches(r tracker.ExceptionRow, q tracker.ExceptionQuery, withKinds bool) bool {
	switch {
	case q.View != tracker.ViewQueue:
		if !fakeInView(r, q) {
			return false
		}
	case r.State == tracker.ExResolved:
		return false
	case r.State == tracker.ExSnoozed && (q.Now.IsZero() || r.SnoozedUntil.After(q.Now)):
		return false
	}
	if withKinds && len(q.Kinds) > 0 && !containsKind(q.Kinds, r.Kind) {
		return false
	}
	eq := strings.EqualFold
	switch {
	case q.Carrier != "" && !eq(q.Carrier, r.Carrier),
		q.Destination != "" && !eq(q.Destination, r.Destination),
		q.Owner == tracker.OwnerNone && r.Owner != "",
		q.Owner != "" && q.Owner != tracker.OwnerNone && !eq(q.Owner, r.Owner):
		return false
	}
	return true
}

func (f *fakeReader) OpenExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["exceptions"]++
	f.exQueries = append(f.exQueries, q)
	var out []tracker.ExceptionRow
	for _, r := range f.exceptions {
		if matches(r, q, true) {
			if r.State == tracker.ExSnoozed {
				r.State = tracker.ExOpen // the snooze is over
			}
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Severity > out[b].Severity })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeReader) ExceptionCounts(ctx context.Context, q tracker.ExceptionQuery) (map[tracker.ExceptionKind]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["exception counts"]++
	out := map[tracker.ExceptionKind]int{}
	for _, r := range f.exceptions {
		if matches(r, q, false) {
			out[r.Kind]++
		}
	}
	return out, nil
}

func (f *fakeReader) AlertFailures(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failedAlerts, nil
}

func (f *fakeReader) Alerts(ctx context.Context, limit int) ([]tracker.Alert, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["alerts"]++
	unread := 0
	for _, a := range f.alerts {
		if a.ReadAt.IsZero() {
			unread++
		}
	}
	out := append([]tracker.Alert(nil), f.alerts...)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, unread, nil
}

func (f *fakeReader) Watched(ctx context.Context, orderID int64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["watched"]++
	return f.watched[orderID], nil
}

// The fake's tracker.Triage side records each call and changes its rows as
// the store would, so the screen's re-read shows the result.

func (f *fakeReader) change(call recordedCall, apply func(r *tracker.ExceptionRow) bool) (tracker.Triaged, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	call.ids = append([]int64(nil), call.ids...)
	f.triage = append(f.triage, call)
	if f.failTri != nil {
		return tracker.Triaged{}, f.failTri
	}
	t := tracker.Triaged{Action: fakeLogAction(call.method)}
	for i := range f.exceptions {
		r := &f.exceptions[i]
		before := fakeTriageState(*r)
		if slices.Contains(call.ids, r.ID) && r.State != tracker.ExResolved && apply(r) {
			t.Changed++
			t.Changes = append(t.Changes, tracker.TriageChange{ID: r.ID, ShipmentID: r.ShipmentID, Before: before, After: fakeTriageState(*r)})
			f.logChange(r.ID, call.actor, t.Action, call.now, call.reason)
			if !slices.Contains(t.Shipments, r.ShipmentID) {
				t.Shipments = append(t.Shipments, r.ShipmentID)
			}
		}
	}
	return t, nil
}

func (f *fakeReader) Acknowledge(ctx context.Context, ids []int64, actor string, now time.Time) (tracker.Triaged, error) {
	return f.change(recordedCall{method: "Acknowledge", ids: ids, actor: actor, now: now}, func(r *tracker.ExceptionRow) bool {
		if r.State == tracker.ExAcknowledged {
			return false
		}
		r.State = tracker.ExAcknowledged
		return true
	})
}

func (f *fakeReader) Snooze(ctx context.Context, ids []int64, until time.Time, actor string, now time.Time) (tracker.Triaged, error) {
	return f.change(recordedCall{method: "Snooze", ids: ids, actor: actor, now: now, until: until}, func(r *tracker.ExceptionRow) bool {
		r.State, r.SnoozedUntil = tracker.ExSnoozed, until
		return true
	})
}

func (f *fakeReader) Assign(ctx context.Context, ids []int64, owner, actor string, now time.Time) (tracker.Triaged, error) {
	return f.change(recordedCall{method: "Assign", ids: ids, actor: actor, now: now, owner: owner}, func(r *tracker.ExceptionRow) bool {
		if r.Owner == owner {
			return false
		}
		r.Owner = owner
		return true
	})
}

func (f *fakeReader) Resolve(ctx context.Context, ids []int64, reason, actor string, now time.Time) (tracker.Triaged, error) {
	return f.change(recordedCall{method: "Resolve", ids: ids, actor: actor, now: now, reason: reason}, func(r *tracker.ExceptionRow) bool {
		r.State, r.ClosedAt, r.ResolvedBy = tracker.ExResolved, now, actor
		return true
	})
}

func (f *fakeReader) SetWatch(ctx context.Context, orderID int64, on bool, who string, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.triage = append(f.triage, recordedCall{method: "SetWatch", ids: []int64{orderID}, actor: who, now: now, on: on})
	if f.failTri != nil {
		return f.failTri
	}
	f.watched[orderID] = on
	for i := range f.rows {
		if f.rows[i].OrderID == orderID {
			f.rows[i].Watched = on
		}
	}
	return nil
}

func (f *fakeReader) MarkAlertsRead(ctx context.Context, ids []int64, now time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.triage = append(f.triage, recordedCall{method: "MarkAlertsRead", ids: append([]int64(nil), ids...), now: now})
	n := 0
	for i := range f.alerts {
		if slices.Contains(ids, f.alerts[i].ID) && f.alerts[i].ReadAt.IsZero() {
			f.alerts[i].ReadAt = now
			n++
		}
	}
	return n, nil
}

// ShipmentETA is the carrier's ETA while it lies ahead, as
// tracker.EstimateETA gives it when the carrier has one.
func (f *fakeReader) ShipmentETA(ctx context.Context, id int64, now time.Time) (tracker.ETA, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	eta, ok := f.etas[id]
	if !ok || eta.Before(now) {
		return tracker.ETA{}, false, nil
	}
	return tracker.ETA{Date: eta, From: eta, To: eta, Source: tracker.ETAFromCarrier, Basis: "carrier's estimate"}, true, nil
}

func (f *fakeReader) triageCalls() []recordedCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedCall(nil), f.triage...)
}

func (f *fakeReader) exceptionQueries() []tracker.ExceptionQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]tracker.ExceptionQuery(nil), f.exQueries...)
}

func (f *fakeReader) CountChecked(ctx context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["checked"]++
	return len(f.checks), nil
}

func (f *fakeReader) ShipmentChecks(ctx context.Context, shipmentID int64) ([]tracker.Check, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["checks"]++
	return append([]tracker.Check(nil), f.checks[shipmentID]...), nil
}

func (f *fakeReader) StatusCounts(ctx context.Context) (map[tracker.Status]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["counts"]++
	out := map[tracker.Status]int{}
	for _, r := range f.rows {
		out[r.Status]++
	}
	return out, nil
}

func (f *fakeReader) FindOrder(ctx context.Context, key string, withEvents bool) (tracker.OrderDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["find"]++
	f.finds = append(f.finds, key)
	for _, r := range f.rows {
		if r.TrackingNo == key || r.OrderNo == key {
			return tracker.OrderDetail{
				Order: tracker.Order{ID: r.OrderID, OrderNo: r.OrderNo, Buyer: r.Buyer, Country: r.Destination,
					Email: fmt.Sprintf("buyer%d@example.com", r.OrderID), Phone: "+49 30 1234567"},
				Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{
					ID: r.ShipmentID, OrderID: r.OrderID, TrackingNo: r.TrackingNo, ShippedAt: f.shippedAt[r.ShipmentID],
					Carrier: r.Carrier, Destination: r.Destination, Status: r.Status, LastEventAt: r.LastEventAt,
					ETA: f.etas[r.ShipmentID],
				}}},
			}, nil
		}
	}
	return tracker.OrderDetail{}, tracker.ErrNotFound
}

// Order is the order of the list rows with that order id (the service's
// store reads it too), or the one a test put in orders.
func (f *fakeReader) Order(ctx context.Context, id int64) (tracker.OrderDetail, error) {
	f.mu.Lock()
	f.calls["order"]++
	if d, ok := f.orders[id]; ok {
		f.mu.Unlock()
		return d, nil
	}
	no := ""
	for _, r := range f.rows {
		if r.OrderID == id {
			no = r.OrderNo
		}
	}
	f.mu.Unlock()
	if no == "" {
		return tracker.OrderDetail{}, fmt.Errorf("order %d: %w", id, tracker.ErrNotFound)
	}
	return f.FindOrder(ctx, no, false)
}

func (f *fakeReader) ListOrders(ctx context.Context, status tracker.Status) ([]tracker.OrderDetail, error) {
	return nil, errors.New("fake: ListOrders reads everything; the screen must not call it")
}

func (f *fakeReader) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = nil
	f.exQueries = nil
	f.triage = nil
	f.calls = map[string]int{}
	f.timeline = nil
	f.finds = nil
}

func (f *fakeReader) listQueries() []tracker.ListQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]tracker.ListQuery(nil), f.queries...)
}

func (f *fakeReader) count(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

// fakeRefresher records RefreshNow calls.
type fakeRefresher struct {
	mu    sync.Mutex
	ids   []int64
	err   error
	sum   tracker.ApplySummary
	state tracker.RefresherState
}

func (r *fakeRefresher) RefreshNow(ctx context.Context, id int64) (tracker.ApplySummary, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, id)
	return r.sum, r.err
}

func (r *fakeRefresher) State() tracker.RefresherState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

func (r *fakeRefresher) calls() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int64(nil), r.ids...)
}

// noService hides the fake's writes: a session over it has no service, as
// one given only a tracker.Reader.
type noService struct{ tracker.Reader }

// harness drives an App without a terminal: it runs each tea.Cmd, feeds
// its message to Update and follows the commands that returns, until
// nothing is left. A command that waits for the outside world (the hub
// wait, a timer: waitsOutside) is parked and its message delivered when it
// comes; every other command is waited for, however long a busy machine
// takes. It used to park any command slower than 100 ms, so under load
// (> 10) a store read was parked and the screen asserted on before it came
// (TestEveryPaneStripsEachAttack, TestCasesViewFilters flaked).
type harness struct {
	t      testing.TB
	app    *App
	parked []chan tea.Msg
	quit   bool
}

func newHarness(t testing.TB, opts Options, w, h int) *harness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = fixedClock{fixedNow}
	}
	// A session over a fake reader does its actions through the real
	// service over the fakes; a reader of another type has no service.
	if f, ok := opts.Reader.(*fakeReader); ok && opts.Service == nil {
		opts.Service = testService(f, opts.Clock, opts.Hub, opts.ETA)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a := newApp(ctx, opts)
	a.tickEvery = 0 // no wall-clock ticks in model tests
	hs := &harness{t: t, app: a}
	hs.run(a.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		if msg, ok := h.answer(c, ch); ok {
			queue = append(queue, h.handle(msg)...)
		} else {
			h.parked = append(h.parked, ch)
		}
		if len(queue) == 0 {
			// A slow command may have answered since it was parked.
			for i := 0; i < len(h.parked); i++ {
				select {
				case msg := <-h.parked[i]:
					h.parked = append(h.parked[:i], h.parked[i+1:]...)
					queue = append(queue, h.handle(msg)...)
					i--
				default:
				}
			}
		}
	}
}

// outsideWaits matches the commands that wait for something outside the
// session, by the name of the function behind them (cmdName): the hub
// wait, and Bubble Tea's timers (the exact count's pause). They may never
// answer, so run parks them. Any other command is work (a read, a write, a
// bundle) that answers once done. The name of an inlined closure carries
// its caller's in front ("waybill/ui.newHarness.(*App).wait.func1"), so
// only its end is matched.
var outsideWaits = regexp.MustCompile(`(\(\*App\)\.wait|[./](Tick|Every))\.func\d+$`)

// waitsOutside reports whether c is one of outsideWaits.
func waitsOutside(c tea.Cmd) bool { return outsideWaits.MatchString(cmdName(c)) }

// cmdName is the function behind a command, e.g. "waybill/ui.(*App).wait.func1".
func cmdName(c tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(c).Pointer()); f != nil {
		return f.Name()
	}
	return "?"
}

// hangGuard bounds every wait of the screen's tests for a condition (a
// command's answer, a screen, a stored row, a program's end): it guards a
// hang, it is not a time the thing is expected to take. 5 s guards ran out
// at load 10 (TestGoldenChineseEditForm); a passing test never waits it.
const hangGuard = 2 * time.Minute

// answer waits for c's message on ch. A command that waits outside gets a
// moment (a notice already published answers at once) and is then parked
// (ok false); any other is waited for until it answers.
func (h *harness) answer(c tea.Cmd, ch chan tea.Msg) (msg tea.Msg, ok bool) {
	h.t.Helper()
	if waitsOutside(c) {
		select {
		case msg := <-ch:
			return msg, true
		case <-time.After(100 * time.Millisecond):
			return nil, false
		}
	}
	select {
	case msg := <-ch:
		return msg, true
	case <-time.After(hangGuard):
		h.t.Fatalf("command %s did not answer in %v: if it waits for the outside world, add it to outsideWaits", cmdName(c), hangGuard)
		return nil, false
	}
}

func (h *harness) handle(msg tea.Msg) []tea.Cmd {
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		return []tea.Cmd(m)
	case tea.QuitMsg:
		h.quit = true
		return nil
	}
	_, cmd := h.app.Update(msg)
	return []tea.Cmd{cmd}
}

// send delivers a message as the program would and runs what follows.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.app.Update(msg)
	h.run(cmd)
}

// awaitParked waits for one parked command (the hub wait) to answer.
func (h *harness) awaitParked() {
	h.t.Helper()
	deadline := time.After(hangGuard)
	for {
		for i, ch := range h.parked {
			select {
			case msg := <-ch:
				h.parked = append(h.parked[:i], h.parked[i+1:]...)
				h.run(func() tea.Msg { return msg })
				return
			default:
			}
		}
		select {
		case <-deadline:
			h.t.Fatal("no parked command answered")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// awaitScreen runs parked commands as they answer until the screen shows
// want: for a command that does real work (a bundle reads a 4 MB font),
// which may answer within run's wait or be parked. d guards a hang, not
// a time.
func (h *harness) awaitScreen(want string, d time.Duration) {
	h.t.Helper()
	deadline := time.After(d)
	for !strings.Contains(screen(h), want) {
		for i, ch := range h.parked {
			select {
			case msg := <-ch:
				h.parked = append(h.parked[:i], h.parked[i+1:]...)
				h.run(func() tea.Msg { return msg })
			default:
				continue
			}
			break
		}
		select {
		case <-deadline:
			h.t.Fatalf("the screen never showed %q:\n%s", want, screen(h))
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// press sends keys by name: "j", "G", "tab", "shift+tab", "pgdown", "enter".
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(KeyPress(k))
	}
}

func (h *harness) view() string { return h.app.View().Content }

// typeText types s one key at a time, as a person would.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}
