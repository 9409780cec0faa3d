package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// countingConnector counts what the writer's connections send to the
// engine: every statement run (Exec or Query, prepared or not), every
// prepare, BEGIN, COMMIT and ROLLBACK. On PostgreSQL each is at least one
// round trip to the server, which on a busy machine waits for both
// processes to be scheduled: a count that the load does not move.
type countingConnector struct {
	driver.Connector
	mu   sync.Mutex
	sent map[string]int // by what: "exec UPDATE shipments", "prepare", "begin" …
}

func (c *countingConnector) add(what string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sent == nil {
		c.sent = map[string]int{}
	}
	c.sent[what]++
}

// take returns what was sent since the last take, and forgets it.
func (c *countingConnector) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.sent
	c.sent = nil
	return out
}

// statementHead names a statement by its first words: the verb and table.
func statementHead(q string) string {
	f := strings.Fields(q)
	switch {
	case len(f) == 0:
		return ""
	case len(f) >= 3 && strings.EqualFold(f[0], "INSERT"):
		return f[0] + " " + f[2]
	case len(f) >= 2 && strings.EqualFold(f[0], "UPDATE"):
		return f[0] + " " + f[1]
	case len(f) >= 3 && strings.EqualFold(f[0], "DELETE"):
		return f[0] + " " + f[2]
	}
	if i := slices.IndexFunc(f, func(w string) bool { return strings.EqualFold(w, "FROM") }); i >= 0 && i+1 < len(f) {
		return f[0] + " … FROM " + strings.Join(f[i+1:min(i+4, len(f))], " ")
	}
	return f[0]
}

func (c *countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: cn, c: c}, nil
}

type countingConn struct {
	driver.Conn
	c *countingConnector
}

func (cc *countingConn) Prepare(q string) (driver.Stmt, error) {
	return cc.PrepareContext(context.Background(), q)
}

func (cc *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	cc.c.add("prepare")
	var st driver.Stmt
	var err error
	if p, ok := cc.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, q)
	} else {
		st, err = cc.Conn.Prepare(q)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, c: cc.c, head: statementHead(q)}, nil
}

func (cc *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := cc.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip // database/sql prepares it, and the statement counts
	}
	res, err := e.ExecContext(ctx, q, args)
	if err != driver.ErrSkip && q != noteChangedSQL { // noteChangedSQL is a note to pgConn, never sent
		cc.c.add("exec " + statementHead(q))
	}
	return res, err
}

func (cc *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := cc.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := qc.QueryContext(ctx, q, args)
	if err != driver.ErrSkip {
		cc.c.add("query " + statementHead(q))
	}
	return rows, err
}

func (cc *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	cc.c.add("begin")
	var tx driver.Tx
	var err error
	if b, ok := cc.Conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = cc.Conn.Begin() //nolint:staticcheck // the driver has nothing else
	}
	if err != nil {
		return nil, err
	}
	return countingTx{Tx: tx, c: cc.c}, nil
}

func (cc *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := cc.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (cc *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := cc.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (cc *countingConn) IsValid() bool {
	if v, ok := cc.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (cc *countingConn) Ping(ctx context.Context) error {
	if p, ok := cc.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

type countingTx struct {
	driver.Tx
	c *countingConnector
}

func (t countingTx) Commit() error   { t.c.add("commit"); return t.Tx.Commit() }
func (t countingTx) Rollback() error { t.c.add("rollback"); return t.Tx.Rollback() }

type countingStmt struct {
	driver.Stmt
	c    *countingConnector
	head string
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.add("exec " + s.head)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return nil, fmt.Errorf("statement %s takes no context", s.head)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.add("query " + s.head)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	return nil, fmt.Errorf("statement %s takes no context", s.head)
}

func (s *countingStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// openCounted is openTest with the writer's statements counted.
func openCounted(t testing.TB) (*DB, *countingConnector) {
	t.Helper()
	counter := &countingConnector{}
	db := openTest(t, func(o *pgOptions) {
		o.wrapWriter = func(c driver.Connector) driver.Connector {
			counter.Connector = c
			return counter
		}
	})
	counter.take()
	return db, counter
}

func sentCount(sent map[string]int) int {
	n := 0
	for _, v := range sent {
		n += v
	}
	return n
}

func describeSent(sent map[string]int) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(sent)) {
		fmt.Fprintf(&b, "\n  %4d %s", sent[k], k)
	}
	return b.String()
}

// A batch of new events sends as many statements to the engine for ten
// parcels as for a hundred and twenty (but for the event INSERTs, one per
// 128 events): each kind of write of a round (the parcels' saves and last
// miles, the exceptions opened and closed, their log, the outbox) is one
// statement for all its parcels. On PostgreSQL each statement is a round
// trip, and ingest was bound by them: some 450 statements a batch of 100
// parcels, 274-361 ms on a loaded machine where SQLite took 40 ms, with
// about 100 ms of it in the server (README, On PostgreSQL).
func TestApplyStatementsDoNotGrowWithTheBatch(t *testing.T) {
	db, counter := openCounted(t)
	ctx := context.Background()
	const small, large, newEach = 10, 120, 3
	orders := demoOrders(small+large, 4) // every fifth with stale and lost open
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	p := alertPolicy()
	now := t0.Add(day)
	// Every third order watched: its parcel's new events alert.
	for i := 0; i < small+large; i += 3 {
		if err := db.SetWatch(ctx, int64(i+1), true, "ana", now); err != nil {
			t.Fatal(err)
		}
	}
	// The parcels of a batch: each brings new events, a customs hold
	// among them (an exception opened, logged and alerted on every
	// channel that wants it), some a damaged parcel, some a new last
	// mile; every fifth has a stale exception that the new events close.
	batch := func(from, n int) []tracker.Update {
		us := make([]tracker.Update, n)
		for k := range us {
			i := from + k
			shipped := orders[i].Shipments[0].ShippedAt
			u := tracker.Update{ShipmentID: int64(i + 1), Err: fmt.Sprintf("note %d", i)}
			for j := 4; j < 4+newEach; j++ {
				u.Events = append(u.Events, scan(shipped, j))
			}
			held := event(shipped.Add(8*time.Hour), tracker.StatusCustoms, "held by customs")
			held.Exception = tracker.ExCustoms
			u.Events = append(u.Events, held)
			if i%3 == 1 { // damaged: the carrier's claim clock starts (a deadline, logged)
				hurt := event(shipped.Add(9*time.Hour), tracker.StatusInTransit, "parcel damaged")
				hurt.Exception = tracker.ExDamaged
				u.Events = append(u.Events, hurt)
			}
			if i%2 == 0 {
				u.LastMile = tracker.LastMile{TrackingNo: fmt.Sprintf("1Z%08d", i), Carrier: "ups"}
			}
			us[k] = u
		}
		return us
	}
	counter.take()
	apply := func(from, n int) (map[string]int, tracker.ApplySummary) {
		t.Helper()
		sum, err := db.ApplyUpdates(ctx, now, p, batch(from, n))
		if err != nil {
			t.Fatal(err)
		}
		return counter.take(), sum
	}
	apply(0, 1) // prepares the applier's statements once, as every batch after the first finds them
	sentSmall, sumSmall := apply(1, small-1)
	sentLarge, sumLarge := apply(small, large)
	for _, c := range []struct {
		n   int
		sum tracker.ApplySummary
	}{{small - 1, sumSmall}, {large, sumLarge}} {
		// What the batch is meant to exercise happened.
		if c.sum.Checked != c.n || c.sum.NewEvents < c.n*(newEach+1) || c.sum.Opened < c.n || c.sum.Closed == 0 {
			t.Fatalf("batch of %d: %+v, want every parcel checked with %d new events and a customs hold opened, stale ones closed",
				c.n, c.sum, newEach+1)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE key LIKE 'watch-%'`); n == 0 {
		t.Fatal("no watch alert: the batch does not exercise them")
	}
	if n := count(t, db, `SELECT count(*) FROM deadlines WHERE kind = 'carrier_claim'`); n < large/3 {
		t.Fatalf("%d carrier claim deadlines: the batch does not exercise them", n)
	}
	if n := count(t, db, `SELECT count(*) FROM shipments WHERE last_mile_no != ''`); n == 0 {
		t.Fatal("no last mile saved: the batch does not exercise it")
	}

	// The event INSERTs go in up to 128 rows a statement: for the large
	// batch's 480 events, 3 of 128 and some smaller ones.
	eventInserts := func(sent map[string]int) int { return sent["exec INSERT events"] }
	others := func(sent map[string]int) int { return sentCount(sent) - eventInserts(sent) }
	maxInserts := large*(newEach+1)/maxInsertRows + bits.Len(uint(maxInsertRows))
	if others(sentLarge) > others(sentSmall) || eventInserts(sentLarge) > maxInserts {
		t.Errorf("a batch of %d parcels sent %d statements, of %d parcels %d: want as many but for the event INSERTs (at most %d)\n%d parcels:%s\n%d parcels:%s",
			large, sentCount(sentLarge), small-1, sentCount(sentSmall), maxInserts, small-1, describeSent(sentSmall), large, describeSent(sentLarge))
	}
	t.Logf("statements of a batch of %d parcels: %d; of %d: %d%s", small-1, sentCount(sentSmall), large, sentCount(sentLarge), describeSent(sentLarge))
}
