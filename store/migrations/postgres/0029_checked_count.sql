-- 0029: the count of orders with pre-shipment warnings as a counter, as
-- SQLite's 0027 keeps it. Every first frame counted them through index
-- orders_checked, which grows with the store (a sixth of the orders in
-- the demo: 17,000 entries at 100k orders). Kept in slots per backend, as
-- 0028's counters, so writers on several servers never wait on one row;
-- the view checked_count reads as SQLite's table does (store/checks.go).
CREATE TABLE checked_count_slots (
	slot integer PRIMARY KEY,
	n    bigint NOT NULL
);
INSERT INTO checked_count_slots (slot, n) SELECT 0, count(*) FROM orders WHERE checks <> '';
CREATE VIEW checked_count AS SELECT sum(n)::bigint AS n FROM checked_count_slots;

CREATE FUNCTION checked_count_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d int := 0;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		d := d - (OLD.checks <> '')::int;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		d := d + (NEW.checks <> '')::int;
	END IF;
	IF d <> 0 THEN
		INSERT INTO checked_count_slots (slot, n) VALUES (pg_backend_pid(), d)
			ON CONFLICT (slot) DO UPDATE SET n = checked_count_slots.n + excluded.n;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER checked_count_insert AFTER INSERT ON orders
	FOR EACH ROW WHEN (NEW.checks <> '') EXECUTE FUNCTION checked_count_keep();
CREATE TRIGGER checked_count_delete AFTER DELETE ON orders
	FOR EACH ROW WHEN (OLD.checks <> '') EXECUTE FUNCTION checked_count_keep();
CREATE TRIGGER checked_count_update AFTER UPDATE OF checks ON orders
	FOR EACH ROW WHEN ((OLD.checks <> '') <> (NEW.checks <> '')) EXECUTE FUNCTION checked_count_keep();

-- Folds the new counter's slots with the others.
CREATE OR REPLACE FUNCTION waybill_fold_counts() RETURNS void LANGUAGE plpgsql AS $$
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
	WITH gone AS (DELETE FROM checked_count_slots WHERE slot <> 0 RETURNING n)
	INSERT INTO checked_count_slots (slot, n) SELECT 0, coalesce(sum(n), 0) FROM gone
		ON CONFLICT (slot) DO UPDATE SET n = checked_count_slots.n + excluded.n;
END $$;
SELECT waybill_fold_counts();
