package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"waybill/tracker"
)

// Change notices across servers (issue 25 item 3). On PostgreSQL every
// write transaction's COMMIT sends NOTIFY on pgChannel (pgTx), naming the
// shipments it changed when the writer said which (noteChanged), or "*"
// for everything. Every process's watcher LISTENs (ListenChanges) and
// publishes each notice on its hub, so a screen on one server shows an
// action taken on another as soon as it commits, where SQLite's screens
// poll DataVersion.

// pgChannel is the channel notices go out on.
const pgChannel = "waybill_changes"

// pgNoticeMax is the longest list of ids a notice carries; a longer one
// says "*". PostgreSQL refuses payloads of 8000 bytes or more.
const pgNoticeMax = 7000

// noteChangedSQL is not SQL: Exec'd in a PostgreSQL write transaction, the
// connection (pgConn.ExecContext) keeps its argument as the notice's ids.
const noteChangedSQL = "-- waybill: the transaction changed these shipments"

// noteChanged tells the notice of tx's commit which shipments it changed:
// all it changed that a screen shows, so none means no notice at all.
// Nothing on SQLite, whose screens poll.
func (db *DB) noteChanged(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if !db.pg {
		return nil
	}
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
		if b.Len() > pgNoticeMax {
			break // says "*" anyway (pgConn.notice)
		}
	}
	if _, err := tx.ExecContext(ctx, noteChangedSQL, b.String()); err != nil {
		return fmt.Errorf("note %d changed shipments: %w", len(ids), err)
	}
	return nil
}

// FeedsChanges reports whether ListenChanges has anything to listen to:
// true on PostgreSQL (tracker.ChangeFeed).
func (db *DB) FeedsChanges() bool { return db.pg && db.listen != nil }

// ListenChanges publishes a change for every notice of a committed write,
// by any process on the database (this one too: its own writes that
// publish nothing themselves show as well, as DataVersion's did), until
// ctx ends. A lost connection is made again after a second, and then
// publishes everything changed: notices sent meanwhile are lost. ready, if
// not nil, is called each time the listener is listening (tests wait for
// it).
func (db *DB) ListenChanges(ctx context.Context, publish func(tracker.Change), ready func()) error {
	if !db.FeedsChanges() {
		return fmt.Errorf("listen for changes to %s: only a PostgreSQL store sends them", db.path)
	}
	first := true
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, publish, func() {
			if !first {
				publish(tracker.Change{All: true})
			}
			first = false
			if ready != nil {
				ready()
			}
		})
		if ctx.Err() != nil {
			break
		}
		_ = err // the watcher has nowhere to report to; it tries again
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}

func (db *DB) listenOnce(ctx context.Context, publish func(tracker.Change), listening func()) error {
	cn, err := pgx.ConnectConfig(ctx, db.listen)
	if err != nil {
		return pgClassify(err)
	}
	defer cn.Close(context.WithoutCancel(ctx))
	if _, err := cn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return fmt.Errorf("listen %s: %w", pgChannel, err)
	}
	listening()
	for {
		n, err := cn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notices on %s: %w", pgChannel, err)
		}
		publish(parseNotice(n.Payload))
	}
}

// parseNotice reads a notice's payload: ids with commas, or anything else
// (the "*" of a writer that did not say) as everything.
func parseNotice(p string) tracker.Change {
	if p == "" || p == "*" {
		return tracker.Change{All: true}
	}
	parts := strings.Split(p, ",")
	ids := make([]int64, 0, len(parts))
	for _, s := range parts {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return tracker.Change{All: true}
		}
		ids = append(ids, id)
	}
	return tracker.Change{ShipmentIDs: ids}
}
