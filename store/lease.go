package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// leaseKey is the meta key a named lease is kept under.
func leaseKey(name string) string { return "lease:" + name }

// TakeLease makes owner the holder of the lease name until until, when
// no one holds it, owner already does, or the holder's lease ended by
// now; held says whether owner holds it on return. The read and the
// write are one immediate transaction, so of two processes asking at once
// one gets it; on PostgreSQL, where two transactions may both read no
// holder, the transaction first takes an advisory lock of the lease's own
// (lockLease). Kept in meta: a lease is one small row, and a crashed
// holder's simply runs out (tracker.MarketSyncer). A shared writer on
// PostgreSQL (pgWriteLock): the lease's own lock orders its takers, and
// its row is written by no other path.
func (db *DB) TakeLease(ctx context.Context, name, owner string, now, until time.Time) (held bool, err error) {
	key := leaseKey(name)
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	defer tx.Rollback()
	if err := db.lockLease(ctx, tx, key); err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	var v string
	switch err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, fmt.Errorf("lease %s: %w", name, err)
	default:
		if holder, end, ok := parseLease(v); ok && holder != owner && end.After(now) {
			return false, nil
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, owner+"\t"+until.UTC().Format(time.RFC3339Nano)); err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	if err := db.noteChanged(ctx, tx, nil); err != nil { // no screen shows a lease
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("lease %s: %w", name, classify(err))
	}
	return true, nil
}

// ReleaseLease gives the lease name up if owner holds it, so another
// process may take it at once rather than when it runs out.
func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	key := leaseKey(name)
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	defer tx.Rollback()
	if err := db.lockLease(ctx, tx, key); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v); errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	if holder, _, ok := parseLease(v); ok && holder != owner {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, key); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("release lease %s: %w", name, classify(err))
	}
	return nil
}

// lockLease holds, until tx ends, PostgreSQL's advisory lock for the meta
// key of a lease, so TakeLease's read and write are one step for each
// lease: under READ COMMITTED two takers could otherwise both read that
// no one holds it (an absent row locks nothing; FOR UPDATE cannot help)
// and both write themselves in. A lock per lease rather than the store's
// write lock lets syncs of different marketplaces take theirs at once. The
// holder is still the row, which outlives a crashed process's connection
// only until it runs out: a session lock held through the sync would be
// lost with its connection mid-sync, while the row says who syncs for as
// long as it claims. Nothing on SQLite, whose writer is one at a time.
func (db *DB) lockLease(ctx context.Context, tx *sql.Tx, key string) error {
	if !db.pg {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, key); err != nil {
		return fmt.Errorf("advisory lock %s: %w", key, classify(err))
	}
	return nil
}

// parseLease reads "owner\tuntil"; a value that does not read is no
// holder's (ok false), so it is taken over rather than blocking for ever.
func parseLease(v string) (owner string, until time.Time, ok bool) {
	i := strings.LastIndexByte(v, '\t')
	if i < 0 {
		return "", time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v[i+1:])
	if err != nil {
		return "", time.Time{}, false
	}
	return v[:i], t, true
}

// wantKey is the meta key a wanted sync of the lease name is kept under.
func wantKey(name string) string { return "want:" + name }

// WantSync records that a sync under the lease name is wanted (a push
// reached a process not holding it), for the holder to run
// (tracker.SyncWants). The value is when, for a person reading meta.
func (db *DB) WantSync(ctx context.Context, name string, now time.Time) error {
	return db.SetMeta(ctx, wantKey(name), now.UTC().Format(time.RFC3339Nano))
}

// SyncWanted reports whether a sync under the lease name is wanted.
func (db *DB) SyncWanted(ctx context.Context, name string) (bool, error) {
	_, ok, err := db.Meta(ctx, wantKey(name))
	return ok, err
}

// TakeSyncWanted clears a wanted sync under the lease name and reports
// whether there was one, in one statement: of two takers one is told.
func (db *DB) TakeSyncWanted(ctx context.Context, name string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, wantKey(name))
	if err != nil {
		return false, fmt.Errorf("take wanted sync %s: %w", name, classify(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take wanted sync %s: %w", name, err)
	}
	return n > 0, nil
}
