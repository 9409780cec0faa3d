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
	os.Exit(pgtest.Main(m, func(ctx context.Context, url string) error {
		db, err := Open(ctx, url) // the migrations, once, into the template
		if err != nil {
			return err
		}
		return db.Close()
	}))
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
