-- 0028: writers on several servers at once (issue 25). Until now every
-- write transaction took one advisory lock (pgWriteLock), and the schema
-- leaned on it twice: ids were the largest id + 1, and the counters of
-- 0023 were one row per status, which every writer changing a status
-- locked until it committed. Writers that run side by side (under the
-- lock's shared mode, see store/pg.go) need neither.
--
-- Ids come from a sequence per table, as a column default (cheaper than
-- the trigger, which ran a query per row). Paths that choose ids
-- themselves (a bulk import, migrate's copy) run alone, under the lock's
-- exclusive mode, and move the sequence past them (waybill_sync_ids).
-- A sequence may leave gaps (a rolled-back insert); nothing relies on
-- ids without gaps, only on ids being new.
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['orders', 'shipments', 'events', 'exceptions', 'exception_log', 'outbox',
		'cases', 'case_log', 'deadlines', 'deadline_log', 'claims', 'claim_log']
	LOOP
		EXECUTE format('DROP TRIGGER %I ON %I', t || '_next_id', t);
		EXECUTE format('CREATE SEQUENCE %I OWNED BY %I.id', t || '_id_seq', t);
		EXECUTE format('SELECT setval(%L, coalesce((SELECT max(id) FROM %I), 0) + 1, false)', t || '_id_seq', t);
		EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L)', t, t || '_id_seq');
	END LOOP;
END $$;
DROP FUNCTION waybill_next_id();

-- Moves each table's sequence past the largest id, for the paths that
-- give ids themselves. Only under the exclusive write lock: with no other
-- writer, nothing takes a value between the read and setval.
CREATE FUNCTION waybill_sync_ids() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t text;
	m bigint;
	s regclass;
BEGIN
	FOREACH t IN ARRAY ARRAY['orders', 'shipments', 'events', 'exceptions', 'exception_log', 'outbox',
		'cases', 'case_log', 'deadlines', 'deadline_log', 'claims', 'claim_log']
	LOOP
		s := pg_get_serial_sequence(quote_ident(t), 'id')::regclass;
		EXECUTE format('SELECT max(id) FROM %I', t) INTO m;
		IF m IS NOT NULL AND m > coalesce(pg_sequence_last_value(s), 0) THEN
			PERFORM setval(s, m);
		END IF;
	END LOOP;
END $$;

-- One INSERT's events are numbered one after the other: ApplyUpdates
-- reads the last id and counts back (as SQLite numbers one INSERT's
-- rows). Two writers' nextval calls would interleave, so an INSERT into
-- events first takes this lock, until its transaction ends: inserts of
-- events take turns; the rest of two writers' work runs side by side.
CREATE FUNCTION events_insert_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(8603110497117257006); -- "waybill" + 'e', beside pgWriteLock
	RETURN NULL;
END $$;
CREATE TRIGGER events_insert_turn BEFORE INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_insert_turn();

-- The counters: one row per (key, slot), slot the backend's process id,
-- so no two open transactions ever write the same row (a backend runs
-- one transaction at a time): no waits and no deadlocks between writers
-- whatever order they change statuses in. Readers read the sums, through
-- views with the tables' old names and columns (store/counts.go reads
-- them as on SQLite). waybill_fold_counts folds the slots into slot 0.
ALTER TABLE shipment_counts RENAME TO shipment_count_slots;
ALTER TABLE shipment_count_slots ADD COLUMN slot integer NOT NULL DEFAULT 0;
ALTER TABLE shipment_count_slots DROP CONSTRAINT shipment_counts_pkey;
ALTER TABLE shipment_count_slots ADD PRIMARY KEY (status, slot);
CREATE VIEW shipment_counts AS SELECT status, sum(n)::bigint AS n FROM shipment_count_slots GROUP BY status;

ALTER TABLE exception_counts RENAME TO exception_count_slots;
ALTER TABLE exception_count_slots ADD COLUMN slot integer NOT NULL DEFAULT 0;
ALTER TABLE exception_count_slots DROP CONSTRAINT exception_counts_pkey;
ALTER TABLE exception_count_slots ADD PRIMARY KEY (kind, state, slot);
CREATE VIEW exception_counts AS SELECT kind, state, sum(n)::bigint AS n FROM exception_count_slots GROUP BY kind, state;

ALTER TABLE outbox_counts RENAME TO outbox_count_slots;
ALTER TABLE outbox_count_slots ADD COLUMN slot integer NOT NULL DEFAULT 0;
ALTER TABLE outbox_count_slots DROP CONSTRAINT outbox_counts_pkey;
ALTER TABLE outbox_count_slots ADD PRIMARY KEY (what, slot);
CREATE VIEW outbox_counts AS SELECT what, sum(n)::bigint AS n FROM outbox_count_slots GROUP BY what;

CREATE OR REPLACE FUNCTION shipment_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		INSERT INTO shipment_count_slots (status, slot, n) VALUES (OLD.status, pg_backend_pid(), -1)
			ON CONFLICT (status, slot) DO UPDATE SET n = shipment_count_slots.n - 1;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO shipment_count_slots (status, slot, n) VALUES (NEW.status, pg_backend_pid(), 1)
			ON CONFLICT (status, slot) DO UPDATE SET n = shipment_count_slots.n + 1;
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exception_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.closed_at IS NULL THEN
		INSERT INTO exception_count_slots (kind, state, slot, n) VALUES (OLD.kind, OLD.state, pg_backend_pid(), -1)
			ON CONFLICT (kind, state, slot) DO UPDATE SET n = exception_count_slots.n - 1;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.closed_at IS NULL THEN
		INSERT INTO exception_count_slots (kind, state, slot, n) VALUES (NEW.kind, NEW.state, pg_backend_pid(), 1)
			ON CONFLICT (kind, state, slot) DO UPDATE SET n = exception_count_slots.n + 1;
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION outbox_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	unread int := 0;
	failed int := 0;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		unread := unread - (OLD.channel = 'app' AND OLD.read_at IS NULL)::int;
		failed := failed - (OLD.sent_at IS NULL AND OLD.attempts > 0)::int;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		unread := unread + (NEW.channel = 'app' AND NEW.read_at IS NULL)::int;
		failed := failed + (NEW.sent_at IS NULL AND NEW.attempts > 0)::int;
	END IF;
	IF unread <> 0 THEN
		INSERT INTO outbox_count_slots (what, slot, n) VALUES ('unread', pg_backend_pid(), unread)
			ON CONFLICT (what, slot) DO UPDATE SET n = outbox_count_slots.n + excluded.n;
	END IF;
	IF failed <> 0 THEN
		INSERT INTO outbox_count_slots (what, slot, n) VALUES ('failed', pg_backend_pid(), failed)
			ON CONFLICT (what, slot) DO UPDATE SET n = outbox_count_slots.n + excluded.n;
	END IF;
	RETURN NULL;
END $$;

-- Folds every slot into slot 0, so the sums read few rows however many
-- backends have written. Only under the exclusive write lock: a slot's
-- backend may otherwise be adding to it.
CREATE FUNCTION waybill_fold_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	WITH gone AS (DELETE FROM shipment_count_slots WHERE slot <> 0 RETURNING status, n)
	INSERT INTO shipment_count_slots (status, slot, n) SELECT status, 0, sum(n) FROM gone GROUP BY status
		ON CONFLICT (status, slot) DO UPDATE SET n = shipment_count_slots.n + excluded.n;
	WITH gone AS (DELETE FROM exception_count_slots WHERE slot <> 0 RETURNING kind, state, n)
	INSERT INTO exception_count_slots (kind, state, slot, n) SELECT kind, state, 0, sum(n) FROM gone GROUP BY kind, state
		ON CONFLICT (kind, state, slot) DO UPDATE SET n = exception_count_slots.n + excluded.n;
	WITH gone AS (DELETE FROM outbox_count_slots WHERE slot <> 0 RETURNING what, n)
	INSERT INTO outbox_count_slots (what, slot, n) SELECT what, 0, sum(n) FROM gone GROUP BY what
		ON CONFLICT (what, slot) DO UPDATE SET n = outbox_count_slots.n + excluded.n;
END $$;
SELECT waybill_fold_counts();
