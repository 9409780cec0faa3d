-- 0018: a tracking service's pause for a used-up quota, or its stop for a
-- rejected key, as the refresher that decided it recorded it, so every
-- process sharing the store (the screen, `waybill refresh --watch`,
-- `waybill serve`, a cron job's `refresh --once`) adopts it at the start
-- of its next pass instead of spending calls to learn it again
-- (tracker.HealthStore). One row per service, replaced by each verdict;
-- a call that works deletes it. key_print is a fingerprint of the
-- credentials the verdict was about (tracker.KeyPrint), never the key:
-- a process with another key ignores the row. Times are unix seconds;
-- until_at is NULL for a stop, which lasts until the key changes.
CREATE TABLE service_health (
	service     TEXT PRIMARY KEY,
	state       TEXT NOT NULL CHECK (state IN ('paused', 'stopped')),
	until_at    INTEGER,
	reason      TEXT NOT NULL DEFAULT '',
	key_print   TEXT NOT NULL DEFAULT '',
	recorded_at INTEGER NOT NULL,
	recorded_by TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
