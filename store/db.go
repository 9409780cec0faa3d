// Package store keeps waybill's orders, parcels, events and exceptions in one
// SQLite file. It implements tracker.Store for the refresher and
// tracker.Reader for screens and commands.
//
// Writes go through one connection, reads through a separate pool, so a long
// refresh never blocks a screen (DESIGN §7). Another process may write the
// same file; DataVersion tells when it did.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"waybill/tracker"
)

var (
	_ tracker.Store  = (*DB)(nil)
	_ tracker.Reader = (*DB)(nil)
)

// ErrLocked means another connection, most likely another waybill process,
// holds the write lock longer than we were willing to wait.
var ErrLocked = tracker.Wrapf(tracker.StoreLocked)

// ErrNotDatabase means the file exists but is not an SQLite database.
var ErrNotDatabase = tracker.Wrapf(tracker.StoreNotDatabase)

// readConns is the size of the read pool; DataVersion holds one more.
const readConns = 4

// readCacheKB is each read connection's page cache. SQLite's default,
// 2 MB, is kept by each of the pool's five connections, and the store's
// allocator (modernc's, size classes in powers of two) holds a 4 KB page
// with its header in 8 KB: on a store of 1,000,000 orders, where the
// filter's keys touch pages enough to fill every cache, the screen's peak
// memory grew from 48 MB (10,000 orders) to 95 MB, 2 to 3 MB a key
// (issue 24: memory flat in store size). At 512 KB the keys still filled
// the five caches: 48 and 61-63 MB (the bench's memory child, 10,000 and
// 1,000,000 orders); at 128 KB, 46-47 and 50-51 MB, with as many pages
// read from the operating system over the child's keys (126,723 pread
// calls against 129,736) and the first frame's reads within 5%: a large
// store's keys touch pages scattered too widely for a larger cache to keep.
// A page not cached is read again from the operating system's cache;
// the writer keeps its own 32 MB for ingest (dsn).
const readCacheKB = 128

// DB is an open store.
type DB struct {
	path  string  // the file, or the PostgreSQL URL without its password
	pg    bool    // on PostgreSQL (openPG) rather than SQLite
	write *sql.DB // exactly one connection: SQLite has one writer, and waiting in Go is cheaper than busy retries
	read  *sql.DB // query_only connections

	// listen is how ListenChanges connects (PostgreSQL only).
	listen *pgx.ConnConfig

	// dv is held for the life of the DB because PRAGMA data_version only
	// compares commits seen by one and the same connection.
	dvMu sync.Mutex
	dv   *sql.Conn

	// stmts caches prepared read statements by their SQL. Screens run the
	// same few queries on every key press, and preparing one costs about
	// as much as running it. Only fixed query shapes go here, so it stays small.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
	// testBulkRows, when set (by a test, before the first write), is the
	// rows per bulk INSERT in place of freshRows.
	testBulkRows int
	// testAddBatch, when set (by a test), is the orders per transaction
	// of AddOrders and ImportOrders in place of addBatch.
	testAddBatch int
	// testReads, when set (by a test, while no read runs), is told each
	// read query (DB.query) and its arguments, so a test can see what a
	// read asks the database and how it is planned.
	testReads func(query string, args []any)

	// applyPrepared holds ApplyUpdates' statements, prepared on the
	// writer once (see applyStmts).
	applyMu       sync.Mutex
	applyPrepared []*sql.Stmt

	alertLease atomic.Int64 // a time.Duration; see SetAlertLease

	eta       etaCache                           // the ETA model, built from history at most once per TTL
	prechecks atomic.Pointer[tracker.Prechecker] // see SetPrechecks
	// sparseMatches replaces the constant of the same name in tests, so
	// both ways of reading a filtered page run on a small store.
	sparseMatches *int
	// hashedIDs replaces pgHashedIDs in tests (pgCountByStatus).
	hashedIDs *int
	// unkeyed turns the keyed read of a filter (keyed.go) off in tests, so
	// its pages can be held against the id set's.
	unkeyed bool
}

// OpenOption changes how Open opens a store.
type OpenOption func(*pgOptions)

// Warm is Open's option for a process that shows the screen (waybill's
// screen, serve): on PostgreSQL it opens the read pool's five connections
// with the store, each a new server process, and plans on each the
// tables the first frame reads, so that the first frame waits for
// neither. A one-shot command (list, add …) opens without it, and its
// readers as it reads: it paid for six connections and used one or two.
// On SQLite it changes nothing (a reader is a file handle).
func Warm(o *pgOptions) { o.warm = true }

// ErrNoFolder is the error of Open for a path whose folder does not exist.
// Open creates the file but never its folder: a folder that is missing is
// most likely a typo, and a store made there would hold work nobody finds.
// The caller makes the default store's folder (private: 0700).
var ErrNoFolder = tracker.Wrapf(tracker.StoreNoFolder)

// Open opens the store at path, creating the file if needed (not its
// folder: see ErrNoFolder), and brings its schema up to date. A
// postgres:// or postgresql:// URL opens a PostgreSQL database instead
// (which must exist; its schema is made or brought up to date); a path, or
// sqlite:PATH, is an SQLite file.
func Open(ctx context.Context, path string, opts ...OpenOption) (*DB, error) {
	var o pgOptions
	for _, opt := range opts {
		opt(&o)
	}
	if IsURL(path) {
		db, err := openPG(ctx, path, o)
		if err != nil {
			return nil, tracker.Wrapf(tracker.StoreOpen, Redact(path), err)
		}
		return db, nil
	}
	path = strings.TrimPrefix(path, "sqlite:")
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, tracker.Wrapf(tracker.StoreOpen, path, err)
	}
	db, err := open(ctx, abs, o)
	if err != nil {
		return nil, tracker.Wrapf(tracker.StoreOpen, abs, err)
	}
	return db, nil
}

func open(ctx context.Context, path string, o pgOptions) (_ *DB, err error) {
	if err := checkFolder(filepath.Dir(path)); err != nil {
		return nil, err
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	db := &DB{path: path}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()

	if db.write, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		return nil, err
	}
	if o.wrapWriter != nil {
		drv := db.write.Driver()
		db.write.Close()
		db.write = sql.OpenDB(o.wrapWriter(dsnConnector{drv: drv, dsn: dsn(path, false)}))
	}
	db.write.SetMaxOpenConns(1)
	// The first connection runs the DSN pragmas: a file that is not a
	// database fails here.
	if err := db.write.PingContext(ctx); err != nil {
		return nil, classify(err)
	}
	if err := migrate(ctx, db.write); err != nil {
		return nil, err
	}

	if db.read, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, err
	}
	// Keep every read connection open: a new one runs the DSN pragmas and
	// prepares the cached statements again.
	db.read.SetMaxOpenConns(readConns + 1)
	db.read.SetMaxIdleConns(readConns + 1)
	if db.dv, err = db.read.Conn(ctx); err != nil {
		return nil, classify(err)
	}
	return db, nil
}

// dsnConnector opens a driver's connections by name, as sql.Open does:
// what pgOptions.wrapWriter wraps on SQLite.
type dsnConnector struct {
	drv driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// checkFile turns the usual reasons a file cannot be used (permissions, a
// folder in its place) into the operating system's own words, which say more
// than SQLite's "unable to open database file".
// CheckConfig is the store's part of checking a config, a
// tracker.ConfigCheck that main runs when any command starts: the folder
// store.path names exists, even when --db overrides it this time.
func CheckConfig(cfg tracker.Config) []*tracker.ConfigError {
	if cfg.Store.URL != "" {
		return nil // a URL names no folder; tracker checks its form
	}
	if cfg.Store.Path == "" || IsURL(cfg.Store.Path) {
		return nil
	}
	if err := checkFolder(filepath.Dir(cfg.Store.Path)); err != nil {
		return []*tracker.ConfigError{tracker.ConfigCause("store.path", tracker.ConfigValue(cfg.Store.Path), err)}
	}
	return nil
}

// checkFolder says what is wrong with the folder a store is to be in.
func checkFolder(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return tracker.Wrapf(tracker.StoreNoFolderAt, ErrNoFolder, dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return tracker.Wrapf(tracker.StoreNotFolder, dir)
	}
	return nil
}

func checkFile(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err == nil && fi.IsDir() {
		return tracker.Wrapf(tracker.StoreIsDirectory)
	}
	if err == nil {
		var f *os.File
		if f, err = os.OpenFile(path, os.O_RDWR, 0); err == nil {
			return f.Close()
		}
	}
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dsn builds the modernc.org/sqlite data source name. The path is a URI path,
// escaped, so names with '?', '#' or '%' stay names. The read pool must not
// use _txlock=immediate: BEGIN IMMEDIATE would take the write lock. The
// writer keeps 32 MB of pages rather than SQLite's 2 MB: ingest writes
// the dedupe index of events all over a store of a million events, and a
// page that has to be read again costs a system call. It checkpoints every
// 8,000 WAL pages (32 MB) rather than SQLite's 1,000: each batch rewrites
// the same index pages, and a checkpoint copies (and fsyncs) each page once
// however often it was rewritten since the last; at 1,000 checkpoints were
// a tenth of ingest (BenchmarkIngest: new events 93k/s -> 114k/s).
// Each read connection keeps readCacheKB of pages rather than SQLite's
// 2 MB (readCacheKB says why).
func dsn(path string, readOnly bool) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	q := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	if readOnly {
		q += "&_pragma=query_only(1)&_pragma=cache_size(-" + strconv.Itoa(readCacheKB) + ")"
	} else {
		q = "_txlock=immediate&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32768)&_pragma=wal_autocheckpoint(8000)&" + q
	}
	return u.String() + "?" + q
}

// classify replaces SQLite's result codes that a person can act on with our
// own errors.
func classify(err error) error {
	if isPGLockTimeout(err) {
		return ErrLocked
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // primary code; extended codes add detail we do not need
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return ErrLocked
		case sqlite3.SQLITE_NOTADB:
			return ErrNotDatabase
		}
	}
	return err
}

// begin starts a write transaction. The writer's DSN makes it BEGIN
// IMMEDIATE, so the write lock is taken here, and a busy store fails here,
// before any work, instead of halfway through.
func begin(ctx context.Context, w *sql.DB) (*sql.Tx, error) {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil, tracker.Wrapf(tracker.StoreLockedGaveUp, ErrLocked, ctx.Err())
		}
		return nil, classify(err)
	}
	return tx, nil
}

// stmt returns the read pool's prepared statement for query, preparing it
// the first time. The lock is not held while preparing: that waits for a
// pool connection, and everyone else would wait behind it for the lock,
// holding theirs.
func (db *DB) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := db.cachedStmt(query); st != nil {
		return st, nil
	}
	st, err := db.read.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if prev, ok := db.stmts[query]; ok { // prepared meanwhile by another reader
		st.Close()
		return prev, nil
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[query] = st
	return st, nil
}

// cachedStmt is query's prepared statement if there is one yet, else nil.
func (db *DB) cachedStmt(query string) *sql.Stmt {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	return db.stmts[query]
}

// query runs a read of a fixed shape through the statement cache.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if db.testReads != nil {
		db.testReads(query, args)
	}
	st, err := db.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// reads is DB.query as a querier, for helpers shared with transactions.
type reads struct{ db *DB }

func (r reads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.db.query(ctx, query, args...)
}

// Path is the absolute path of the database file, or on PostgreSQL its
// URL without the password.
func (db *DB) Path() string { return db.path }

// Close closes the dedicated connection and both pools.
func (db *DB) Close() error {
	db.eta.saving.Wait()
	var errs []error
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		errs = append(errs, st.Close())
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	db.applyMu.Lock()
	for _, st := range db.applyPrepared {
		errs = append(errs, st.Close())
	}
	db.applyPrepared = nil
	db.applyMu.Unlock()
	db.dvMu.Lock()
	if db.dv != nil {
		errs = append(errs, db.dv.Close())
		db.dv = nil
	}
	db.dvMu.Unlock()
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close store %s: %w", db.path, err)
	}
	return nil
}
