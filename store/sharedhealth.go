package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"waybill/tracker"
)

const sharedHealthSQL = `SELECT service, state, until_at, reason, key_print, recorded_at, recorded_by FROM service_health`

const recordHealthSQL = `INSERT INTO service_health (service, state, until_at, reason, key_print, recorded_at, recorded_by)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (service) DO UPDATE SET state = excluded.state, until_at = excluded.until_at, reason = excluded.reason,
	key_print = excluded.key_print, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`

const clearHealthSQL = `DELETE FROM service_health WHERE service = ? AND key_print = ?`

// SharedHealth returns every service's recorded pause or stop: a row per
// service at most, read at the start of each refresher pass.
func (db *DB) SharedHealth(ctx context.Context) ([]tracker.SharedHealth, error) {
	rows, err := db.query(ctx, sharedHealthSQL)
	if err != nil {
		return nil, fmt.Errorf("read shared service health: %w", classify(err))
	}
	defer rows.Close()
	var out []tracker.SharedHealth
	for rows.Next() {
		var h tracker.SharedHealth
		var state string
		var until sql.NullInt64
		var at int64
		if err := rows.Scan(&h.Service, &state, &until, &h.Reason, &h.KeyPrint, &at, &h.By); err != nil {
			return nil, fmt.Errorf("read shared service health: %w", err)
		}
		h.State, h.At = tracker.HealthState(state), time.Unix(at, 0)
		if until.Valid {
			h.Until = time.Unix(until.Int64, 0)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read shared service health: %w", classify(err))
	}
	return out, nil
}

// RecordHealth records a service's pause or stop, replacing its earlier
// record.
func (db *DB) RecordHealth(ctx context.Context, h tracker.SharedHealth) error {
	if h.State != tracker.HealthPaused && h.State != tracker.HealthStopped {
		return fmt.Errorf("record %s health: state %q: want %q or %q", h.Service, h.State, tracker.HealthPaused, tracker.HealthStopped)
	}
	var until any // NULL: a stop has no end
	if h.State == tracker.HealthPaused {
		// A pause ends on the second it names, or after: never before.
		until = h.Until.Add(time.Second - 1).Unix()
	}
	return db.healthWrite(ctx, "record "+h.Service+" health", recordHealthSQL,
		h.Service, string(h.State), until, h.Reason, h.KeyPrint, h.At.Unix(), h.By)
}

// ClearHealth drops service's record when it is for keyPrint: a call
// that worked with one key says nothing about another.
func (db *DB) ClearHealth(ctx context.Context, service, keyPrint string) error {
	return db.healthWrite(ctx, "clear "+service+" health", clearHealthSQL, service, keyPrint)
}

// healthWrite runs one write statement in its own transaction; what names what
// was being done, for the error.
func (db *DB) healthWrite(ctx context.Context, what, query string, args ...any) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, classify(err))
	}
	return nil
}

var _ tracker.HealthStore = (*DB)(nil)
