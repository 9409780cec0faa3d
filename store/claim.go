package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"waybill/tracker"
)

// claimSQL claims the due, unclaimed shipments in one statement. The
// subquery repeats the WHERE of index shipments_due word for word, so it
// walks that index in due order and stops at the limit; a claimed row costs
// one read of the row to see its lease. RETURNING comes back in no
// particular order, so ClaimDue sorts.
var claimSQL = `UPDATE shipments SET lease_owner = :owner, lease_until = :until
WHERE id IN (SELECT s.id FROM shipments s
	WHERE ` + movingSQL + ` AND s.next_check_at <= :now
		AND (s.lease_until IS NULL OR s.lease_until <= :now)
	ORDER BY s.next_check_at, s.id LIMIT :limit)
RETURNING ` + shipmentReturning + `, ` + strings.ReplaceAll(phoneCol, "s.", "")

// claimSQLPG is claimSQL for PostgreSQL: the subquery locks the rows it
// picks and skips those another transaction holds locked. Two servers
// claiming at the same instant each get their own parcels: one skips what
// the other is claiming, and a row whose claim committed meanwhile is
// read again (READ COMMITTED's recheck of FOR UPDATE) and left out by its
// lease. Without SKIP LOCKED the second would wait, then claim from the
// snapshot it started with, parcels the first already holds.
var claimSQLPG = strings.Replace(claimSQL, "LIMIT :limit)", "LIMIT :limit FOR UPDATE SKIP LOCKED)", 1)

// phoneCol is the phone of a parcel's order, read beside shipmentCols
// where the parcel is about to be asked about (ClaimDue, Shipment): some
// services want it (tracker.TrackRequest.Phone). Lists and screens do not
// read it.
const phoneCol = `(SELECT p.phone FROM orders p WHERE p.id = s.order_id)`

const (
	deferSQL   = `UPDATE shipments SET lease_until = ? WHERE id = ? AND lease_owner = ?`
	releaseSQL = `UPDATE shipments SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?`
)

// ClaimDue claims up to limit (all when limit <= 0) shipments that can still
// move, whose next check is at or before now and that nobody holds (no claim,
// or one that ended at or before now), for owner until now+lease. It returns
// them longest overdue first (next check, then id).
//
// It runs in one write transaction, and on SQLite the writer begins with
// BEGIN IMMEDIATE, so two processes claiming at once take turns and never
// get the same shipment; on PostgreSQL the claim skips rows another
// claimer holds (claimSQLPG). ApplyUpdates releases a claim; a claim nobody releases (its
// process died) ends by itself.
//
// On PostgreSQL it runs beside other shared writers (pgWriteLock): its one
// statement never waits for a row, as it skips the rows others hold (a
// parcel mid-ingest is claimed on a later pass), and what it decides on is
// the rows it locks. Run alone, each pass's claim waited for every ingest
// and casework transaction on every server, and held them up meanwhile.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]tracker.Shipment, error) {
	if owner == "" {
		return nil, errors.New("claim due shipments: empty owner")
	}
	if lease < time.Second {
		return nil, fmt.Errorf("claim due shipments: lease %v is shorter than a second", lease)
	}
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return nil, fmt.Errorf("claim due shipments: %w", err)
	}
	defer tx.Rollback()
	q := claimSQL
	if db.pg {
		q = claimSQLPG
	}
	rows, err := tx.QueryContext(ctx, q, sql.Named("owner", owner), sql.Named("until", now.Add(lease).Unix()),
		sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("claim due shipments: %w", classify(err))
	}
	var out []tracker.Shipment
	for rows.Next() {
		var sh tracker.Shipment
		if err := rows.Scan(append(shipmentDest(&sh), &sh.Phone)...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim due shipments: %w", err)
		}
		out = append(out, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim due shipments: %w", classify(err))
	}
	if err := db.noteChanged(ctx, tx, nil); err != nil { // a claim is not shown
		return nil, fmt.Errorf("claim due shipments: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim due shipments: %w", classify(err))
	}
	slices.SortFunc(out, func(x, y tracker.Shipment) int {
		if c := x.NextCheckAt.Compare(y.NextCheckAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return out, nil
}

// DeferClaims extends owner's claims on ids until until, leaving alone any
// of them owner no longer holds (released, or taken over after expiring).
// The shipments keep their place in the due order, so they are claimable
// again, by anyone, from until on. A shared writer on PostgreSQL: it
// changes only rows owner holds, in id order, the order every shared
// writer locks parcels in (lockShipments), so it never waits in a circle.
func (db *DB) DeferClaims(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	if until.IsZero() {
		return fmt.Errorf("defer %d claims: no time to defer them to", len(ids))
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return fmt.Errorf("defer %d claims: %w", len(ids), err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, deferSQL)
	if err != nil {
		return fmt.Errorf("defer %d claims: %w", len(ids), err)
	}
	defer st.Close()
	for _, id := range ids {
		if _, err := st.ExecContext(ctx, until.Unix(), id, owner); err != nil {
			return fmt.Errorf("defer claim on shipment %d: %w", id, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("defer %d claims: %w", len(ids), classify(err))
	}
	return nil
}

// ReleaseClaims drops every claim owner holds, expired or not.
func (db *DB) ReleaseClaims(ctx context.Context, owner string) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return fmt.Errorf("release claims of %s: %w", owner, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, releaseSQL, owner); err != nil {
		return fmt.Errorf("release claims of %s: %w", owner, classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("release claims of %s: %w", owner, classify(err))
	}
	return nil
}
