-- 0027: the full-text index is keyed in list order (issue 24).
--
-- A word's first letter ("R", "1", "U") matches a third of a million
-- orders. The page of the newest 100 matches was read by walking
-- shipments_list and testing `s.id IN (SELECT rowid FROM shipments_fts
-- ...)`, for which SQLite first builds the set of every match: 330,000
-- ids, 100-490 ms a keystroke at 1,000,000 orders, where FTS5 itself reads
-- the same doclist in about 15 ms.
--
-- Each row of shipments_fts now has the rowid shipped_at * 2^31 + id,
-- which sorts as the orders list does (shipped_at DESC, id DESC), so
-- FTS5 hands the matches over newest first (ORDER BY rowid DESC, which it
-- reads from its doclists without sorting) and the page stops after its
-- rows (store/search.go, read.go). `rowid & 2147483647` is the shipment's
-- id. The key keeps list order for shipped_at within ±2^32 seconds of
-- 1970 (until 2106) and ids under 2^31; beyond, shipped_at is clamped so
-- the key stays an integer and unique, and a store holding such a parcel
-- is filtered through the id set as before (store/search.go keyedList).
--
-- The text stays what 0016 indexes. Rebuilding costs the time of
-- indexing every parcel once; shipped_at now also re-keys a row when an
-- import changes it (the refresher never writes shipped_at).
DROP TRIGGER shipments_fts_insert;
DROP TRIGGER shipments_fts_update;
DROP TRIGGER shipments_fts_delete;
DROP TRIGGER orders_fts_update;
DROP TABLE shipments_fts;

CREATE VIRTUAL TABLE shipments_fts USING fts5 (
	order_no, tracking_no, buyer, destination, carrier,
	content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1 2 3'
);

-- Keys in ascending order: FTS5 appends them to its doclists in order.
INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
SELECT max(min(s.shipped_at, 4294967295), -4294967296) * 2147483648 + s.id, o.order_no, trim(s.tracking_no || ' ' || s.last_mile_no), o.buyer,
	s.destination, trim(s.carrier || ' ' || s.last_mile_carrier)
FROM shipments s INDEXED BY shipments_list CROSS JOIN orders o ON o.id = s.order_id
ORDER BY s.shipped_at, s.id;

CREATE TRIGGER shipments_fts_insert AFTER INSERT ON shipments BEGIN
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT max(min(new.shipped_at, 4294967295), -4294967296) * 2147483648 + new.id, o.order_no, trim(new.tracking_no || ' ' || new.last_mile_no), o.buyer,
		new.destination, trim(new.carrier || ' ' || new.last_mile_carrier)
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER shipments_fts_update
AFTER UPDATE OF order_id, tracking_no, destination, carrier, last_mile_no, last_mile_carrier, shipped_at ON shipments
WHEN old.order_id IS NOT new.order_id OR old.tracking_no IS NOT new.tracking_no OR old.destination IS NOT new.destination
	OR old.carrier IS NOT new.carrier OR old.last_mile_no IS NOT new.last_mile_no
	OR old.last_mile_carrier IS NOT new.last_mile_carrier OR old.shipped_at IS NOT new.shipped_at
BEGIN
	DELETE FROM shipments_fts WHERE rowid = max(min(old.shipped_at, 4294967295), -4294967296) * 2147483648 + old.id;
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT max(min(new.shipped_at, 4294967295), -4294967296) * 2147483648 + new.id, o.order_no, trim(new.tracking_no || ' ' || new.last_mile_no), o.buyer,
		new.destination, trim(new.carrier || ' ' || new.last_mile_carrier)
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER shipments_fts_delete AFTER DELETE ON shipments BEGIN
	DELETE FROM shipments_fts WHERE rowid = max(min(old.shipped_at, 4294967295), -4294967296) * 2147483648 + old.id;
END;

CREATE TRIGGER orders_fts_update AFTER UPDATE OF order_no, buyer ON orders
WHEN old.order_no IS NOT new.order_no OR old.buyer IS NOT new.buyer
BEGIN
	DELETE FROM shipments_fts WHERE rowid IN (SELECT max(min(s.shipped_at, 4294967295), -4294967296) * 2147483648 + s.id FROM shipments s WHERE s.order_id = new.id);
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT max(min(s.shipped_at, 4294967295), -4294967296) * 2147483648 + s.id, new.order_no, trim(s.tracking_no || ' ' || s.last_mile_no), new.buyer,
		s.destination, trim(s.carrier || ' ' || s.last_mile_carrier)
	FROM shipments s WHERE s.order_id = new.id;
END;

-- The orders with pre-shipment warnings, which every screen's status bar
-- shows as it opens, are a counter row kept by triggers, as 0023 keeps the
-- others: counting them through index orders_checked read 176,000 entries
-- at 1,000,000 orders, most of the first frame's CPU (issue 24 item 2).
CREATE TABLE checked_count (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	n   INTEGER NOT NULL
);
INSERT INTO checked_count (one, n) SELECT 1, count(*) FROM orders WHERE checks <> '';

CREATE TRIGGER checked_count_insert AFTER INSERT ON orders WHEN new.checks <> '' BEGIN
	UPDATE checked_count SET n = n + 1;
END;
CREATE TRIGGER checked_count_delete AFTER DELETE ON orders WHEN old.checks <> '' BEGIN
	UPDATE checked_count SET n = n - 1;
END;
CREATE TRIGGER checked_count_update AFTER UPDATE OF checks ON orders
WHEN (old.checks <> '') IS NOT (new.checks <> '') BEGIN
	UPDATE checked_count SET n = n + (new.checks <> '') - (old.checks <> '');
END;
