package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"waybill/tracker"
)

// SetMeta stores a small named value (the demo marker, a last-run time …).
func (db *DB) SetMeta(ctx context.Context, key, value string) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set meta %s: %w", key, classify(err))
	}
	return nil
}

// Meta reads a value stored by SetMeta; ok is false when there is none.
func (db *DB) Meta(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("meta %s: %w", key, err)
	}
	return value, true, nil
}

// IsEmpty reports whether the store holds no orders, which is when waybill
// offers demo data.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var empty bool
	if err := db.read.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM orders)`).Scan(&empty); err != nil {
		return false, fmt.Errorf("is store empty: %w", err)
	}
	return empty, nil
}

// DataVersion returns a number that changes whenever any other connection,
// in this process or another, commits to the file. A screen polls it to learn
// that a `waybill refresh` beside it wrote something.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	db.dvMu.Lock()
	defer db.dvMu.Unlock()
	var v int64
	q := `PRAGMA data_version`
	if db.pg {
		// PostgreSQL has no commit counter for a database. The current
		// snapshot (lowest running transaction : next transaction id : the
		// ones running) changes whenever a write transaction starts or
		// ends anywhere on the server: a superset of our commits, so a
		// screen may re-read for nothing, never miss a change.
		q = `SELECT ('x' || substr(md5(pg_current_snapshot()::text), 1, 15))::bit(60)::bigint`
	}
	if db.dv == nil { // opened without Warm: the first call holds one
		c, err := db.read.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", classify(err))
		}
		db.dv = c
	}
	if err := db.dv.QueryRowContext(ctx, q).Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns an error
// listing what it found unless the answer is "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.pg {
		return nil // PostgreSQL checks its pages itself (and has amcheck for more); nothing like SQLite's pragma
	}
	rows, err := db.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return tracker.Wrapf(tracker.StoreIntegrity, db.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return tracker.Wrapf(tracker.StoreIntegrity, db.path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return tracker.Wrapf(tracker.StoreIntegrity, db.path, err)
	}
	if len(problems) > 0 {
		return tracker.Wrapf(tracker.StoreIntegrity, db.path, strings.Join(problems, "; "))
	}
	return nil
}
