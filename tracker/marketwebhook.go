package tracker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// WebhookIDKeep is how long a marketplace's webhook ids are kept to drop
// repeats: Shopify retries a delivery 8 times over 4 hours
// (MARKETPLACES.md S14, secondary), so a week covers every retry with
// room for a store that was stopped meanwhile; older ids are pruned.
const WebhookIDKeep = 7 * 24 * time.Hour

// WebhookLog keeps the ids of the marketplaces' webhook deliveries (store
// migration 0021), so a repeat is dropped after a restart and by every
// process on the store. NoteWebhook records id for market at now unless
// it is recorded already (repeat true), and forgets ids noted before
// forget, in one transaction.
type WebhookLog interface {
	NoteWebhook(ctx context.Context, market, id string, now, forget time.Time) (repeat bool, err error)
}

// ErrNoWebhookLog is returned by a store that keeps no webhook ids.
var ErrNoWebhookLog = errors.New("this store keeps no webhook ids")

// WebhookRepeat records a webhook delivery's id (Shopify's
// X-Shopify-Webhook-Id) and reports whether it was seen before, by this
// process or another on the store, within WebhookIDKeep. The receiver
// drops a repeat. An empty id is never a repeat and is not kept.
func (s *Service) WebhookRepeat(ctx context.Context, market, id string) (bool, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return false, nil
	}
	wl, ok := s.store.(WebhookLog)
	if !ok {
		return false, ErrNoWebhookLog
	}
	now := s.clock.Now()
	repeat, err := wl.NoteWebhook(ctx, market, id, now, now.Add(-WebhookIDKeep))
	if err != nil {
		return false, fmt.Errorf("note %s webhook id %q: %w", market, Sanitize(id), err)
	}
	return repeat, nil
}
