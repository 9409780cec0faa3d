package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"waybill/tracker"
)

// IsURL reports whether s names a PostgreSQL store (postgres:// or
// postgresql://) rather than an SQLite file.
func IsURL(s string) bool { return tracker.IsStoreURL(s) }

// Redact is s with the password of a URL replaced by "xxxxx", for errors
// and logs: a store URL may carry one.
func Redact(s string) string { return tracker.RedactStoreURL(s) }

// pgWriteLock is the key of the advisory lock every write transaction on
// PostgreSQL takes first (released by COMMIT or ROLLBACK), in one of two
// modes.
//
// Exclusive (pg_advisory_xact_lock), the default: the store's write paths
// were written for SQLite, whose BEGIN IMMEDIATE lets one writer in at a
// time, and many read, decide, then write in one transaction (open a case
// unless one is open, number bulk rows after the largest id). The
// exclusive mode keeps every one of those arguments true on PostgreSQL
// across processes and servers, with no retry loop around transactions
// that send alerts or log actions.
//
// Shared (pg_advisory_xact_lock_shared), for the paths reviewed for
// writers side by side and marked by sharedWrite: ingest (ApplyUpdates),
// a person's triage and its undo, casework (CreateCase, and SaveCase,
// with the whole order locked when it adds to it: beginCaseWrite), claims
// and deadlines (their orders locked: lockOrders), adding orders
// (AddOrder, AddOrders, ImportOrders, SyncOrders: pgadd.go), the
// refresher's and the alert senders' claims (ClaimDue, DeferClaims,
// DueAlerts, MarkSent, MarkFailed: one statement a row, the claims
// skipping rows others hold), and leases (TakeLease, ReleaseLease: a lock
// of each lease's own). Two of them run at once, on two servers; none
// runs beside an exclusive one, so the review of a path need only weigh it
// against the other shared paths. Each locks the stored parcels it changes
// first, then their orders (lockShipments, lockOrders: rows FOR NO KEY
// UPDATE, in id order, so two never wait for each other in a circle), and
// everything it reads and decides on is one of those rows or a row of its
// own. What they share beyond that holds without a lock: ids come from
// sequences, an order number is stored once by its UNIQUE constraint, the
// counters of 0023 are rows per backend (migration 0028), and one
// INSERT's events are numbered together under a lock of their own
// (events_insert_turn).
const pgWriteLock = 0x77617962696c6c // "waybill"

// writeMode is how a write transaction takes pgWriteLock.
type writeMode int

const (
	writeExclusive writeMode = iota // alone: the default
	writeShared                     // beside other shared writers
	writeUnlocked                   // no lock: the caller takes what it needs
)

type writeModeKey struct{}

// sharedWrite marks the transactions begun with ctx as safe beside other
// shared ones (see pgWriteLock). SQLite ignores it: one writer at a time.
func sharedWrite(ctx context.Context) context.Context {
	return context.WithValue(ctx, writeModeKey{}, writeShared)
}

// unlockedWrite begins transactions without pgWriteLock, for a caller
// that takes it (or tries to) itself.
func unlockedWrite(ctx context.Context) context.Context {
	return context.WithValue(ctx, writeModeKey{}, writeUnlocked)
}

func writeModeOf(ctx context.Context) writeMode {
	m, _ := ctx.Value(writeModeKey{}).(writeMode)
	return m
}

// lockShipments locks the parcels a shared write transaction will change,
// in id order, before it reads them (PostgreSQL only; on SQLite the
// transaction is alone). NO KEY UPDATE leaves inserts that refer to the
// rows (a new exception, event …) free.
func (db *DB) lockShipments(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return db.lockRows(ctx, tx, "shipments", ids)
}

// lockOrders locks the orders whose deadlines a shared write transaction
// will change, in id order, after any parcels it locks (lockShipments):
// deadlines are keyed by order, and putDeadline reads one before it
// inserts or moves it. Shared writers that lock orders lock them after
// their parcels, and the writers that lock orders alone (PutDeadlines,
// CloseDeadlines) lock no parcel, so no two wait for each other in a
// circle. NO KEY UPDATE leaves rows that refer to the order free.
func (db *DB) lockOrders(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return db.lockRows(ctx, tx, "orders", ids)
}

// lockRows locks the rows of table (ours, never input) with these ids in
// id order, the one order every shared writer takes them in.
func (db *DB) lockRows(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	if !db.pg || len(ids) == 0 {
		return nil
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	rows, err := tx.QueryContext(ctx, `SELECT t.id FROM json_each(?) j CROSS JOIN `+table+` t ON t.id = j.value
		ORDER BY t.id FOR NO KEY UPDATE OF t`, jsonIDs(sorted))
	if err != nil {
		return fmt.Errorf("lock %s: %w", table, classify(err))
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lock %s: %w", table, classify(err))
	}
	return nil
}

// pgOptions changes how Open opens a store (most of them only on
// PostgreSQL); the zero value is what waybill uses.
type pgOptions struct {
	// noWriteLock leaves pgWriteLock out. Tests set it to show that the
	// work shared across servers (claims of due parcels and of alerts,
	// sync leases) holds by its own row and advisory locks, with two
	// servers writing at the same instant.
	noWriteLock bool
	// warm opens the read pool's connections with the store and plans
	// the first frame's tables on each (warmReads), and the connection
	// DataVersion holds: for a process that shows the screen (Warm).
	warm bool
	// wrapWriter wraps the connector of the writer's pool, on either
	// engine: tests count the statements a write sends through it
	// (TestApplyStatementsDoNotGrowWithTheBatch). nil in waybill.
	wrapWriter func(driver.Connector) driver.Connector
}

// pgConnector opens pgx connections that speak the store's SQLite-flavoured
// SQL (pgRewrite). The writer's take the write lock at each BEGIN (unless
// noWriteLock) and send a change notice at each COMMIT (pgTx).
type pgConnector struct {
	driver.Connector
	writer      bool
	noWriteLock bool
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: cn.(*stdlib.Conn), writer: c.writer, noWriteLock: c.noWriteLock}, nil
}

// pgConn is pgx's database/sql connection with the store's SQL rewritten.
// Embedding forwards what it does not change (Ping, ResetSession …).
type pgConn struct {
	*stdlib.Conn
	writer      bool
	noWriteLock bool
	// notice is what the open write transaction told noteChanged:
	// noted says it did, ids the shipments it changed (none: nothing a
	// screen shows changed, so no notice is sent).
	noted bool
	ids   string
}

func (c *pgConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c *pgConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	pq := pgRewrite(q)
	st, err := c.Conn.PrepareContext(ctx, pq.sql)
	if err != nil {
		return nil, err
	}
	return &pgStmt{Stmt: st.(*stdlib.Stmt), c: c, q: pq}, nil
}

func (c *pgConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if q == noteChangedSQL { // not SQL: what the transaction changed, for its notice (noteChanged)
		c.noted = true
		if len(args) == 1 {
			c.ids, _ = args[0].Value.(string)
		}
		return driver.RowsAffected(0), nil
	}
	pq := pgRewrite(q)
	if pq.returning {
		rows, err := c.Conn.QueryContext(ctx, pq.sql, pgArgs(pq, args))
		if err != nil {
			return nil, err
		}
		return insertResult(rows)
	}
	return c.Conn.ExecContext(ctx, pq.sql, pgArgs(pq, args))
}

func (c *pgConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	pq := pgRewrite(q)
	return c.Conn.QueryContext(ctx, pq.sql, pgArgs(pq, args))
}

// BeginTx takes the write lock first on the writer (see pgWriteLock), in
// the mode ctx asks for (writeModeOf), and
// makes its COMMIT send a change notice (pgTx).
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil || !c.writer || opts.ReadOnly {
		return tx, err
	}
	lock := `SELECT pg_advisory_xact_lock($1)`
	switch writeModeOf(ctx) {
	case writeShared:
		lock = `SELECT pg_advisory_xact_lock_shared($1)`
	case writeUnlocked:
		lock = ""
	}
	if !c.noWriteLock && lock != "" {
		if _, err := c.Conn.Conn().Exec(ctx, lock, int64(pgWriteLock)); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	c.noted, c.ids = false, ""
	return pgTx{Tx: tx, c: c}, nil
}

// pgTx is a write transaction whose COMMIT tells every process listening
// (ListenChanges) what it changed: NOTIFY inside the transaction is
// delivered when, and only if, it commits.
type pgTx struct {
	driver.Tx
	c *pgConn
}

func (t pgTx) Commit() error {
	if payload, ok := t.c.notice(); ok {
		if _, err := t.c.Conn.Conn().Exec(context.Background(), `SELECT pg_notify($1, $2)`, pgChannel, payload); err != nil {
			t.Tx.Rollback()
			return err
		}
	}
	return t.Tx.Commit()
}

// notice is the payload of the open transaction's change notice, and
// whether it sends one: the ids it noted, none when it noted that nothing
// shown changed, and "*" (everything) when it did not say.
func (c *pgConn) notice() (string, bool) {
	switch {
	case !c.noted:
		return "*", true
	case c.ids == "":
		return "", false
	case len(c.ids) > pgNoticeMax:
		return "*", true
	}
	return c.ids, true
}

// CheckNamedValue passes every value to pgx as it is, but bools as 0 and 1:
// the store keeps flags in integer columns, as SQLite's driver does; and a
// NUL in a string as U+FFFD: PostgreSQL's text cannot hold NUL, which a
// carrier's or a marketplace's JSON may carry ("\u0000"), and one would
// fail the whole write it is in (TestNULInTextIsStored).
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bool:
		nv.Value = int64(0)
		if v {
			nv.Value = int64(1)
		}
	case string:
		if strings.IndexByte(v, 0) >= 0 {
			nv.Value = strings.ReplaceAll(v, "\x00", "\uFFFD")
		}
	}
	return nil
}

type pgStmt struct {
	*stdlib.Stmt
	c *pgConn
	q pgQuery
}

func (s *pgStmt) NumInput() int { return -1 } // named arguments are put in order by pgArgs

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.q.returning {
		rows, err := s.Stmt.QueryContext(ctx, pgArgs(s.q, args))
		if err != nil {
			return nil, err
		}
		return insertResult(rows)
	}
	return s.Stmt.ExecContext(ctx, pgArgs(s.q, args))
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.QueryContext(ctx, pgArgs(s.q, args))
}

func (s *pgStmt) CheckNamedValue(nv *driver.NamedValue) error { return s.c.CheckNamedValue(nv) }

// pgArgs puts named arguments in the order of their $N.
func pgArgs(pq pgQuery, args []driver.NamedValue) []driver.NamedValue {
	if len(pq.names) == 0 {
		return args
	}
	out := make([]driver.NamedValue, len(pq.names))
	for i, name := range pq.names {
		out[i].Ordinal = i + 1
		for _, a := range args {
			if a.Name == name {
				out[i].Value = a.Value
			}
		}
	}
	return out
}

// insertResult reads the ids an INSERT … RETURNING id gave back: as
// SQLite's LastInsertId, the last (largest) of them.
func insertResult(rows driver.Rows) (driver.Result, error) {
	defer rows.Close()
	var n, last int64
	dest := make([]driver.Value, 1)
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		n++
		if id, ok := dest[0].(int64); ok && id > last {
			last = id
		}
	}
	return pgResult{last: last, n: n}, nil
}

type pgResult struct{ last, n int64 }

func (r pgResult) LastInsertId() (int64, error) { return r.last, nil }
func (r pgResult) RowsAffected() (int64, error) { return r.n, nil }

// openPG opens the PostgreSQL store at u: a writer pool of one connection
// (as SQLite's: within a process writes queue in Go; across processes the
// write lock orders them) and a read pool whose transactions are read-only
// snapshots (REPEATABLE READ), as SQLite's readers see one.
func openPG(ctx context.Context, u string, o pgOptions) (_ *DB, err error) {
	wcfg, err := pgx.ParseConfig(u)
	if err != nil {
		return nil, tracker.Wrapf(tracker.StoreBadPGURL) // pgx's error quotes the URL
	}
	// As SQLite's busy_timeout: a writer waits this long for the write
	// lock (or a row lock), then fails with ErrLocked.
	wcfg.RuntimeParams["lock_timeout"] = "5s"
	rcfg := wcfg.Copy()
	delete(rcfg.RuntimeParams, "lock_timeout")
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	rcfg.RuntimeParams["default_transaction_isolation"] = "repeatable read"
	// pgx prepares every statement, and after five runs PostgreSQL plans a
	// prepared one once for any argument, guessing how many parcels a
	// filter word matches: it then joins every match and sorts them even
	// when thousands match (a 20k-order store: 60-100 ms a keystroke)
	// rather than walk the list index and stop at the page. The reads'
	// plans depend on their arguments (a word, a status, a cursor), and
	// planning them costs well under a millisecond.
	rcfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	// A read that PostgreSQL runs in parallel starts worker processes for
	// it, which on a busy machine took longer than the read: the exact
	// count of `US` at 100k orders, load 9, 81-92 ms with two workers,
	// 11-23 ms without; of `in tr` 203-247 ms and 51-69 ms. The screen's
	// reads are small and many; the server's cores are its other users'.
	rcfg.RuntimeParams["max_parallel_workers_per_gather"] = "0"
	db := &DB{path: Redact(u), pg: true, listen: wcfg.Copy()}
	delete(db.listen.RuntimeParams, "lock_timeout")
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	db.read = sql.OpenDB(pgConnector{Connector: stdlib.GetConnector(*rcfg)})
	db.read.SetMaxOpenConns(readConns + 1)
	db.read.SetMaxIdleConns(readConns + 1)
	var wc driver.Connector = pgConnector{Connector: stdlib.GetConnector(*wcfg), writer: true, noWriteLock: o.noWriteLock}
	if o.wrapWriter != nil {
		wc = o.wrapWriter(wc)
	}
	db.write = sql.OpenDB(wc)
	db.write.SetMaxOpenConns(1)
	if err := db.write.PingContext(ctx); err != nil {
		return nil, pgClassify(err)
	}
	// A screen opens the connection DataVersion holds, and the pool's
	// others, while the writer checks the schema (warmReads). A one-shot
	// command (list, add, show …) makes a read or two, or none: its
	// readers open as it asks for them, DataVersion's when it is asked.
	var dv chan dvConn
	if o.warm {
		dv = openDV(ctx, db.read)
		defer func() {
			if err != nil && dv != nil { // the read pool's Close leaves a held connection open
				go func() {
					if d := <-dv; d.c != nil {
						d.c.Close()
					}
				}()
			}
		}()
	}
	// The readers plan pgWarmSQL once the tables are there (a new
	// database has none until migratePG), or not at all if opening fails.
	migrated, once := make(chan bool, readConns), sync.Once{}
	warm := func(ok bool) {
		once.Do(func() {
			for range readConns {
				migrated <- ok
			}
		})
	}
	defer warm(false)
	if o.warm {
		warmReads(ctx, db.read, readConns, migrated)
	}
	if err := migratePG(ctx, db.write, -1); err != nil {
		return nil, err
	}
	warm(true)
	if !o.noWriteLock {
		if _, err := foldCounts(ctx, db.write); err != nil {
			return nil, err
		}
	}
	if dv != nil {
		d := <-dv
		dv = nil
		if db.dv, err = d.c, d.err; err != nil {
			return nil, pgClassify(err)
		}
	}
	return db, nil
}

// dvConn is the connection DataVersion holds, once open.
type dvConn struct {
	c   *sql.Conn
	err error
}

// openDV opens DataVersion's connection of the read pool in the
// background.
func openDV(ctx context.Context, read *sql.DB) chan dvConn {
	dv := make(chan dvConn, 1)
	go func() {
		c, err := read.Conn(ctx)
		dv <- dvConn{c, err}
	}()
	return dv
}

// warmReads opens n connections of the read pool at once, in the
// background, and leaves them idle in it. Each PostgreSQL connection is a
// new server process; opened as the first frame's reads asked for them,
// the writer's first, then up to five at once after the store was open,
// they were most of the first frame (the server's log at 100k orders,
// load 16: 100-120 ms from each connection's start to its first query).
// Opened here they start once the writer's is open (started with it,
// six processes at once on two busy cores slowed the writer's by more
// than they gained), while it checks the schema. All n are held until
// the last is open, so that none is handed back and taken again in place
// of a new one. Each then plans pgWarmSQL once migrated says so, which
// loads into the new process what it knows of the screen's tables and
// their indexes: a first list page on a new connection took 28-58 ms,
// 6-19 ms after it (psql, load 11-15).
func warmReads(ctx context.Context, read *sql.DB, n int, migrated <-chan bool) {
	conns := make([]*sql.Conn, n)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			// An error here is the first read's to meet and report.
			c, err := read.Conn(ctx)
			if err != nil {
				return
			}
			conns[i] = c
			select {
			case ok := <-migrated:
				if !ok {
					return
				}
			case <-ctx.Done():
				return
			}
			if rows, err := c.QueryContext(ctx, pgWarmSQL); err == nil {
				rows.Close()
			}
		})
	}
	go func() {
		wg.Wait()
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
}

// pgWarmSQL names the tables the first frame reads, joined as it joins
// them; it finds no row (no parcel has id 0).
const pgWarmSQL = `SELECT 1 /* waybill: warm */ FROM shipments s JOIN orders o ON o.id = s.order_id
	LEFT JOIN exceptions x ON x.shipment_id = s.id LEFT JOIN cases c ON c.shipment_id = s.id
	LEFT JOIN watches w ON w.order_id = o.id LEFT JOIN events e ON e.shipment_id = s.id
	LEFT JOIN deadlines d ON d.order_id = o.id WHERE s.id = 0`

// foldCounts folds the counters' slots into one row each (migration 0028)
// when no one writes, and says whether it did: each backend that ever
// changed a count has a slot, and the screen sums them. Opening a store
// beside a busy writer does not wait for it: then the fold is left for
// another time. Nor does opening a store with nothing to fold write: the
// fold's transaction (its plpgsql compiled in each new session, and a
// commit) was 27-100 ms of every first frame at 20k-100k orders.
func foldCounts(ctx context.Context, w *sql.DB) (bool, error) {
	var slots bool
	if err := w.QueryRowContext(ctx, unfoldedSQL).Scan(&slots); err != nil {
		return false, fmt.Errorf("fold the counters: %w", err)
	}
	if !slots {
		return false, nil
	}
	tx, err := begin(unlockedWrite(ctx), w)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var alone bool
	if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(?)`, int64(pgWriteLock)).Scan(&alone); err != nil {
		return false, fmt.Errorf("fold the counters: %w", err)
	}
	if !alone {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT waybill_fold_counts()`); err != nil {
		return false, fmt.Errorf("fold the counters: %w", err)
	}
	// The sums are the same: no screen needs to know.
	if _, err := tx.ExecContext(ctx, noteChangedSQL, ""); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// unfoldedSQL says whether any counter has a slot besides 0 to fold.
const unfoldedSQL = `SELECT EXISTS (SELECT 1 FROM shipment_count_slots WHERE slot <> 0)
	OR EXISTS (SELECT 1 FROM exception_count_slots WHERE slot <> 0)
	OR EXISTS (SELECT 1 FROM outbox_count_slots WHERE slot <> 0)
	OR EXISTS (SELECT 1 FROM checked_count_slots WHERE slot <> 0)`

// pgClassify keeps pgx's errors but drops a URL (and its password) from them.
func pgClassify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return tracker.Wrapf(tracker.StoreConnectPG, ce.Unwrap())
	}
	return err
}

// isPGLockTimeout reports whether err is PostgreSQL's lock_not_available:
// lock_timeout passed while waiting for a lock.
func isPGLockTimeout(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "55P03"
}

// isPGUnique reports whether err is PostgreSQL's unique_violation.
func isPGUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
