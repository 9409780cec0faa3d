package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"waybill/tracker"
)

// ApplyUpdates writes a batch of check results in one transaction: new events
// (deduplicated by tracker.Event.Key), each shipment's status, last event,
// delivery and next check recomputed from its stored events, and the
// exceptions the rules want opened or closed. Each updated shipment's claim
// (ClaimDue) is released, and an update with Pushed set records now as the
// shipment's PushedAt.
//
// The batch is read and written set-wise: one query each loads the
// shipments, their stored event keys, what the rules read of their events
// and their open exceptions, new events go in with multi-row INSERTs, and
// each other kind of write is one statement for the round's parcels
// (applywrites.go). Statement overhead, not SQLite's b-trees, was what
// ingest spent its time on when each update ran its own dozen statements
// (BenchmarkApplyUpdates), and on PostgreSQL each statement is a round
// trip (TestApplyStatementsDoNotGrowWithTheBatch).
// Updates of the same shipment are applied in their order: a shipment's
// second update in a batch goes in a later round.
func (db *DB) ApplyUpdates(ctx context.Context, now time.Time, policy tracker.Policy, updates []tracker.Update) (tracker.ApplySummary, error) {
	sums, err := db.applyBatches(ctx, now, policy, [][]tracker.Update{updates})
	if err != nil {
		return tracker.ApplySummary{}, db.diskErr(err)
	}
	return sums[0], nil
}

// ApplyBatches applies several batches as ApplyUpdates applies one, all in
// one transaction, and returns each batch's summary. A batch's updates
// come after those of the batches before it, as if each had been applied
// on its own in turn. One commit for many batches is what a backlog of
// carrier answers calls for (tracker.Writer): a commit writes every page
// the transaction touched, and batches of the same minutes touch many of
// the same pages (the status and due indexes of shipments, the tails of
// the events indexes, the exception and outbox tables).
func (db *DB) ApplyBatches(ctx context.Context, now time.Time, policy tracker.Policy, batches [][]tracker.Update) ([]tracker.ApplySummary, error) {
	sums, err := db.applyBatches(ctx, now, policy, batches)
	return sums, db.diskErr(err)
}

// tagged is an update with the index of the batch it came in and the
// dedupe keys of its events, in their order (hashKeys).
type tagged struct {
	tracker.Update
	batch int
	keys  [][16]byte
}

func (db *DB) applyBatches(ctx context.Context, now time.Time, policy tracker.Policy, batches [][]tracker.Update) ([]tracker.ApplySummary, error) {
	sums := make([]tracker.ApplySummary, len(batches))
	updates := tagAll(batches)
	if len(updates) == 0 {
		return sums, nil
	}
	hashed := hashKeys(updates)
	// Built (or taken from the cache) before the write lock is held: it
	// reads history through the read pool.
	model, err := db.ETAModel(ctx, now, policy.ETA)
	if err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	stmts, err := db.applyStmts(ctx)
	if err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), classify(err))
	}
	// Beside other servers' ingest and triage on PostgreSQL (pgWriteLock):
	// all it reads and changes is its parcels' rows, locked first.
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	defer tx.Rollback()
	ids := make([]int64, len(updates))
	for i, u := range updates {
		ids[i] = u.ShipmentID
	}
	if err := db.lockShipments(ctx, tx, ids); err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	// The batch's statements run without ctx's end: for a context that
	// can end, the SQLite driver starts a goroutine per statement to
	// interrupt it, and a batch runs a hundred short ones (BenchmarkIngest
	// runs under such a context, as the commands do). Ending ctx still
	// ends the batch: database/sql rolls the transaction back when ctx
	// ends, and Commit fails; no statement here waits for a lock, the
	// transaction holds it from begin (on PostgreSQL, but for the turn
	// of the event inserts, which lock_timeout bounds).
	sctx := context.WithoutCancel(ctx)
	a, err := newApplier(sctx, tx, stmts, db.pg)
	if err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	defer a.close()
	a.eta = model
	a.hashed = hashed
	a.now = now
	seen := make([]map[int64]bool, len(batches))
	for _, round := range rounds(updates) {
		changed, err := a.applyRound(sctx, now, policy, round, sums)
		if cerr := ctx.Err(); cerr != nil {
			err = cerr // whatever failed, failed because the transaction was rolled back
		}
		if err != nil {
			return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
		}
		for _, c := range changed {
			if seen[c.batch] == nil {
				seen[c.batch] = map[int64]bool{}
			}
			if !seen[c.batch][c.id] {
				seen[c.batch][c.id] = true
				sums[c.batch].Changed = append(sums[c.batch].Changed, c.id)
			}
		}
	}
	// Other servers' screens learn of exactly what the refresher here
	// publishes (tracker.Refresher: each summary's Changed).
	var changed []int64
	for _, s := range sums {
		changed = append(changed, s.Changed...)
	}
	if err := db.noteChanged(sctx, tx, changed); err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("apply %d updates: %w", len(updates), classify(err))
	}
	return sums, nil
}

// change is a shipment a batch changed.
type change struct {
	id    int64
	batch int
}

// rounds splits a batch so that no round holds a shipment twice, keeping
// each shipment's updates in their order and the rounds' updates in the
// batch's order.
func rounds(updates []tagged) [][]tagged {
	n := map[int64]int{}
	var out [][]tagged
	for _, u := range updates {
		r := n[u.ShipmentID]
		n[u.ShipmentID]++
		if r == len(out) {
			out = append(out, nil)
		}
		out[r] = append(out[r], u)
	}
	return out
}

// applier holds the statements of ApplyUpdates, prepared once per batch.
type applier struct {
	tx                                      *sql.Tx
	load, keys, ruleView, openRead, save    *sql.Stmt
	saveKeep                                *sql.Stmt // save without the status
	openEx, closeEx, outbox, logEx, watched *sql.Stmt
	lastMiles                               *sql.Stmt
	inserts                                 map[int]*sql.Stmt // multi-row event inserts by row count
	prepared                                []*sql.Stmt       // see applyStmts
	args                                    []any             // insertChunk's, reused
	// w collects a round's writes, which flush sends (applywrites.go).
	w *roundWrites
	// anyWatch is whether any order is watched, read once per batch so
	// that without watches an update costs no lookup.
	anyWatch bool
	// eta feeds the overdue rule the history of similar parcels; nil
	// leaves it to promises and carrier estimates.
	eta *tracker.ETAModel
	// hashed is closed when every update's keys are in (hashKeys).
	hashed <-chan struct{}
	// now is the batch's clock, against which tracker.EventTimeDoubt
	// judges each event's time.
	now time.Time
}

// tagAll tags the updates of batches, in order, with room for their keys.
func tagAll(batches [][]tracker.Update) []tagged {
	var updates []tagged
	events := 0
	for _, us := range batches {
		for _, u := range us {
			events += len(u.Events)
		}
	}
	keys := make([][16]byte, events)
	for b, us := range batches {
		for _, u := range us {
			n := len(u.Events)
			updates = append(updates, tagged{Update: u, batch: b, keys: keys[:n:n]})
			keys = keys[n:]
		}
	}
	return updates
}

// alreadyHashed is a channel closed from the start: an applier's hashed
// until applyBatches hands it its own.
var alreadyHashed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// hashKeys fills in the dedupe key of every event of updates on another
// goroutine and returns a channel closed when it is done. The hashing
// (SHA-256 of each event) was a thirtieth of ingesting new parcels, and
// it needs nothing from the store, so it runs on a second core while the
// writer begins the transaction and reads the shipments.
func hashKeys(updates []tagged) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, u := range updates {
			for i := range u.Events {
				u.keys[i] = eventKey16(u.Events[i])
			}
		}
	}()
	return done
}

// The batch queries take their shipment ids as one JSON array (json_each),
// so one prepared statement serves any number of them.
//
// loadSQL reads each parcel with its order, and the demo flag from that
// order (shipmentColsJoined), not from a second lookup of it.
var loadSQL = `SELECT ` + shipmentColsJoined + `, ` + orderCols + ` FROM json_each(?) j
	CROSS JOIN shipments s ON s.id = j.value JOIN orders o ON o.id = s.order_id`

const (
	// keysSQL reads only the covering UNIQUE (shipment_id, key) index.
	keysSQL = `SELECT e.shipment_id, e.key FROM json_each(?) j CROSS JOIN events e ON e.shipment_id = j.value`
	// ruleViewSQL reads what tracker.Evaluate looks at: the events with a
	// carrier-reported problem, through the partial index events_problems,
	// and the newest event not dated after ?2 (tracker.LatestCounting: a
	// date far ahead must not hide the real newest), found among the
	// shipment's few dozen through the UNIQUE index (migration 0010 says
	// why no index orders them by time). The newest may come twice. Events
	// whose time cannot be right for other reasons (none, long before
	// shipping) are older still, and apply leaves them out
	// (tracker.CountingEvents).
	ruleViewSQL = `SELECT ` + eventCols + ` FROM json_each(?1) j CROSS JOIN events e ON e.shipment_id = j.value WHERE e.exception != ''
	UNION ALL SELECT ` + eventCols + ` FROM json_each(?1) j CROSS JOIN events e ON e.id =
		(SELECT x.id FROM events x WHERE x.shipment_id = j.value AND (x.time IS NULL OR x.time <= ?2) ORDER BY x.time DESC, x.id DESC LIMIT 1)`
	// openAllSQL reads the open exceptions, and those a person resolved,
	// whose resolution may still hold (sync).
	openAllSQL = `SELECT x.id, x.shipment_id, x.kind, x.source, x.closed_at FROM json_each(?) j
	CROSS JOIN exceptions x ON x.shipment_id = j.value WHERE x.closed_at IS NULL OR x.resolved_by != ''`
)

// applyQueries are the statements of ApplyUpdates, event inserts aside;
// the writes of a round are in applywrites.go.
var applyQueries = []string{loadSQL, keysSQL, ruleViewSQL, openAllSQL, saveManySQL, openManySQL, closeManySQL, outboxManySQL, logManySQL, watchedManySQL, saveKeepManySQL, saveLastMilesSQL}

// applyStmts returns the writer's prepared statements of ApplyUpdates,
// preparing them the first time: applyQueries, then the event inserts of
// 1, 2, 4 … maxInsertRows rows. Preparing them in every batch cost a
// fifteenth of ingest. It must run outside a transaction: preparing on the
// writer waits for its one connection.
func (db *DB) applyStmts(ctx context.Context) ([]*sql.Stmt, error) {
	db.applyMu.Lock()
	defer db.applyMu.Unlock()
	if db.applyPrepared != nil {
		return db.applyPrepared, nil
	}
	queries := slices.Clone(applyQueries)
	for n := 1; n <= maxInsertRows; n *= 2 {
		queries = append(queries, insertEventsSQL(n))
	}
	var out []*sql.Stmt
	for _, q := range queries {
		st, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			for _, st := range out {
				st.Close()
			}
			return nil, err
		}
		out = append(out, st)
	}
	db.applyPrepared = out
	return out, nil
}

// newApplier binds the prepared statements to tx; on the writer's one
// connection, tx.StmtContext finds them prepared already.
func newApplier(ctx context.Context, tx *sql.Tx, prepared []*sql.Stmt, pg bool) (*applier, error) {
	a := &applier{tx: tx, prepared: prepared, hashed: alreadyHashed, w: newRoundWrites(pg)}
	for i, st := range []**sql.Stmt{
		&a.load, &a.keys, &a.ruleView, &a.openRead, &a.save,
		&a.openEx, &a.closeEx, &a.outbox, &a.logEx, &a.watched, &a.saveKeep, &a.lastMiles,
	} {
		*st = tx.StmtContext(ctx, prepared[i])
	}
	if err := tx.QueryRowContext(ctx, anyWatchSQL).Scan(&a.anyWatch); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

func (a *applier) close() {
	for _, st := range []*sql.Stmt{a.load, a.keys, a.ruleView, a.openRead, a.save, a.openEx, a.closeEx, a.outbox, a.logEx, a.watched, a.saveKeep, a.lastMiles} {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range a.inserts {
		st.Close()
	}
}

// openRuleException is an open exception as sync needs it.
type openRuleException struct {
	id     int64
	kind   tracker.ExceptionKind
	source string
}

// heldKinds maps the kinds a person resolved on a shipment to the latest
// time they did (unix seconds).
type heldKinds map[tracker.ExceptionKind]int64

// shipState is what a round reads about one shipment before it writes.
type shipState struct {
	sh     tracker.Shipment
	order  tracker.Order
	stored map[[16]byte]bool // keys of stored events; nil when the update brings none
	// fresh is a shipment with no events stored before this round and
	// some in its update: what the rules read of its events is all in
	// the batch, and ruleViews need not read it back.
	fresh  bool
	rule   []tracker.Event // what the rules read, newest first
	open   []openRuleException
	held   heldKinds // nil when a person resolved none
	added  int
	newest tracker.Event // the newest added event, for a watch alert
	// latest is the newest added event not dated after
	// tracker.LatestCounting, when hasLatest is set: a fresh shipment's
	// newest in the rules' view, as readRuleViews reads it.
	latest    tracker.Event
	hasLatest bool
	first     any // the oldest time of an added event that counts, unix seconds, or nil
	// suspect are the added events whose time cannot be right: stored as
	// sent, told once in the summary, counted nowhere.
	suspect []tracker.SuspectEvent
}

// jsonIDs is ids as the JSON array json_each reads.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, len(ids)*8+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// applyRound applies updates of distinct shipments and returns the ids of
// those that changed in a way a screen shows: events, status, or
// exceptions.
func (a *applier) applyRound(ctx context.Context, now time.Time, p tracker.Policy, us []tagged, sums []tracker.ApplySummary) ([]change, error) {
	ids := make([]int64, len(us))
	var withEvents []int64
	for i, u := range us {
		ids[i] = u.ShipmentID
		if len(u.Events) > 0 {
			withEvents = append(withEvents, u.ShipmentID)
		}
	}
	state, err := a.loadAll(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load shipments: %w", err)
	}
	if err := a.storedKeys(ctx, withEvents, state); err != nil {
		return nil, fmt.Errorf("read event keys: %w", err)
	}
	if err := a.insertAll(ctx, us, state); err != nil {
		return nil, fmt.Errorf("insert events: %w", err)
	}
	if err := a.ruleViews(ctx, ids, state); err != nil {
		return nil, fmt.Errorf("read events for the rules: %w", err)
	}
	if err := a.openExceptions(ctx, ids, state); err != nil {
		return nil, fmt.Errorf("read open exceptions: %w", err)
	}
	a.w.reset()
	if err := a.readWatched(ctx, us, state); err != nil {
		return nil, fmt.Errorf("read watches: %w", err)
	}
	results := make([]roundResult, 0, len(us)) // flush counts into them: never grown
	for _, u := range us {
		st := state[u.ShipmentID]
		if st == nil {
			// Deleted since it fell due: there is nothing left to record against.
			continue
		}
		results = append(results, roundResult{u: u})
		a.apply(now, p, u.Update, st, &sums[u.batch], &results[len(results)-1])
	}
	if err := a.flush(ctx, now, p); err != nil {
		return nil, err
	}
	var changed []change
	for _, r := range results {
		sums[r.u.batch].Opened += r.opened
		sums[r.u.batch].Closed += r.closed
		if r.changed || r.opened+r.closed > 0 {
			changed = append(changed, change{id: r.u.ShipmentID, batch: r.u.batch})
		}
	}
	return changed, nil
}

func (a *applier) loadAll(ctx context.Context, ids []int64) (map[int64]*shipState, error) {
	rows, err := a.load.QueryContext(ctx, jsonIDs(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	state := make(map[int64]*shipState, len(ids))
	for rows.Next() {
		st := &shipState{}
		if err := rows.Scan(append(shipmentDest(&st.sh), orderDest(&st.order)...)...); err != nil {
			return nil, err
		}
		state[st.sh.ID] = st
	}
	return state, rows.Err()
}

// storedKeys reads the dedupe keys of the stored events of the shipments
// that bring events. Carriers send a parcel's whole history on every poll,
// so most events are repeats, and a key read from the index costs less than
// an INSERT that SQLite turns down.
func (a *applier) storedKeys(ctx context.Context, ids []int64, state map[int64]*shipState) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		if st := state[id]; st != nil {
			st.stored = map[[16]byte]bool{}
		}
	}
	rows, err := a.keys.QueryContext(ctx, jsonIDs(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var key []byte
	for rows.Next() {
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		if st := state[id]; st != nil && len(key) == 16 {
			st.stored[[16]byte(key)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if st := state[id]; st != nil {
			st.fresh = len(st.stored) == 0
		}
	}
	return nil
}

// pendingEvent is an event on its way into the store.
type pendingEvent struct {
	st  *shipState
	e   *tracker.Event // in its update, not copied: an event is a dozen words
	key [16]byte
}

// insertAll stores the events not stored yet, up to maxInsertRows in one
// INSERT, and counts what each shipment gained.
func (a *applier) insertAll(ctx context.Context, us []tagged, state map[int64]*shipState) error {
	<-a.hashed
	n := 0
	for _, u := range us {
		if len(u.keys) != len(u.Events) {
			return fmt.Errorf("shipment %d: %d events, %d keys hashed", u.ShipmentID, len(u.Events), len(u.keys))
		}
		n += len(u.Events)
	}
	pending := make([]pendingEvent, 0, n)
	for _, u := range us {
		st := state[u.ShipmentID]
		if st == nil {
			continue
		}
		for i := range u.Events {
			e := &u.Events[i]
			k := u.keys[i]
			if st.stored[k] {
				continue
			}
			st.stored[k] = true // and a repeat within the update is one event
			pending = append(pending, pendingEvent{st: st, e: e, key: k})
		}
	}
	for start := 0; start < len(pending); {
		n := insertChunk(len(pending) - start)
		if err := a.insertChunk(ctx, pending[start:start+n]); err != nil {
			return err
		}
		start += n
	}
	return nil
}

func (a *applier) insertChunk(ctx context.Context, chunk []pendingEvent) error {
	st, err := a.insertEvents(ctx, len(chunk))
	if err != nil {
		return err
	}
	// One slice of arguments serves every chunk, and each event's go
	// straight in: building eventArgs' slice per event cost an allocation.
	args := a.args[:0]
	for i := range chunk {
		pe := &chunk[i]
		e := pe.e
		args = append(args, pe.st.sh.ID, unix(e.Time), string(e.Status), e.RawStatus, e.Location, e.Description, string(e.Exception), pe.key[:])
	}
	a.args = args
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return err
	}
	// Every row went in: storedKeys and insertAll left out every key
	// already stored, under the write lock. SQLite numbers the rows of one
	// INSERT one after the other (each one more than the largest rowid),
	// so the last id gives them all. Reading them back with RETURNING
	// cost a seventh of ingest.
	last, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
		return fmt.Errorf("inserted %d of %d events: %v", n, len(chunk), err)
	}
	ceiling := tracker.LatestCounting(a.now)
	for i, pe := range chunk {
		// As it reads back from the store: whole seconds, UTC.
		e := *pe.e
		e.ID, e.ShipmentID = last-int64(len(chunk)-1-i), pe.st.sh.ID
		if !e.Time.IsZero() {
			e.Time = time.Unix(e.Time.Unix(), 0).UTC()
		}
		s := pe.st
		if s.added == 0 || newerEvent(e, s.newest) {
			s.newest = e
		}
		s.added++
		if !e.Time.After(ceiling) && (!s.hasLatest || newerEvent(e, s.latest)) {
			s.latest, s.hasLatest = e, true
		}
		if s.fresh && e.Exception != "" {
			s.rule = append(s.rule, asRead(e))
		}
		if doubt := tracker.EventTimeDoubt(e.Time, s.sh.ShippedAt, a.now); doubt != "" {
			// As the carrier sent it: the report names the date it gave.
			sent := *pe.e
			sent.ID, sent.ShipmentID = e.ID, e.ShipmentID
			s.suspect = append(s.suspect, tracker.SuspectEvent{ShipmentID: s.sh.ID, TrackingNo: s.sh.TrackingNo, Event: sent, Doubt: doubt})
			continue
		}
		if t := e.Time.Unix(); s.first == nil || t < s.first.(int64) {
			s.first = t
		}
	}
	return nil
}

// ruleViews reads, after the inserts, what the rules read of each
// shipment's events: the newest event and every event with a carrier-
// reported problem, newest first (tracker.Evaluate looks at no other).
//
// A fresh shipment's view is its new events, which insertAll kept: the
// problem events and the newest. Reading them back cost a twentieth of
// ingesting new parcels (BenchmarkIngest).
func (a *applier) ruleViews(ctx context.Context, ids []int64, state map[int64]*shipState) error {
	var stored []int64
	for _, id := range ids {
		st := state[id]
		switch {
		case st == nil:
		case st.fresh && st.added > 0:
			if st.hasLatest && !slices.ContainsFunc(st.rule, func(x tracker.Event) bool { return x.ID == st.latest.ID }) {
				st.rule = append(st.rule, asRead(st.latest))
			}
		default:
			stored = append(stored, id)
		}
	}
	if err := a.readRuleViews(ctx, stored, state); err != nil {
		return err
	}
	for _, st := range state {
		// The order of the timeline: time descending (unknown times
		// last), then id descending.
		slices.SortFunc(st.rule, func(x, y tracker.Event) int {
			if c := y.Time.Compare(x.Time); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
	}
	return nil
}

// asRead is an event just inserted as ruleViews would read it back:
// unixTime reads the time 0 (1970-01-01) as unknown.
func asRead(e tracker.Event) tracker.Event {
	if e.Time.Unix() == 0 {
		e.Time = time.Time{}
	}
	return e
}

// readRuleViews reads the rules' view of the stored events of shipments ids.
func (a *applier) readRuleViews(ctx context.Context, ids []int64, state map[int64]*shipState) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := a.ruleView.QueryContext(ctx, jsonIDs(ids), unix(tracker.LatestCounting(a.now)))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e tracker.Event
		if err := rows.Scan(eventDest(&e)...); err != nil {
			return err
		}
		st := state[e.ShipmentID]
		if st == nil || slices.ContainsFunc(st.rule, func(x tracker.Event) bool { return x.ID == e.ID }) {
			continue
		}
		st.rule = append(st.rule, e)
	}
	return rows.Err()
}

func (a *applier) openExceptions(ctx context.Context, ids []int64, state map[int64]*shipState) error {
	rows, err := a.openRead.QueryContext(ctx, jsonIDs(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x openRuleException
		var shipmentID int64
		var closed sql.NullInt64
		if err := rows.Scan(&x.id, &shipmentID, &x.kind, &x.source, &closed); err != nil {
			return err
		}
		st := state[shipmentID]
		switch {
		case st == nil:
		case !closed.Valid:
			st.open = append(st.open, x)
		case closed.Int64 > st.held[x.kind]:
			if st.held == nil {
				st.held = heldKinds{}
			}
			st.held[x.kind] = closed.Int64
		}
	}
	return rows.Err()
}

// apply works out what one update changes from what its round read, and
// collects the writes in a.w for flush, and in r whether anything changed
// that a screen shows.
func (a *applier) apply(now time.Time, p tracker.Policy, u tracker.Update, st *shipState, sum *tracker.ApplySummary, r *roundResult) {
	sh, order, added := st.sh, st.order, st.added
	// What the rules read, less the events whose time cannot be right now:
	// a date 400 days ahead must not be the newest, nor a 1970 one.
	events := tracker.CountingEvents(st.rule, sh.ShippedAt, now)
	sum.Checked++
	if u.Err != "" {
		sum.Failures++
	}
	sum.NewEvents += added
	sum.Suspect = append(sum.Suspect, st.suspect...)

	// Recompute from the newest stored event rather than from the batch, so
	// events arriving late or out of order still leave the newest in charge,
	// and an event dated ahead counts once the clock reaches it.
	before := sh
	if len(events) > 0 {
		sh.Status = events[0].Status
		sh.LastEventAt = events[0].Time
	}
	// Delivery is the newest delivered event: the stored time, or a newer
	// one among this update's (all of them are stored by now), or the
	// newest event when it is a delivery that only now counts.
	if delivered := newestDelivered(u.Events, sh.ShippedAt, now); delivered.After(sh.DeliveredAt) {
		sh.DeliveredAt = delivered
	}
	if len(events) > 0 && events[0].Status == tracker.StatusDelivered && events[0].Time.After(sh.DeliveredAt) {
		sh.DeliveredAt = events[0].Time
	}
	if !u.ETA.IsZero() {
		sh.ETA = u.ETA.UTC().Truncate(time.Second)
	}
	sh.CheckedAt = now.UTC().Truncate(time.Second)
	if u.Pushed {
		sh.PushedAt = sh.CheckedAt // before NextCheck, which may poll pushed parcels less
	}
	sh.NextCheckAt = p.Schedule.NextCheck(sh, now)
	save := []any{sh.ID, unix(sh.LastEventAt), unix(sh.DeliveredAt), unix(sh.ETA),
		unix(sh.CheckedAt), u.Err, unix(sh.NextCheckAt), unix(sh.PushedAt), st.first}
	if sh.Status != before.Status {
		a.w.saves.add(append(save, string(sh.Status))...)
	} else {
		a.w.keeps.add(save...)
	}
	moved := sh.Status != before.Status || !sh.LastEventAt.Equal(before.LastEventAt)
	lastMile := a.saveLastMile(&sh, u)
	if moved {
		sum.Updated++
	}

	if added > 0 {
		a.watchedChange(p, sh, order, st.newest, added)
	}
	r.closed = a.sync(now, p, tracker.EvaluateWithHistory(sh, order, events, now, p.Rules, a.eta.Due(tracker.QueryOf(sh, order))), sh, order, st.open, st.held, r)
	r.changed = added > 0 || moved || lastMile
}

// insertChunk is how many of n events the next INSERT takes: the largest
// power of two up to maxInsertRows, so a batch prepares a few statement
// shapes only.
func insertChunk(n int) int {
	c := maxInsertRows
	for c > n {
		c /= 2
	}
	return c
}

// maxInsertRows bounds one multi-row INSERT: 128 rows of 8 values, 1,024
// variables, stay far below SQLite's limit of 32,766. Going from 32 rows
// to 128 saved a statement's overhead (database/sql's locking and
// argument checks, the driver's bind loop) on three of every four
// statements: about 5% of ingesting new parcels (BenchmarkIngest).
const maxInsertRows = 128

// insertEvents returns the statement that inserts n events (a power of
// two), bound to the batch's transaction.
func (a *applier) insertEvents(ctx context.Context, n int) (*sql.Stmt, error) {
	if st := a.inserts[n]; st != nil {
		return st, nil
	}
	i := len(applyQueries) + bits.TrailingZeros(uint(n))
	if n&(n-1) != 0 || n > maxInsertRows || i >= len(a.prepared) {
		return nil, fmt.Errorf("no prepared insert of %d events", n)
	}
	st := a.tx.StmtContext(ctx, a.prepared[i])
	if a.inserts == nil {
		a.inserts = map[int]*sql.Stmt{}
	}
	a.inserts[n] = st
	return st, nil
}

// newestDelivered is the time of the newest delivered event in events that
// counts at now (tracker.EventTimeDoubt), as the store keeps it (whole
// seconds, UTC), or the zero time.
func newestDelivered(events []tracker.Event, shipped, now time.Time) time.Time {
	var t time.Time
	for _, e := range events {
		if e.Status == tracker.StatusDelivered && e.Time.After(t) && tracker.EventTimeDoubt(e.Time, shipped, now) == "" {
			t = e.Time
		}
	}
	if t.IsZero() {
		return t
	}
	return time.Unix(t.Unix(), 0).UTC()
}

// newerEvent reports whether x comes before y in the newest-first order of
// the timeline: time descending (unknown times last), then id descending.
func newerEvent(x, y tracker.Event) bool {
	if c := x.Time.Compare(y.Time); c != 0 {
		return c > 0
	}
	return cmp.Compare(x.ID, y.ID) > 0
}

// sync makes the open exceptions match the findings: a finding not yet open
// opens, and a rule exception no longer found closes unless its kind is
// sticky. Exceptions a person opened are left to people, and so is a kind a
// person resolved (held) until the carrier reports an event newer than
// that resolution: a case closed about a lost parcel stays closed while
// the carrier keeps saying "lost". Each open and close goes to the
// exception log, and each open writes its alerts to the outbox, all in the
// caller's transaction: sync collects them in a.w, and flush writes them,
// counting the opened in r. It returns how many it closes.
func (a *applier) sync(now time.Time, p tracker.Policy, findings []tracker.Finding, sh tracker.Shipment, order tracker.Order, open []openRuleException, held heldKinds, r *roundResult) (closed int) {
	w := a.w
	isOpen := map[tracker.ExceptionKind]bool{}
	for _, x := range open {
		isOpen[x.kind] = true
	}

	found := map[tracker.ExceptionKind]bool{}
	for _, f := range findings {
		found[f.Kind] = true
		if isOpen[f.Kind] {
			continue
		}
		if at, ok := held[f.Kind]; ok && sh.LastEventAt.Unix() <= at {
			continue // resolved by a person, and nothing new since
		}
		isOpen[f.Kind] = true // a second finding of the kind would find it open
		x := tracker.Exception{ShipmentID: sh.ID, Kind: f.Kind, Severity: f.Severity, State: tracker.ExOpen, Detail: f.Detail, OpenedAt: now}
		i := len(w.opens)
		w.opens = append(w.opens, pendingOpen{x: x, sh: sh, order: order, done: r})
		w.logs = append(w.logs, pendingLog{open: i, action: "opened", detail: x.Detail})
		subject, body := tracker.ExceptionAlert(x, sh, order)
		w.enqueue(p.AlertRoutes(sh), tracker.Alert{Kind: string(x.Kind), Severity: x.Severity, ShipmentID: sh.ID, Subject: subject, Body: body}, i)
	}
	for _, x := range open {
		if x.source != "rule" || found[x.kind] || x.kind.Sticky() {
			continue
		}
		w.closes = append(w.closes, x.id)
		w.logs = append(w.logs, pendingLog{open: -1, exceptionID: x.id, action: "closed", detail: tracker.LogClosedByRules})
		closed++
	}
	return closed
}
