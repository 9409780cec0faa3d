-- 0021: the ids of the marketplaces' webhook deliveries (Shopify's
-- X-Shopify-Webhook-Id), so a repeat is dropped after a restart and by
-- every process on the store (tracker.Service.WebhookRepeat). Ids older
-- than tracker.WebhookIDKeep (7 days) are pruned as new ones come.
-- seen_at is unix seconds, UTC.
CREATE TABLE market_webhooks (
	market  TEXT NOT NULL,
	id      TEXT NOT NULL,
	seen_at INTEGER NOT NULL,
	PRIMARY KEY (market, id)
) WITHOUT ROWID;

-- Pruning reads the oldest first.
CREATE INDEX market_webhooks_seen ON market_webhooks (seen_at);
