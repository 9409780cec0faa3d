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

	"waybill/tracker"
)

// Migrations are numbered files, 0001_name.sql, 0002_name.sql …, applied in
// order, each in its own transaction. The number of the last one applied is
// kept in PRAGMA user_version, which lives in the file header and so commits
// or rolls back with the migration itself.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// PostgreSQL has its own numbered migrations, in migrations/postgres. A
// number means the same schema on both engines: the first PostgreSQL
// migration is 0025, the schema SQLite has after its 0025, and a change to
// the schema after it is one SQLite and one PostgreSQL migration of the
// same number. PostgreSQL keeps the number in table schema_version, as
// SQLite does in user_version, committed with the migration.
//
//go:embed migrations/postgres/*.sql
var pgMigrationFiles embed.FS

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
func migrations() ([]migration, error) { return readMigrations(migrationFiles, "migrations") }

func readMigrations(files embed.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(files, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, p := range names {
		name := strings.TrimPrefix(p, dir+"/")
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		b, err := files.ReadFile(p)
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
		return tracker.Wrapf(tracker.StoreSchemaNewer, have, latest)
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

// migratePG is migrateTo on PostgreSQL. Each migration runs in a write
// transaction (which takes the write lock, pgWriteLock), so two servers
// starting at once apply it once.
func migratePG(ctx context.Context, w *sql.DB, target int) error {
	ms, err := readMigrations(pgMigrationFiles, "migrations/postgres")
	if err != nil {
		return err
	}
	// Up to date (the usual case) needs no write lock: opening a store
	// beside a busy writer does not wait for it.
	var have int
	if w.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&have) == nil && have == ms[len(ms)-1].version {
		return nil
	}
	for _, m := range ms {
		if target >= 0 && m.version > target {
			break
		}
		if err := applyPGMigration(ctx, w, m, ms[len(ms)-1].version); err != nil {
			return fmt.Errorf("migration postgres/%s: %w", m.name, err)
		}
	}
	return nil
}

func applyPGMigration(ctx context.Context, w *sql.DB, m migration, latest int) error {
	tx, err := begin(ctx, w)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return err
	}
	if have > latest {
		return tracker.Wrapf(tracker.StoreSchemaNewer, have, latest)
	}
	if have >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, m.version); err != nil {
		return err
	}
	return tx.Commit()
}
