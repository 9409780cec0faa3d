package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"waybill/tracker"
)

var _ tracker.MarketStore = (*DB)(nil)

const marketCursorSQL = `SELECT since, page, high FROM market_sync WHERE marketplace = ? AND stream = ?`

const setMarketCursorSQL = `INSERT INTO market_sync (marketplace, stream, since, page, high, synced_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (marketplace, stream) DO UPDATE SET since = excluded.since, page = excluded.page, high = excluded.high, synced_at = excluded.synced_at`

// MarketCursor reads where marketplace's sync of stream stands; the zero
// cursor when it never ran.
func (db *DB) MarketCursor(ctx context.Context, marketplace, stream string) (tracker.MarketCursor, error) {
	var c tracker.MarketCursor
	var since, high int64
	err := db.read.QueryRowContext(ctx, marketCursorSQL, marketplace, stream).Scan(&since, &c.Page, &high)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read %s %s sync point: %w", marketplace, stream, classify(err))
	}
	return tracker.MarketCursor{Since: fromUnix0(since), Page: c.Page, High: fromUnix0(high)}, nil
}

func fromUnix0(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func unix0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func setCursor(ctx context.Context, tx *sql.Tx, marketplace, stream string, c tracker.MarketCursor, now time.Time) error {
	if _, err := tx.ExecContext(ctx, setMarketCursorSQL, marketplace, stream, unix0(c.Since), c.Page, unix0(c.High), now.Unix()); err != nil {
		return fmt.Errorf("write %s %s sync point: %w", marketplace, stream, classify(err))
	}
	return nil
}

// SetMarketCursor records where marketplace's sync of stream stands.
func (db *DB) SetMarketCursor(ctx context.Context, marketplace, stream string, c tracker.MarketCursor, now time.Time) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setCursor(ctx, tx, marketplace, stream, c, now); err != nil {
		return db.diskErr(err)
	}
	return db.diskErr(classify(tx.Commit()))
}

const marketSentSQL = `SELECT o.id, o.order_no, m.status, m.updated_at, m.sent FROM market_orders m JOIN orders o ON o.id = m.order_id
WHERE m.marketplace = ? AND o.order_no IN (SELECT value FROM json_each(?))`

// MarketSent returns what marketplace last sent for each of orderNos it
// has synced.
func (db *DB) MarketSent(ctx context.Context, marketplace string, orderNos []string) (map[string]tracker.MarketSent, error) {
	out := map[string]tracker.MarketSent{}
	if len(orderNos) == 0 {
		return out, nil
	}
	arr, err := json.Marshal(orderNos)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, marketSentSQL, marketplace, string(arr))
	if err != nil {
		return nil, fmt.Errorf("read what %s sent: %w", marketplace, classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var ms tracker.MarketSent
		var updated sql.NullInt64
		var sent string
		if err := rows.Scan(&ms.OrderID, &ms.OrderNo, &ms.Status, &updated, &sent); err != nil {
			return nil, fmt.Errorf("read what %s sent: %w", marketplace, err)
		}
		if updated.Valid {
			ms.UpdatedAt = time.Unix(updated.Int64, 0).UTC()
		}
		if err := json.Unmarshal([]byte(sent), &ms.Fields); err != nil {
			return nil, fmt.Errorf("read what %s sent for order %s: %w", marketplace, ms.OrderNo, err)
		}
		out[ms.OrderNo] = ms
	}
	return out, classify(rows.Err())
}

const saveSentSQL = `INSERT INTO market_orders (order_id, marketplace, status, updated_at, sent, synced_at)
SELECT id, ?, ?, ?, ?, ? FROM orders WHERE order_no = ?
ON CONFLICT (order_id) DO UPDATE SET marketplace = excluded.marketplace, status = excluded.status,
	updated_at = excluded.updated_at, sent = excluded.sent, synced_at = excluded.synced_at`

// SyncOrders writes one page of a marketplace's orders as ImportOrders
// does, what the marketplace sent for each, and the orders cursor after
// the page, all in one transaction: a process killed during it leaves the
// page and the cursor as they were before, and the next sync reads the
// page again.
func (db *DB) SyncOrders(ctx context.Context, now time.Time, marketplace string, orders []tracker.OrderDetail, sent []tracker.MarketSent, c tracker.MarketCursor) (tracker.Added, error) {
	var added tracker.Added
	after := func(tx *sql.Tx) error {
		for _, s := range sent {
			doc, err := json.Marshal(s.Fields)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, saveSentSQL, marketplace, s.Status, unix(s.UpdatedAt), string(doc), now.Unix(), s.OrderNo); err != nil {
				return fmt.Errorf("order %s: what %s sent: %w", s.OrderNo, marketplace, err)
			}
		}
		return setCursor(ctx, tx, marketplace, tracker.StreamOrders, c, now)
	}
	if err := db.addOrders(ctx, now, orders, &added, after); err != nil {
		return tracker.Added{}, db.diskErr(fmt.Errorf("sync %s orders: %w", marketplace, err))
	}
	return added, nil
}

const marketDisputeSQL = `SELECT order_id, coalesce(case_id, 0), status, open, kind, reason_cn, reason_en, buyer_wants, seller_offer,
	reply_by, reply_kind, outcome, updated_at FROM market_disputes WHERE marketplace = ? AND dispute_id = ?`

// MarketDispute reads a stored dispute.
func (db *DB) MarketDispute(ctx context.Context, marketplace, id string) (tracker.MarketDispute, bool, error) {
	d := tracker.MarketDispute{Dispute: tracker.Dispute{Marketplace: marketplace, ID: id}}
	var kind string
	var replyBy, updated sql.NullInt64
	err := db.read.QueryRowContext(ctx, marketDisputeSQL, marketplace, id).Scan(&d.OrderID, &d.CaseID, &d.Status, &d.Open, &kind,
		&d.ReasonCN, &d.ReasonEN, &d.BuyerWants, &d.SellerOffer, &replyBy, &d.ReplyKind, &d.Outcome, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("read %s dispute %s: %w", marketplace, id, classify(err))
	}
	d.Kind = tracker.ExceptionKind(kind)
	if replyBy.Valid {
		d.ReplyBy = time.Unix(replyBy.Int64, 0).UTC()
	}
	if updated.Valid {
		d.UpdatedAt = time.Unix(updated.Int64, 0).UTC()
	}
	return d, true, nil
}

const saveDisputeSQL = `INSERT INTO market_disputes (marketplace, dispute_id, order_id, case_id, status, open, kind, reason_cn, reason_en,
	buyer_wants, seller_offer, reply_by, reply_kind, outcome, updated_at, synced_at)
VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (marketplace, dispute_id) DO UPDATE SET order_id = excluded.order_id, case_id = coalesce(excluded.case_id, market_disputes.case_id),
	status = excluded.status, open = excluded.open, kind = excluded.kind, reason_cn = excluded.reason_cn, reason_en = excluded.reason_en,
	buyer_wants = excluded.buyer_wants, seller_offer = excluded.seller_offer, reply_by = excluded.reply_by,
	reply_kind = excluded.reply_kind, outcome = excluded.outcome, updated_at = excluded.updated_at, synced_at = excluded.synced_at`

// SaveMarketDispute stores a dispute as the marketplace last told it.
func (db *DB) SaveMarketDispute(ctx context.Context, d tracker.MarketDispute, now time.Time) error {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, saveDisputeSQL, d.Marketplace, d.ID, d.OrderID, d.CaseID, d.Status, d.Open, string(d.Kind),
		d.ReasonCN, d.ReasonEN, d.BuyerWants, d.SellerOffer, unix(d.ReplyBy), d.ReplyKind, d.Outcome, unix(d.UpdatedAt), now.Unix()); err != nil {
		return db.diskErr(fmt.Errorf("save %s dispute %s: %w", d.Marketplace, d.ID, classify(err)))
	}
	return db.diskErr(classify(tx.Commit()))
}
