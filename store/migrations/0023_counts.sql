-- 0023: the counts the screen shows on its first frame (parcels by status,
-- open exceptions by kind and state, unread in-app alerts, alerts waiting
-- for a retry) kept by the write path instead of counted on each read: at
-- 1,000,000 orders counting them took most of the first frame (issue 24).
--
-- Triggers keep them, not the Go code that writes: they see every writer,
-- the ones added later, a row deleted by ON DELETE CASCADE (demo --remove)
-- and a hand-written UPDATE alike, in the same transaction as the write.
-- Each fires only when the counted thing changes (a new status, an
-- exception opened or closed or changing state), so most writes (a new
-- event, a next-check time) pay nothing. A row at 0 stays; readers skip it.
--
-- A migration that rebuilds shipments, exceptions or outbox (CREATE new,
-- copy, DROP, RENAME) drops these triggers with the old table and must
-- create them again; TestCountersMatchScan catches one that does not.

CREATE TABLE shipment_counts (
	status TEXT PRIMARY KEY,
	n      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO shipment_counts (status, n) SELECT status, count(*) FROM shipments GROUP BY status;

CREATE TRIGGER shipment_counts_insert AFTER INSERT ON shipments BEGIN
	INSERT INTO shipment_counts (status, n) VALUES (new.status, 1)
		ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER shipment_counts_delete AFTER DELETE ON shipments BEGIN
	UPDATE shipment_counts SET n = n - 1 WHERE status = old.status;
END;
CREATE TRIGGER shipment_counts_update AFTER UPDATE OF status ON shipments
WHEN old.status IS NOT new.status BEGIN
	UPDATE shipment_counts SET n = n - 1 WHERE status = old.status;
	INSERT INTO shipment_counts (status, n) VALUES (new.status, 1)
		ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;

-- Open exceptions (closed_at IS NULL) by kind and state. The queue's own
-- count also takes in the snoozes that have ended, which depends on the
-- clock: those are read through exceptions_snoozed below, a range of the
-- snoozed rows only.
CREATE TABLE exception_counts (
	kind  TEXT NOT NULL,
	state TEXT NOT NULL,
	n     INTEGER NOT NULL,
	PRIMARY KEY (kind, state)
) WITHOUT ROWID;
INSERT INTO exception_counts (kind, state, n)
	SELECT kind, state, count(*) FROM exceptions WHERE closed_at IS NULL GROUP BY kind, state;

CREATE TRIGGER exception_counts_insert AFTER INSERT ON exceptions
WHEN new.closed_at IS NULL BEGIN
	INSERT INTO exception_counts (kind, state, n) VALUES (new.kind, new.state, 1)
		ON CONFLICT (kind, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER exception_counts_delete AFTER DELETE ON exceptions
WHEN old.closed_at IS NULL BEGIN
	UPDATE exception_counts SET n = n - 1 WHERE kind = old.kind AND state = old.state;
END;
CREATE TRIGGER exception_counts_update AFTER UPDATE OF kind, state, closed_at ON exceptions
WHEN old.kind IS NOT new.kind OR old.state IS NOT new.state
	OR (old.closed_at IS NULL) != (new.closed_at IS NULL) BEGIN
	UPDATE exception_counts SET n = n - 1
		WHERE old.closed_at IS NULL AND kind = old.kind AND state = old.state;
	INSERT INTO exception_counts (kind, state, n) SELECT new.kind, new.state, 1 WHERE new.closed_at IS NULL
		ON CONFLICT (kind, state) DO UPDATE SET n = n + 1;
END;

CREATE INDEX exceptions_snoozed ON exceptions (snoozed_until, kind) WHERE closed_at IS NULL AND state = 'snoozed';

-- 'unread': in-app alerts not read (channel 'app', read_at NULL);
-- 'failed': alerts not sent after at least one failed attempt.
CREATE TABLE outbox_counts (
	what TEXT PRIMARY KEY,
	n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO outbox_counts (what, n) VALUES
	('unread', (SELECT count(*) FROM outbox WHERE channel = 'app' AND read_at IS NULL)),
	('failed', (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0));

CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox
WHEN (new.channel = 'app' AND new.read_at IS NULL) OR (new.sent_at IS NULL AND new.attempts > 0) BEGIN
	UPDATE outbox_counts SET n = n + 1 WHERE what = 'unread' AND new.channel = 'app' AND new.read_at IS NULL;
	UPDATE outbox_counts SET n = n + 1 WHERE what = 'failed' AND new.sent_at IS NULL AND new.attempts > 0;
END;
CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox
WHEN (old.channel = 'app' AND old.read_at IS NULL) OR (old.sent_at IS NULL AND old.attempts > 0) BEGIN
	UPDATE outbox_counts SET n = n - 1 WHERE what = 'unread' AND old.channel = 'app' AND old.read_at IS NULL;
	UPDATE outbox_counts SET n = n - 1 WHERE what = 'failed' AND old.sent_at IS NULL AND old.attempts > 0;
END;
CREATE TRIGGER outbox_counts_unread AFTER UPDATE OF channel, read_at ON outbox
WHEN (old.channel = 'app' AND old.read_at IS NULL) != (new.channel = 'app' AND new.read_at IS NULL) BEGIN
	UPDATE outbox_counts SET n = n + (new.channel = 'app' AND new.read_at IS NULL)
		- (old.channel = 'app' AND old.read_at IS NULL) WHERE what = 'unread';
END;
CREATE TRIGGER outbox_counts_failed AFTER UPDATE OF sent_at, attempts ON outbox
WHEN (old.sent_at IS NULL AND old.attempts > 0) != (new.sent_at IS NULL AND new.attempts > 0) BEGIN
	UPDATE outbox_counts SET n = n + (new.sent_at IS NULL AND new.attempts > 0)
		- (old.sent_at IS NULL AND old.attempts > 0) WHERE what = 'failed';
END;
