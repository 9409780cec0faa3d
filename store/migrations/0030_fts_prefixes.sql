-- 0030: the full-text index keeps prefixes up to eight characters, in one
-- segment (issue 24 item 2: a filter key's work not growing with the store).
--
-- A prefix longer than the index keeps (0007: one to three characters) is
-- read by FTS5 as every term that begins with it, each term's doclist
-- merged into one list in memory before the first match is handed over:
-- work in proportion to the terms, however few rows the page wants. The
-- bench's tracking numbers are a carrier's four characters and random
-- digits, so `LP00` begins 4,272 terms at 10,000 orders, 42,250 at 100,000
-- and some 420,000 at 1,000,000: that key took 100-175 ms a read at 100k
-- (the worst filter key there, issue 24's table). A prefix the index keeps
-- is one term whose doclist FTS5 reads in key order and stops after the
-- page. Up to eight characters covers what a person types of a number
-- before it narrows to a handful of terms (a ninth digit leaves about four
-- at 1,000,000), and most names whole; longer words begin few terms.
--
-- The index is built again as 0027 built it, and then optimized into one
-- segment: FTS5 looks a term up in every segment, and the stores the
-- bench builds held 12 segments at 10,000 orders and 22 at 100,000, so
-- that one lookup read 50 and then 96 pages (a status word's check for
-- other matches, `ftsAny`, reads nothing else). In one segment it reads
-- four to eight at any size. New parcels add segments that FTS5 merges
-- as they come (its automerge).
--
-- The index is about twice as large (27.6 to 50.0 MB at 100,000 orders, 7%
-- of that store). PostgreSQL's 0030 is its own change to its word table.
DROP TRIGGER shipments_fts_insert;
DROP TRIGGER shipments_fts_update;
DROP TRIGGER shipments_fts_delete;
DROP TRIGGER orders_fts_update;
DROP TABLE shipments_fts;

CREATE VIRTUAL TABLE shipments_fts USING fts5 (
	order_no, tracking_no, buyer, destination, carrier,
	content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1 2 3 4 5 6 7 8'
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

-- One segment: the lookups above read each of a term's pages once.
INSERT INTO shipments_fts (shipments_fts) VALUES ('optimize');
