package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"waybill/store/pgtest"
)

// The store's tests specify its behaviour once for both engines (issue
// 25). They run on SQLite; with WAYBILL_TEST_ENGINE=postgres, openTest
// opens a fresh PostgreSQL database for each test instead (pgtest), and
// the tests that are about SQLite itself (its pragmas, query plans, files)
// skip, saying why.
func TestMain(m *testing.M) {
	code := pgtest.Main(m, func(ctx context.Context, url string) error {
		db, err := Open(ctx, url) // the migrations, once, into the template
		if err != nil {
			return err
		}
		return db.Close()
	})
	removeMigrated()
	os.Exit(code)
}

// onPG reports whether this run is the PostgreSQL pass.
func onPG() bool { return os.Getenv("WAYBILL_TEST_ENGINE") == "postgres" }

// sqliteOnly skips a test about SQLite itself on the PostgreSQL pass.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPG() {
		t.Skip("SQLite only: " + why)
	}
}

// testStore is where a test that closes and opens its store again keeps
// it: a new SQLite file, or on the PostgreSQL pass a new database.
func testStore(t testing.TB) string {
	t.Helper()
	if onPG() {
		return pgtest.URL(t)
	}
	return filepath.Join(t.TempDir(), "waybill.db")
}

// failWrites makes the store fail, as a full disk would, each write to
// table (an insert or an update, op) of a row for which when (a condition
// on NEW, the same in both engines' SQL) holds: a trigger of each
// engine's own kind.
func failWrites(t testing.TB, db *DB, op, table, when, message string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER fail_write BEFORE ` + op + ` ON ` + table + ` WHEN ` + when +
		` BEGIN SELECT RAISE(ABORT, '` + message + `'); END`}
	if db.pg {
		stmts = []string{
			`CREATE FUNCTION fail_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '` + message + `'; END $$`,
			`CREATE TRIGGER fail_write BEFORE ` + op + ` ON ` + table + ` FOR EACH ROW WHEN (` + when + `) EXECUTE FUNCTION fail_write()`,
		}
	}
	for _, q := range stmts {
		if _, err := db.write.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
