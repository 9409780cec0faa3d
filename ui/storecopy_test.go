package ui

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"waybill/store"
)

// migrated is a store with every migration applied, made once a test
// binary: openStore copies it rather than migrating each new file, as the
// store's own tests do (store.copyMigrated). Migrating a new file took
// about 6 s under -race on a busy machine, and the screen's store-backed
// tests open dozens (TestHelpListsEveryKeyThatWorks one a view).
var migrated struct {
	once sync.Once
	path string
	err  error
}

// openStore opens a new store at path, a copy of the migrated one: Open
// finds nothing to migrate, so it is the store a new file would be.
func openStore(t testing.TB, ctx context.Context, path string) (*store.DB, error) {
	t.Helper()
	migrated.once.Do(func() {
		dir, err := os.MkdirTemp("", "waybill-ui-migrated-")
		if err != nil {
			migrated.err = err
			return
		}
		migrated.path = filepath.Join(dir, "migrated.db")
		db, err := store.Open(context.Background(), migrated.path)
		if err != nil {
			migrated.err = err
			return
		}
		// Closing the last connection checkpoints the WAL into the file.
		migrated.err = db.Close()
	})
	if migrated.err != nil {
		return nil, migrated.err
	}
	b, err := os.ReadFile(migrated.path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(migrated.path)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, b, fi.Mode().Perm()); err != nil {
		return nil, err
	}
	return store.Open(ctx, path)
}

// TestMain removes the migrated store when the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	if migrated.path != "" {
		os.RemoveAll(filepath.Dir(migrated.path))
	}
	os.Exit(code)
}
