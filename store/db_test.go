package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func TestMigrationsRunOnceAndRecordVersion(t *testing.T) {
	ctx := context.Background()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "waybill.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := schemaVersion(ctx, db.read); err != nil || v != ms[len(ms)-1].version {
		t.Fatalf("user_version = %d, %v; want %d", v, err, ms[len(ms)-1].version)
	}
	for _, table := range []string{"orders", "shipments", "events", "exceptions", "meta"} {
		if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table); n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	if err := db.SetMeta(ctx, "kept", "yes"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Re-opening must not run 0001 again: it would fail on CREATE TABLE, and
	// the data must still be there.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("re-open: %v", err)
	}
	defer db.Close()
	if v, _ := schemaVersion(ctx, db.read); v != ms[len(ms)-1].version {
		t.Errorf("user_version after re-open = %d, want %d", v, ms[len(ms)-1].version)
	}
	if v, ok, err := db.Meta(ctx, "kept"); v != "yes" || !ok || err != nil {
		t.Errorf("Meta(kept) = %q, %v, %v after re-open", v, ok, err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	sqliteOnly(t, "SQLite pragmas")
	path := filepath.Join(t.TempDir(), "w.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "newer than this waybill") {
		t.Fatalf("Open = %v, want a schema-too-new error", err)
	}
}

func TestPragmas(t *testing.T) {
	sqliteOnly(t, "SQLite pragmas")
	db := openTest(t)
	for _, tc := range []struct {
		pool   string
		db     *sql.DB
		pragma string
		want   string
	}{
		{"writer", db.write, "journal_mode", "wal"},
		{"writer", db.write, "foreign_keys", "1"},
		{"writer", db.write, "synchronous", "1"},
		{"writer", db.write, "busy_timeout", "5000"},
		{"writer", db.write, "query_only", "0"},
		{"reader", db.read, "journal_mode", "wal"},
		{"reader", db.read, "foreign_keys", "1"},
		{"reader", db.read, "busy_timeout", "5000"},
		{"reader", db.read, "query_only", "1"},
	} {
		t.Run(tc.pool+"/"+tc.pragma, func(t *testing.T) {
			var got string
			if err := tc.db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
	if stats := db.write.Stats(); stats.MaxOpenConnections != 1 {
		t.Errorf("writer allows %d connections, want 1", stats.MaxOpenConnections)
	}
	if _, err := db.read.Exec(`INSERT INTO meta (key, value) VALUES ('x', 'y')`); err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("write through the read pool: %v, want a readonly error", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not sqlite at all ", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.db")
	if err := os.WriteFile(short, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(dir, "file")
	if err := os.WriteFile(aFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		is         error
		want       string
	}{
		{"garbage bytes", garbage, ErrNotDatabase, "open store " + garbage + ": file is not a database"},
		{"too short for a header", short, ErrNotDatabase, "open store " + short + ": file is not a database"},
		{"a directory", dir, nil, "open store " + dir + ": is a directory"},
		{"a file where a folder should be", filepath.Join(aFile, "sub", "w.db"), nil, "not a directory"},
		// A missing folder is a typo more likely than a wish: Open makes
		// the file, never its folder (main makes the default one).
		{"folder missing", filepath.Join(dir, "no", "such", "w.db"), ErrNoFolder, "folder does not exist: " + filepath.Join(dir, "no", "such")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(context.Background(), tc.path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open made a folder: %v", err)
	}
	if before, _ := os.ReadFile(garbage); !strings.HasPrefix(string(before), "not sqlite") {
		t.Error("Open changed a file that is not a database")
	}
}

func TestOpenUnreadableFile(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every file")
	}
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, nil, 0o000); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || err.Error() != "open store "+path+": permission denied" {
		t.Fatalf("Open = %v, want permission denied with the path", err)
	}
}

// A new file whose write lock another process holds cannot be migrated:
// Open gives up when its context ends and says why.
func TestOpenLockedNewFile(t *testing.T) {
	sqliteOnly(t, "opens the SQLite file directly")
	path := filepath.Join(t.TempDir(), "w.db")
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	db, err := Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded while another connection held the write lock")
	}
	if !errors.Is(err, ErrLocked) || !strings.HasPrefix(err.Error(), "open store "+path+": ") ||
		!strings.Contains(err.Error(), "database is locked (another waybill is writing?)") {
		t.Errorf("error = %q, want the path and a lock explanation", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Open waited %v past its context", d)
	}
}

// An up-to-date store opens beside a busy writer (a TUI next to `waybill
// refresh`); its own writes wait, and fail clearly when they wait too long.
func TestWriteWhileAnotherWriterHoldsTheLock(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	tx, err := a.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('a', '1')`); err != nil {
		t.Fatal(err)
	}

	b, err := Open(ctx, a.Path())
	if err != nil {
		t.Fatalf("Open beside a writer: %v", err)
	}
	defer b.Close()
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = b.SetMeta(short, "b", "1")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "set meta b: database is locked (another waybill is writing?)") {
		t.Fatalf("SetMeta while locked = %v", err)
	}

	tx.Rollback()
	if err := b.SetMeta(ctx, "b", "1"); err != nil {
		t.Fatalf("SetMeta after the lock was released: %v", err)
	}
}

func TestDataVersionSeesOtherConnections(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	v0, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// On PostgreSQL the version is the server's snapshot, which any
	// database's writes move (the other tests' too): it may move for
	// nothing, by design (DataVersion), so only SQLite's must stand still.
	if v, _ := a.DataVersion(ctx); v != v0 && !onPG() {
		t.Fatalf("data_version moved from %d to %d with no commit", v0, v)
	}

	// Our own writer is another connection, so its commits count too.
	if err := a.SetMeta(ctx, "k", "1"); err != nil {
		t.Fatal(err)
	}
	v1, _ := a.DataVersion(ctx)
	if v1 == v0 {
		t.Errorf("data_version unchanged after our own writer committed")
	}

	b, err := Open(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetMeta(ctx, "k", "2"); err != nil {
		t.Fatal(err)
	}
	b.Close()
	v2, _ := a.DataVersion(ctx)
	if v2 == v1 {
		t.Errorf("data_version unchanged after another DB committed")
	}
}

// helperEnv makes the test binary a second waybill process that writes to
// the store named in it and exits.
const helperEnv = "WAYBILL_STORE_TEST_WRITE"

func TestDataVersionSeesOtherProcess(t *testing.T) {
	if path := os.Getenv(helperEnv); path != "" {
		db, err := Open(context.Background(), path)
		if err == nil {
			err = db.SetMeta(context.Background(), "from", "child")
			db.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	ctx := context.Background()
	db := openTest(t)
	before, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDataVersionSeesOtherProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+db.Path())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	after, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Error("data_version unchanged after another process committed")
	}
	if v, ok, _ := db.Meta(ctx, "from"); !ok || v != "child" {
		t.Errorf("Meta(from) = %q, %v; want the child's write", v, ok)
	}
}

func TestDSNEscapesPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir?x#y%z")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), filepath.Join(dir, "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(filepath.Join(dir, "w.db")); err != nil {
		t.Fatalf("database not at the path asked for: %v", err)
	}
}

// A long write must not block a screen: reads come from their own pool and,
// in WAL mode, see the last commit while the writer works.
func TestReadsDuringAWrite(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	addShipment(t, db, "ORD-1", "LX000000001CN", t0)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM orders`); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	rows, err := db.ListShipments(short, tracker.ListQuery{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("ListShipments during a write = %d rows, %v; want the committed row", len(rows), err)
	}
	if _, err := db.FindOrder(short, "ORD-1", true); err != nil {
		t.Fatalf("FindOrder during a write: %v", err)
	}
}

// store.path's folder is checked when the config is read, whether or not
// --db overrides it this time.
func TestCheckConfigStorePath(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ path, want string }{
		{"", ""},
		{filepath.Join(dir, "w.db"), ""},
		{filepath.Join(dir, "none", "w.db"), "config c.toml line 2: store.path = \"" + filepath.Join(dir, "none", "w.db") + "\": folder does not exist: " + filepath.Join(dir, "none")},
	} {
		_, err := tracker.ParseConfig("c.toml", []byte(fmt.Sprintf("[store]\npath = %q\n", tc.path)), CheckConfig)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: error %v, want %q", tc.path, err, tc.want)
		}
	}
}
