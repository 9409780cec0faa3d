package store

import (
	"context"
	"fmt"
	"time"
)

// NoteWebhook records id as delivered by market at now unless it is
// recorded already (repeat true), and forgets ids noted before forget, in
// one transaction: of two processes noting one id at once, one is told
// it is new and the other that it is a repeat (tracker.WebhookLog).
func (db *DB) NoteWebhook(ctx context.Context, market, id string, now, forget time.Time) (repeat bool, err error) {
	tx, err := begin(ctx, db.write)
	if err != nil {
		return false, fmt.Errorf("note webhook %s: %w", market, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM market_webhooks WHERE seen_at < ?`, forget.Unix()); err != nil {
		return false, fmt.Errorf("note webhook %s: prune: %w", market, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO market_webhooks (market, id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (market, id) DO NOTHING`, market, id, now.Unix())
	if err != nil {
		return false, fmt.Errorf("note webhook %s: %w", market, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("note webhook %s: %w", market, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("note webhook %s: %w", market, classify(err))
	}
	return n == 0, nil
}
