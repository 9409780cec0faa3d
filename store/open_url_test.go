package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Open picks the engine by what it is given: a path or sqlite:PATH is an
// SQLite file, postgres:// and postgresql:// are PostgreSQL, and an error
// about a URL never carries its password.
func TestOpenByURL(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, at string
		file     string // the SQLite file it must make; "" for none
		err      string // what the error must say; "" for no error
	}{
		{"a path", filepath.Join(dir, "a.db"), filepath.Join(dir, "a.db"), ""},
		{"sqlite: and a path", "sqlite:" + filepath.Join(dir, "b.db"), filepath.Join(dir, "b.db"), ""},
		{"postgres:// nobody answers", "postgres://ana:s3cret@127.0.0.1:1/waybill?connect_timeout=5", "", "postgres://ana:xxxxx@127.0.0.1:1/waybill"},
		{"postgresql:// nobody answers", "postgresql://ana@127.0.0.1:1/waybill?password=s3cret&connect_timeout=5", "", "password=xxxxx"},
		{"a URL pgx cannot read", "postgres://ana:s3cret@127.0.0.1:1/waybill?sslmode=bogus", "", "bad PostgreSQL URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			db, err := Open(ctx, tc.at)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				if _, err := os.Stat(tc.file); err != nil {
					t.Errorf("Open(%q) made no file at %s: %v", tc.at, tc.file, err)
				}
				return
			}
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) = nil error, want one saying %q", tc.at, tc.err)
			}
			if !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("Open(%q) error %q: want it to say %q and never the password", tc.at, err, tc.err)
			}
		})
	}
}

// TestOpenRefusesNewerSchemaPG is TestOpenRefusesNewerSchema on
// PostgreSQL, whose number is in table schema_version.
func TestOpenRefusesNewerSchemaPG(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL only: TestOpenRefusesNewerSchema is its SQLite side")
	}
	ctx := context.Background()
	at := testStore(t)
	db, err := Open(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`UPDATE schema_version SET version = 9999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(ctx, at); err == nil || !strings.Contains(err.Error(), "newer than this waybill") {
		if db != nil {
			db.Close()
		}
		t.Fatalf("Open = %v, want a schema-too-new error", err)
	}
}
