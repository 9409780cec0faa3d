-- 0003: what the triage queue and alerts need.
--
-- orders.shipping_method lets the rules fall back on the promised delivery
-- days the marketplace sets per method when an order has no promised date.
ALTER TABLE orders ADD COLUMN shipping_method TEXT NOT NULL DEFAULT '';

-- Who did what to an exception, and when: acknowledged, snoozed, assigned,
-- resolved, opened and closed by the rules. Nothing about an exception is
-- kept only in its current row.
CREATE TABLE exception_log (
	id           INTEGER PRIMARY KEY,
	exception_id INTEGER NOT NULL REFERENCES exceptions (id) ON DELETE CASCADE,
	at           INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exception_log_exception ON exception_log (exception_id, at);

-- The alert outbox: one row per alert and channel, written in the same
-- transaction that opened the exception (or changed a watched order), and
-- drained by a sender with retries. key identifies the alert across
-- channels and retries, so receivers can drop repeats.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	key             TEXT NOT NULL,
	channel         TEXT NOT NULL,
	kind            TEXT NOT NULL,
	severity        INTEGER NOT NULL,
	exception_id    INTEGER REFERENCES exceptions (id) ON DELETE CASCADE,
	shipment_id     INTEGER REFERENCES shipments (id) ON DELETE CASCADE,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	sent_at         INTEGER,
	last_error      TEXT NOT NULL DEFAULT '',
	read_at         INTEGER,
	UNIQUE (key, channel)
);
CREATE INDEX outbox_due ON outbox (channel, next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_unread ON outbox (created_at) WHERE channel = 'app' AND read_at IS NULL;

-- Orders a person asked to be told about on every change (`w`).
CREATE TABLE watches (
	order_id   INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
	who        TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
