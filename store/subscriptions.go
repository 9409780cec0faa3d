package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"waybill/tracker"
)

// unsubscribedSQL picks, of the shipments ?1 (a JSON array of ids), those
// whose number and carrier service ?2 has no record of, or only a refusal
// recorded before ?3: one look-up of the subscriptions key per shipment.
const unsubscribedSQL = `SELECT s.id FROM json_each(?1) j CROSS JOIN shipments s ON s.id = j.value
WHERE NOT EXISTS (SELECT 1 FROM subscriptions b WHERE b.service = ?2 AND b.tracking_no = s.tracking_no
	AND b.carrier = s.carrier AND (b.refused = '' OR b.at >= ?3))`

const recordSubscriptionSQL = `INSERT INTO subscriptions (service, tracking_no, carrier, at, refused) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (service, tracking_no, carrier) DO UPDATE SET at = excluded.at, refused = excluded.refused`

// Unsubscribed returns those of ships whose number (with its carrier)
// service was never asked to push, or refused before retryRefused, in the
// order given. It reads the numbers as stored, whatever ships holds.
func (db *DB) Unsubscribed(ctx context.Context, service string, ships []tracker.Shipment, retryRefused time.Time) ([]tracker.Shipment, error) {
	if len(ships) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ships))
	for i, sh := range ships {
		ids[i] = sh.ID
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, unsubscribedSQL, string(arg), service, retryRefused.Unix())
	if err != nil {
		return nil, fmt.Errorf("%s subscriptions of %d shipments: %w", service, len(ships), classify(err))
	}
	defer rows.Close()
	todo := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("%s subscriptions of %d shipments: %w", service, len(ships), err)
		}
		todo[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s subscriptions of %d shipments: %w", service, len(ships), classify(err))
	}
	var out []tracker.Shipment
	for _, sh := range ships {
		if todo[sh.ID] {
			out = append(out, sh)
			delete(todo, sh.ID) // a shipment named twice is asked about once
		}
	}
	return out, nil
}

// RecordSubscriptions records what service answered for each number, in
// one transaction, replacing earlier answers.
func (db *DB) RecordSubscriptions(ctx context.Context, now time.Time, service string, subs []tracker.PushSubscription) error {
	if len(subs) == 0 {
		return nil
	}
	tx, err := begin(ctx, db.write)
	if err != nil {
		return fmt.Errorf("record %d %s subscriptions: %w", len(subs), service, err)
	}
	defer tx.Rollback()
	for _, s := range subs {
		if _, err := tx.ExecContext(ctx, recordSubscriptionSQL, service, s.TrackingNo, s.Carrier, now.Unix(), s.Refused); err != nil {
			return fmt.Errorf("record %s subscription of %s: %w", service, s.TrackingNo, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record %d %s subscriptions: %w", len(subs), service, classify(err))
	}
	return nil
}

var _ tracker.SubscriptionStore = (*DB)(nil)
