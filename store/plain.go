package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"waybill/tracker"
)

// Plain is the yardstick `waybill bench` holds ingest against: the same
// event rows inserted into a table with no dedupe key, no index and no
// rules, one prepared INSERT per row and one transaction per call, in a
// file of its own opened with the store's pragmas.
type Plain struct{ db *sql.DB }

// OpenPlain creates the yardstick's file at path, replacing any.
func OpenPlain(ctx context.Context, path string) (*Plain, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("plain insert file %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("plain insert file %s: %w", path, err)
		}
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE events (id INTEGER PRIMARY KEY, shipment_id INTEGER NOT NULL, time INTEGER,
		status TEXT NOT NULL, raw_status TEXT NOT NULL, location TEXT NOT NULL, description TEXT NOT NULL,
		exception TEXT NOT NULL, key BLOB NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("plain insert file %s: %w", path, classify(err))
	}
	return &Plain{db: db}, nil
}

// Insert writes every event of updates, repeats and all, in one
// transaction, and returns how many rows it wrote.
func (p *Plain) Insert(ctx context.Context, updates []tracker.Update) (int, error) {
	tx, err := begin(ctx, p.db)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO events (shipment_id, time, status, raw_status, location, description, exception, key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	n := 0
	for _, u := range updates {
		for _, e := range u.Events {
			if _, err := st.ExecContext(ctx, eventArgs(u.ShipmentID, e, eventKey(e))...); err != nil {
				return n, fmt.Errorf("plain insert: %w", err)
			}
			n++
		}
	}
	return n, tx.Commit()
}

// Close closes the file.
func (p *Plain) Close() error { return p.db.Close() }
