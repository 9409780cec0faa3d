package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"waybill/tracker"
)

// A round of ApplyUpdates writes what its updates change with one
// statement of each kind for all its parcels, not one per parcel: the
// saves of the parcels (those whose status changed, and the others), their
// new last miles, the exceptions opened and closed, the exception log and
// the outbox. Each takes its rows as one JSON array of arrays, read with
// json_each on SQLite and jsonb_array_elements on PostgreSQL (pgRewrite).
// On PostgreSQL every statement is a round trip to the server, and ingest
// waited on them: a batch of 100 new parcels sent some 450 statements,
// 274-361 ms on a loaded machine, about 100 ms of it in the server
// (README, On PostgreSQL). Nothing a round reads depends on what it
// writes (updates of the same parcel go in later rounds), so the round
// sends its writes after it has applied every update (flush).

// rowsFrom is the FROM of a set-based write: one row per element of the
// array (the argument ?), named r.
const rowsFrom = ` FROM json_each(?) r`

// col is the n-th value of a JSON row as SQL reads it: ->> gives SQLite's
// integer or text, and PostgreSQL's text, which the columns cast.
func col(n int, cast string) string {
	v := "r.value ->> " + strconv.Itoa(n)
	if cast == "" {
		return v
	}
	return "CAST(" + v + " AS " + cast + ")"
}

// saveRows is a save's row: [id, last_event_at, delivered_at, eta,
// checked_at, last_error, next_check_at, pushed_at, first, status]; the
// saves that keep the status leave the last out. Saving a check releases
// the shipment's claim, whoever holds it: the check it was claimed for is
// done. first_event_at is lowered to the oldest time among the events the
// check added (NULL when none had a time): min() is NULL when either side
// is.
//
// saveKeepManySQL is the same for checks that leave the status as it was,
// which most do: an UPDATE that does not name status does not run the
// status counter's trigger (migration 0023), which cost new events about a
// tenth of their ingest rate when every save named it.
var (
	saveRowsSQL = `(SELECT ` + col(0, "BIGINT") + ` AS id, ` + col(1, "BIGINT") + ` AS last_event_at, ` +
		col(2, "BIGINT") + ` AS delivered_at, ` + col(3, "BIGINT") + ` AS eta, ` + col(4, "BIGINT") + ` AS checked_at, ` +
		col(5, "") + ` AS last_error, ` + col(6, "BIGINT") + ` AS next_check_at, ` + col(7, "BIGINT") + ` AS pushed_at, ` +
		col(8, "BIGINT") + ` AS first, ` + col(9, "") + ` AS status` + rowsFrom + `) v`
	saveManyRestSQL = `last_event_at = v.last_event_at, delivered_at = v.delivered_at, eta = v.eta,
	checked_at = v.checked_at, last_error = v.last_error, next_check_at = v.next_check_at, pushed_at = v.pushed_at,
	first_event_at = coalesce(min(first_event_at, v.first), first_event_at, v.first),
	lease_owner = NULL, lease_until = NULL FROM ` + saveRowsSQL + ` WHERE shipments.id = v.id`
	saveManySQL     = `UPDATE shipments SET status = v.status, ` + saveManyRestSQL
	saveKeepManySQL = `UPDATE shipments SET ` + saveManyRestSQL
	// saveLastMilesSQL writes the last miles that changed ([id, number,
	// carrier]); the full-text triggers fire on it (0016), so it names
	// only the parcels whose last mile is new.
	saveLastMilesSQL = `UPDATE shipments SET last_mile_no = v.no, last_mile_carrier = v.carrier
	FROM (SELECT ` + col(0, "BIGINT") + ` AS id, ` + col(1, "") + ` AS no, ` + col(2, "") + ` AS carrier` + rowsFrom + `) v
	WHERE shipments.id = v.id`
	// openManySQL opens rule exceptions ([shipment, kind, severity,
	// detail]) unless one of the kind is open, and gives back those it
	// opened; the first argument is the time. SQLite needs the WHERE to
	// tell the SELECT's end from ON CONFLICT. A value of INSERT … SELECT
	// that is an argument alone is cast: PostgreSQL takes it for text.
	openManySQL = `INSERT INTO exceptions (shipment_id, kind, severity, state, detail, source, opened_at)
	SELECT ` + col(0, "BIGINT") + `, ` + col(1, "") + `, ` + col(2, "BIGINT") + `, 'open', ` + col(3, "") + `, 'rule', CAST(? AS BIGINT)` + rowsFrom + `
	WHERE true ON CONFLICT DO NOTHING RETURNING id, shipment_id, kind`
	closeManySQL = `UPDATE exceptions SET closed_at = ?, state = 'resolved' WHERE id IN (SELECT j.value FROM json_each(?) j)`
	// logManySQL writes the rules' lines of the exception log
	// ([exception, action, detail]) at the time of the first argument.
	logManySQL = `INSERT INTO exception_log (exception_id, at, actor, action, detail)
	SELECT ` + col(0, "BIGINT") + `, CAST(? AS BIGINT), 'rules', ` + col(1, "") + `, ` + col(2, "") + rowsFrom
	// outboxManySQL enqueues alerts ([key, channel, kind, severity,
	// exception, shipment, subject, body]) created at the time of the
	// first argument; a row already there for the key and channel stays as
	// it is: an alert goes out once per channel.
	outboxManySQL = `INSERT INTO outbox (key, channel, kind, severity, exception_id, shipment_id, subject, body, created_at, next_attempt_at)
	SELECT ` + col(0, "") + `, ` + col(1, "") + `, ` + col(2, "") + `, ` + col(3, "BIGINT") + `, ` + col(4, "BIGINT") + `, ` +
		col(5, "BIGINT") + `, ` + col(6, "") + `, ` + col(7, "") + `, CAST(? AS BIGINT), CAST(? AS BIGINT)` + rowsFrom + `
	WHERE true ON CONFLICT (key, channel) DO NOTHING`
	// watchedManySQL reads which of a round's orders are watched.
	watchedManySQL = `SELECT w.order_id FROM json_each(?) j CROSS JOIN watches w ON w.order_id = j.value`
)

// jsonRows builds the JSON array of rows a set-based write reads, each row
// an array of integers, strings and nulls. nul is what stands for a NUL in
// a string: itself on SQLite, whose text holds it; U+FFFD on PostgreSQL,
// whose text cannot, as pgConn.CheckNamedValue replaces it in arguments.
type jsonRows struct {
	b   []byte
	n   int
	nul string
}

// add appends a row of int64, int, string and nil values (unix gives
// int64 or nil).
func (r *jsonRows) add(vals ...any) {
	if r.n == 0 {
		r.b = append(r.b[:0], '[')
	} else {
		r.b = append(r.b, ',')
	}
	r.n++
	r.b = append(r.b, '[')
	for i, v := range vals {
		if i > 0 {
			r.b = append(r.b, ',')
		}
		switch v := v.(type) {
		case nil:
			r.b = append(r.b, "null"...)
		case int64:
			r.b = strconv.AppendInt(r.b, v, 10)
		case int:
			r.b = strconv.AppendInt(r.b, int64(v), 10)
		case string:
			r.b = appendJSONString(r.b, v, r.nul)
		default:
			panic(fmt.Sprintf("jsonRows: a %T in a row", v))
		}
	}
	r.b = append(r.b, ']')
}

// text is the array, "[]" when no row was added.
func (r *jsonRows) text() string {
	if r.n == 0 {
		return "[]"
	}
	return string(r.b) + "]"
}

func (r *jsonRows) reset() { r.n = 0 }

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, every other byte as it is (SQLite keeps
// bytes that are not UTF-8 as they came, as it does with an argument).
func appendJSONString(b []byte, s, nul string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == 0 && nul != "\x00":
			b = append(b, nul...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// pendingOpen is an exception a round opens, with what its log line and
// alert are made of once flush knows its id.
type pendingOpen struct {
	x     tracker.Exception // ID set by flush; 0 while not, and when one of its kind was open already
	sh    tracker.Shipment
	order tracker.Order
	done  *roundResult
}

// pendingLog is a line of the exception log: of an exception the round
// opens (opens[open]), or of exceptionID.
type pendingLog struct {
	open        int
	exceptionID int64
	action      string
	detail      string
}

// pendingAlert is an alert to enqueue on its channels: al as it is, or,
// when open ≥ 0, the alert of the exception opens[open], which flush
// gives its key and exception id.
type pendingAlert struct {
	open     int
	al       tracker.Alert
	channels []string
}

// roundResult is what an update of the round did, counted when flush is
// done.
type roundResult struct {
	u       tagged
	changed bool // events, status, last mile or a closed exception
	opened  int
	closed  int
}

// roundWrites are the writes of a round as apply collects them, in the
// order the updates came; flush sends them.
type roundWrites struct {
	saves, keeps, lastMiles jsonRows
	opens                   []pendingOpen
	closes                  []int64
	logs                    []pendingLog
	alerts                  []pendingAlert
	// watched are the round's watched orders (readWatched).
	watched map[int64]bool
}

func newRoundWrites(pg bool) *roundWrites {
	nul := "\x00"
	if pg {
		nul = string(utf8.RuneError)
	}
	w := &roundWrites{}
	for _, r := range []*jsonRows{&w.saves, &w.keeps, &w.lastMiles} {
		r.nul = nul
	}
	return w
}

func (w *roundWrites) reset() {
	w.saves.reset()
	w.keeps.reset()
	w.lastMiles.reset()
	w.opens, w.closes, w.logs, w.alerts = w.opens[:0], w.closes[:0], w.logs[:0], w.alerts[:0]
	clear(w.watched)
}

// enqueue collects one outbox row for the app and one for every route
// that wants the alert.
func (w *roundWrites) enqueue(routes []tracker.AlertRoute, al tracker.Alert, open int) {
	w.alerts = append(w.alerts, pendingAlert{open: open, al: al, channels: alertChannels(routes, al)})
}

// readWatched reads which orders of the round's updates that bring
// events are watched, in one query (none when no order is).
func (a *applier) readWatched(ctx context.Context, us []tagged, state map[int64]*shipState) error {
	if !a.anyWatch {
		return nil
	}
	var orders []int64
	for _, u := range us {
		if st := state[u.ShipmentID]; st != nil && st.added > 0 {
			orders = append(orders, st.order.ID)
		}
	}
	if len(orders) == 0 {
		return nil
	}
	rows, err := a.watched.QueryContext(ctx, jsonIDs(orders))
	if err != nil {
		return err
	}
	defer rows.Close()
	if a.w.watched == nil {
		a.w.watched = map[int64]bool{}
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		a.w.watched[id] = true
	}
	return rows.Err()
}

// flush sends the round's writes: the saves and last miles, the exceptions
// opened (and the carrier claim clocks of those lost or damaged), those
// closed, the log, then the outbox. It counts each update's exceptions in
// its result.
func (a *applier) flush(ctx context.Context, now time.Time, p tracker.Policy) error {
	w := a.w
	for _, s := range []struct {
		rows *jsonRows
		st   *sql.Stmt
		what string
	}{{&w.saves, a.save, "save shipments"}, {&w.keeps, a.saveKeep, "save shipments"}, {&w.lastMiles, a.lastMiles, "save last miles"}} {
		if s.rows.n == 0 {
			continue
		}
		if _, err := s.st.ExecContext(ctx, s.rows.text()); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	if err := a.openAll(ctx, now, p); err != nil {
		return err
	}
	if len(w.closes) > 0 {
		if _, err := a.closeEx.ExecContext(ctx, unix(now), jsonIDs(w.closes)); err != nil {
			return fmt.Errorf("close exceptions: %w", err)
		}
	}
	rows := jsonRows{nul: w.saves.nul}
	for _, l := range w.logs {
		id := l.exceptionID
		if l.open >= 0 {
			if id = w.opens[l.open].x.ID; id == 0 {
				continue
			}
		}
		rows.add(id, l.action, l.detail)
	}
	if rows.n > 0 {
		if _, err := a.logEx.ExecContext(ctx, now.Unix(), rows.text()); err != nil {
			return fmt.Errorf("log exceptions: %w", err)
		}
	}
	rows.reset()
	for _, pa := range w.alerts {
		al := pa.al
		if pa.open >= 0 {
			o := &w.opens[pa.open]
			if o.x.ID == 0 {
				continue
			}
			al.Key, al.ExceptionID = "exc-"+strconv.FormatInt(o.x.ID, 10)+"-opened", o.x.ID
		}
		for _, ch := range pa.channels {
			rows.add(al.Key, ch, al.Kind, int(al.Severity), nullID(al.ExceptionID), nullID(al.ShipmentID), al.Subject, al.Body)
		}
	}
	if rows.n > 0 {
		if _, err := a.outbox.ExecContext(ctx, now.Unix(), now.Unix(), rows.text()); err != nil {
			return fmt.Errorf("enqueue %d alerts: %w", rows.n, err)
		}
	}
	return nil
}

// openAll opens the round's exceptions in one INSERT and sets the id of
// each it opened (one of its kind may be open already: then it stays 0).
func (a *applier) openAll(ctx context.Context, now time.Time, p tracker.Policy) error {
	w := a.w
	if len(w.opens) == 0 {
		return nil
	}
	rows := jsonRows{nul: w.saves.nul}
	type key struct {
		shipment int64
		kind     tracker.ExceptionKind
	}
	at := make(map[key]int, len(w.opens))
	for i, o := range w.opens {
		rows.add(o.sh.ID, string(o.x.Kind), int(o.x.Severity), o.x.Detail)
		if _, ok := at[key{o.sh.ID, o.x.Kind}]; !ok {
			at[key{o.sh.ID, o.x.Kind}] = i
		}
	}
	res, err := a.openEx.QueryContext(ctx, unix(now), rows.text())
	if err != nil {
		return fmt.Errorf("open exceptions: %w", err)
	}
	defer res.Close()
	for res.Next() {
		var id, shipment int64
		var kind tracker.ExceptionKind
		if err := res.Scan(&id, &shipment, &kind); err != nil {
			return fmt.Errorf("open exceptions: %w", err)
		}
		if i, ok := at[key{shipment, kind}]; ok {
			w.opens[i].x.ID = id
		}
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("open exceptions: %w", err)
	}
	res.Close()
	var clocks []tracker.Deadline
	for i := range w.opens {
		o := &w.opens[i]
		if o.x.ID == 0 {
			continue // open already (ON CONFLICT DO NOTHING): nothing new to tell
		}
		o.done.opened++
		if d, ok := tracker.CarrierClaimDeadline(o.x, o.sh, p.Deadlines); ok {
			clocks = append(clocks, d)
		}
	}
	return a.claimClocks(ctx, now, clocks)
}

// Statements of claimClocks. A deadline's row is [order, kind, ref], and
// to add one [order, shipment, kind, due, source, ref].
var (
	deadlineKeysSQL = `SELECT d.order_id, d.kind, d.ref` + rowsFrom + ` CROSS JOIN deadlines d ON
	d.order_id = ` + col(0, "BIGINT") + ` AND d.kind = ` + col(1, "") + ` AND d.ref = ` + col(2, "")
	addClocksSQL = `INSERT INTO deadlines (order_id, shipment_id, kind, due_at, source, ref, created_at, updated_at)
	SELECT ` + col(0, "BIGINT") + `, ` + col(1, "BIGINT") + `, ` + col(2, "") + `, ` + col(3, "BIGINT") + `, ` + col(4, "") + `, ` +
		col(5, "") + `, CAST(? AS BIGINT), CAST(? AS BIGINT)` + rowsFrom + ` RETURNING id, order_id, kind, ref`
	logClocksSQL = `INSERT INTO deadline_log (deadline_id, at, actor, action, detail)
	SELECT ` + col(0, "BIGINT") + `, CAST(? AS BIGINT), 'rules', 'added', ` + col(1, "") + rowsFrom
)

// claimClocks starts the carrier's claim clock of each parcel the round
// found lost or damaged (tracker.CarrierClaimDeadline), written with the
// exception so neither is ever without the other; unless a claim was
// already filed with the carrier for it, which met that clock (starting
// it again would queue a deadline nobody has to meet). One statement
// reads the claims filed, one the clocks there are, one adds the new
// clocks and one logs them; a clock that is there already is put as
// putDeadline puts any, one by one (moved, reopened or left alone: a
// parcel lost again).
func (a *applier) claimClocks(ctx context.Context, now time.Time, ds []tracker.Deadline) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ShipmentID
	}
	filed, err := int64Rows(ctx, a.tx, filedCarrierClaimsSQL, jsonIDs(ids))
	if err != nil {
		return fmt.Errorf("claims of %d parcels: %w", len(ids), err)
	}
	ds = slices.DeleteFunc(ds, func(d tracker.Deadline) bool { return slices.Contains(filed, d.ShipmentID) })
	type key struct {
		order     int64
		kind, ref string
	}
	keys := jsonRows{nul: a.w.saves.nul}
	for _, d := range ds {
		keys.add(d.OrderID, string(d.Kind), d.Ref)
	}
	there := map[key]bool{}
	if keys.n > 0 {
		rows, err := a.tx.QueryContext(ctx, deadlineKeysSQL, keys.text())
		if err != nil {
			return fmt.Errorf("carrier claim deadlines: %w", err)
		}
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.order, &k.kind, &k.ref); err != nil {
				rows.Close()
				return fmt.Errorf("carrier claim deadlines: %w", err)
			}
			there[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("carrier claim deadlines: %w", err)
		}
	}
	// New clocks go in at once; one there already, or a second of the
	// same key, after them, one by one.
	var add, put []tracker.Deadline
	adding := jsonRows{nul: keys.nul}
	due, source := map[key]int64{}, map[key]string{}
	for _, d := range ds {
		k := key{d.OrderID, string(d.Kind), d.Ref}
		if there[k] {
			put = append(put, d)
			continue
		}
		there[k] = true
		add = append(add, d)
		due[k] = d.DueAt.UTC().Unix()
		source[k] = d.Source
		adding.add(d.OrderID, nullID(d.ShipmentID), string(d.Kind), due[k], d.Source, d.Ref)
	}
	if len(add) > 0 {
		rows, err := a.tx.QueryContext(ctx, addClocksSQL, now.Unix(), now.Unix(), adding.text())
		if err != nil {
			return fmt.Errorf("add %d carrier claim deadlines: %w", len(add), err)
		}
		logs := jsonRows{nul: keys.nul}
		for rows.Next() {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.order, &k.kind, &k.ref); err != nil {
				rows.Close()
				return fmt.Errorf("add carrier claim deadlines: %w", err)
			}
			logs.add(id, fmt.Sprintf(tracker.DeadlineLogDue, showDue(due[k]), source[k]))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("add carrier claim deadlines: %w", err)
		}
		if logs.n != len(add) {
			return fmt.Errorf("added %d of %d carrier claim deadlines", logs.n, len(add))
		}
		if _, err := a.tx.ExecContext(ctx, logClocksSQL, now.Unix(), logs.text()); err != nil {
			return fmt.Errorf("log carrier claim deadlines: %w", err)
		}
	}
	for _, d := range put {
		var put tracker.DeadlinesPut
		if err := putDeadline(ctx, a.tx, now, "rules", d, &put); err != nil {
			return fmt.Errorf("carrier claim deadline of shipment %d: %w", d.ShipmentID, err)
		}
	}
	return nil
}
