package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

var _ tracker.Outbox = (*DB)(nil)

// defaultAlertLease is how long DueAlerts holds the alerts it hands out when
// SetAlertLease was not called.
const defaultAlertLease = 2 * time.Minute

// SetAlertLease sets how long DueAlerts holds the alerts it hands out before
// another sender (this process or another on the same file) may take them:
// longer than a send can take, short enough that a crashed sender's alerts
// go out soon after a restart.
func (db *DB) SetAlertLease(d time.Duration) {
	db.alertLease.Store(int64(max(d, time.Second)))
}

func (db *DB) lease() time.Duration {
	if d := db.alertLease.Load(); d > 0 {
		return time.Duration(d)
	}
	return defaultAlertLease
}

// Enqueueing: ApplyUpdates writes alerts with the applier's statements, in
// its transaction, so an alert exists exactly when the change it tells of
// was committed.

const (
	insertOutbox = `INSERT INTO outbox (key, channel, kind, severity, exception_id, shipment_id, subject, body, created_at, next_attempt_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key, channel) DO NOTHING`
	anyWatchSQL = `SELECT EXISTS (SELECT 1 FROM watches)`
)

// alertChannels are the app and every route that wants al.
func alertChannels(routes []tracker.AlertRoute, al tracker.Alert) []string {
	channels := []string{tracker.ChannelApp}
	for _, r := range routes {
		if r.Wants(al.Kind, al.Severity) && !slices.Contains(channels, r.Channel) {
			channels = append(channels, r.Channel)
		}
	}
	return channels
}

// watchedChange enqueues the alert a watcher of the order gets when its
// parcel has new events. The key names the newest new event, so the same
// news enqueued twice is one alert.
func (a *applier) watchedChange(p tracker.Policy, sh tracker.Shipment, o tracker.Order, newest tracker.Event, added int) {
	if !a.w.watched[o.ID] {
		return
	}
	subject, body := tracker.WatchAlert(sh, o, newest, added)
	a.w.enqueue(p.AlertRoutes(sh), tracker.Alert{
		Key:  "watch-" + strconv.FormatInt(sh.ID, 10) + "-" + hex.EncodeToString(eventKey(newest)),
		Kind: tracker.AlertWatch, Severity: tracker.SeverityLow, ShipmentID: sh.ID, Subject: subject, Body: body,
	}, -1)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// The sending side (tracker.Outbox).

const outboxCols = `id, key, channel, kind, severity, exception_id, shipment_id, subject, body, created_at,
	attempts, next_attempt_at, sent_at, last_error, read_at`

func alertDest(a *tracker.Alert) []any {
	return []any{&a.ID, &a.Key, &a.Channel, &a.Kind, &a.Severity, nullInt{&a.ExceptionID}, nullInt{&a.ShipmentID},
		&a.Subject, &a.Body, ts(&a.CreatedAt), &a.Attempts, ts(&a.NextAttemptAt), ts(&a.SentAt), &a.LastError, ts(&a.ReadAt)}
}

// nullInt scans a nullable id, NULL as 0.
type nullInt struct{ p *int64 }

func (n nullInt) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*n.p = 0
	case int64:
		*n.p = v
	default:
		return fmt.Errorf("id column holds %T, want an integer", v)
	}
	return nil
}

// claimAlertsSQL claims a channel's due alerts. The subquery is the WHERE of index
// outbox_due, so it walks that index in due order and stops at the limit;
// claiming moves next_attempt_at past the lease, which is what keeps a
// second sender away meanwhile.
const claimAlertsSQL = `UPDATE outbox SET next_attempt_at = :until
WHERE id IN (SELECT id FROM outbox
	WHERE channel = :channel AND sent_at IS NULL AND next_attempt_at <= :now
	ORDER BY next_attempt_at, id LIMIT :limit)
RETURNING ` + outboxCols

// claimAlertsSQLPG is claimAlertsSQL for PostgreSQL: as claimSQLPG, two
// senders on two servers skip each other's rows, so each alert goes to one.
var claimAlertsSQLPG = strings.Replace(claimAlertsSQL, "LIMIT :limit)", "LIMIT :limit FOR UPDATE SKIP LOCKED)", 1)

const anyDueSQL = `SELECT EXISTS (SELECT 1 FROM outbox WHERE channel = ? AND sent_at IS NULL AND next_attempt_at <= ?)`

// DueAlerts claims up to limit unsent alerts of a channel whose next attempt
// is at or before now, and returns them oldest first. Until the lease
// (SetAlertLease) ends, nobody else gets them: the caller marks each one
// sent or failed; if it dies first, they are due again when the lease ends,
// so an alert goes out at least once however a sender stops. A shared
// writer on PostgreSQL, as ClaimDue: its claim skips the rows others hold.
func (db *DB) DueAlerts(ctx context.Context, channel string, now time.Time, limit int) ([]tracker.Alert, error) {
	if limit <= 0 {
		limit = -1
	}
	// Senders ask every few seconds and mostly nothing is due: a read
	// says so without taking the write lock from the refresher.
	rows, err := db.query(ctx, anyDueSQL, channel, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("due %s alerts: %w", channel, err)
	}
	var due bool
	if err := scanOne(rows, &due); err != nil {
		return nil, fmt.Errorf("due %s alerts: %w", channel, err)
	}
	if !due {
		return nil, nil
	}
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return nil, fmt.Errorf("claim due %s alerts: %w", channel, err)
	}
	defer tx.Rollback()
	q := claimAlertsSQL
	if db.pg {
		q = claimAlertsSQLPG
	}
	rows, err = tx.QueryContext(ctx, q, sql.Named("until", now.Add(db.lease()).Unix()), sql.Named("channel", channel),
		sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("claim due %s alerts: %w", channel, classify(err))
	}
	var out []tracker.Alert
	for rows.Next() {
		var a tracker.Alert
		if err := rows.Scan(alertDest(&a)...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim due %s alerts: %w", channel, err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim due %s alerts: %w", channel, classify(err))
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim due %s alerts: %w", channel, classify(err))
	}
	slices.SortFunc(out, func(x, y tracker.Alert) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return out, nil
}

const (
	markSentSQL   = `UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL`
	markFailedSQL = `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND sent_at IS NULL`
)

// MarkSent records that the alerts went out at now.
func (db *DB) MarkSent(ctx context.Context, ids []int64, now time.Time) error {
	if err := db.eachID(ctx, markSentSQL, ids, now.Unix()); err != nil {
		return db.diskErr(fmt.Errorf("mark %d alerts sent: %w", len(ids), err))
	}
	return nil
}

// MarkFailed records a failed attempt at the alerts, with its reason, and
// when to try again.
func (db *DB) MarkFailed(ctx context.Context, ids []int64, reason string, next time.Time) error {
	if err := db.eachID(ctx, markFailedSQL, ids, reason, next.Unix()); err != nil {
		return db.diskErr(fmt.Errorf("mark %d alerts failed: %w", len(ids), err))
	}
	return nil
}

// eachID runs query once per id, the id last, in one transaction. A
// shared writer on PostgreSQL: each statement changes one alert its
// sender claimed, and they go in id order, so two senders marking the
// same alerts (a lease that ran out) take their rows in one order.
func (db *DB) eachID(ctx context.Context, query string, ids []int64, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return classify(err)
	}
	defer st.Close()
	for _, id := range ids {
		if _, err := st.ExecContext(ctx, append(args, id)...); err != nil {
			return classify(err)
		}
	}
	return classify(tx.Commit())
}
