package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migrations are numbered files, 0001_name.sql, 0002_name.sql …, applied in
// order, each in its own transaction. The number of the last one applied is
// kept in PRAGMA user_version, which lives in the file header and so commits
// or rolls back with the migration itself.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations sorted by number, and checks
// that no number is used twice, so a misnamed file fails every test rather
// than one user's upgrade. Numbers may skip: they are handed out to work
// in progress on separate branches ahead of time, and a branch holds only
// its own.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, p := range names {
		name := strings.TrimPrefix(p, "migrations/")
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		b, err := migrationFiles.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version < 1 || i > 0 && m.version == ms[i-1].version {
			return nil, fmt.Errorf("migration %s: number %d is used twice or is not positive", m.name, m.version)
		}
	}
	return ms, nil
}

// migrate applies the migrations the file has not seen. A store that is up to
// date needs no write lock, so opening it beside a busy writer succeeds.
func migrate(ctx context.Context, w *sql.DB) error {
	return migrateTo(ctx, w, -1)
}

// migrateTo applies the migrations the file has not seen up to number
// target, or all of them when target < 0. Tests use it to build a store as
// an older waybill left it.
func migrateTo(ctx context.Context, w *sql.DB, target int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	have, err := schemaVersion(ctx, w)
	if err != nil {
		return classify(err)
	}
	if latest := ms[len(ms)-1].version; have > latest {
		return fmt.Errorf("schema version %d is newer than this waybill knows (%d): upgrade waybill", have, latest)
	}
	for _, m := range ms {
		if m.version <= have {
			continue
		}
		if target >= 0 && m.version > target {
			break
		}
		if err := applyMigration(ctx, w, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, w *sql.DB, m migration) error {
	tx, err := begin(ctx, w)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have migrated while we waited for the lock.
	have, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if have >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	// PRAGMA takes no bound parameters; the version is our own integer.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	rows, err := q.QueryContext(ctx, "PRAGMA user_version")
	if err == nil {
		err = scanOne(rows, &v)
	}
	return v, err
}
