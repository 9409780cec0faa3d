package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"waybill/store"
	"waybill/store/pgtest"
)

// The end-to-end tests that use a store run on both engines (issue 25):
// on SQLite by default, and with WAYBILL_TEST_ENGINE=postgres on a fresh
// PostgreSQL database each, copied from a migrated template on one
// throwaway cluster a test binary starts (store/pgtest, the same code the
// store's own PostgreSQL pass uses). The binary gets the database's URL as
// its --db, so what the tests assert (output, --json, the screen, SSH)
// goes through the same program on either engine. Tests about SQLite's
// file itself (its shape read back in process, a kill mid-write, a full
// disk, file modes, migrations from older files) skip on PostgreSQL,
// saying why.

// pgPass reports whether this run is the PostgreSQL pass.
func pgPass() bool { return os.Getenv("WAYBILL_TEST_ENGINE") == "postgres" }

// e2eStore is the --db of a new, empty store for t: a file name in a new
// folder (the binary creates it), or on the PostgreSQL pass the URL of a
// new database with the migrations applied, dropped when t ends.
func e2eStore(t *testing.T) string {
	t.Helper()
	return e2eStoreIn(t, t.TempDir(), "w.db")
}

// e2eStoreIn is e2eStore with the SQLite file named name in dir, for a
// test that keeps other files beside its store (serve's host key goes
// beside an SQLite store, beside the config for a PostgreSQL one).
func e2eStoreIn(t *testing.T, dir, name string) string {
	t.Helper()
	if pgPass() {
		return pgtest.URL(t)
	}
	return filepath.Join(dir, name)
}

// sqliteOnlyE2E skips a test about SQLite's file itself on the PostgreSQL
// pass.
func sqliteOnlyE2E(t *testing.T, why string) {
	t.Helper()
	if pgPass() {
		t.Skip("SQLite only: " + why)
	}
}

// prepareTemplate migrates the template database every e2eStore database
// is copied from, once a test binary; the binary then finds nothing to
// migrate, as on any store it opened before. Migrating a new PostgreSQL
// database from empty is tested by the store's pass and by
// TestPGStoreByURL, whose database (pgtest.Standalone) starts empty.
func prepareTemplate(ctx context.Context, url string) error {
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	return db.Close()
}

// storeSQL is a test's own connection to the store at db, for reading
// back (or setting up) what the commands cannot show: SQLite opened
// read-only unless write, with a busy timeout, as the tests did before
// (the screen may still be closing its store), or the PostgreSQL
// database. Queries are written once, with ? for parameters.
type storeSQL struct {
	*sql.DB
	pg bool
}

func openStoreSQL(t *testing.T, db string, write bool) storeSQL {
	t.Helper()
	driver, dsn := "sqlite", "file:"+db+"?_pragma=busy_timeout(10000)"
	if !write {
		dsn += "&mode=ro"
	}
	pg := strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
	if pg {
		driver, dsn = "pgx", db
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open the store %s to read it back: %v", db, err)
	}
	t.Cleanup(func() { conn.Close() })
	return storeSQL{conn, pg}
}

// bind turns the ? of q into PostgreSQL's $1, $2, … on PostgreSQL.
func (s storeSQL) bind(q string) string {
	if !s.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s storeSQL) Query(q string, args ...any) (*sql.Rows, error) {
	return s.DB.Query(s.bind(q), args...)
}

func (s storeSQL) QueryRow(q string, args ...any) *sql.Row {
	return s.DB.QueryRow(s.bind(q), args...)
}

func (s storeSQL) Exec(q string, args ...any) (sql.Result, error) {
	return s.DB.Exec(s.bind(q), args...)
}
