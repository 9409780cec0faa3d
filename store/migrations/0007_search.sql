-- 0007: the orders filter (`/` in the screen, `list --query`) and cheaper
-- rule reads on ingest.
--
-- shipments_fts holds one row per shipment (rowid = shipments.id) with the
-- words a person types to find it: order number, tracking number, buyer,
-- destination and carrier. It is contentless (the text lives in orders and
-- shipments already) and contentless_delete lets triggers remove and
-- replace rows without repeating the old text. unicode61 splits on
-- punctuation ("AB-123"), and queries use prefix terms, so "RB12" finds
-- RB123456785GB; prefix indexes keep one- to three-letter prefixes quick.
--
-- The status is not in it: it is the one field the refresher changes, and
-- keeping it here cost half of ingest (FTS5 writes and merges a segment on
-- every commit). The filter matches status words through the status
-- indexes of shipments instead (store/search.go).
CREATE VIRTUAL TABLE shipments_fts USING fts5 (
	order_no, tracking_no, buyer, destination, carrier,
	content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1 2 3'
);

INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
SELECT s.id, o.order_no, s.tracking_no, o.buyer, s.destination, s.carrier
FROM shipments s JOIN orders o ON o.id = s.order_id;

-- Kept in sync by triggers, in the writing transaction itself, whoever
-- writes (import, add, another waybill process). Only the columns the index
-- holds fire the update triggers: the refresher's writes cost nothing here.
CREATE TRIGGER shipments_fts_insert AFTER INSERT ON shipments BEGIN
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT new.id, o.order_no, new.tracking_no, o.buyer, new.destination, new.carrier
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER shipments_fts_update AFTER UPDATE OF order_id, tracking_no, destination, carrier ON shipments
WHEN old.order_id IS NOT new.order_id OR old.tracking_no IS NOT new.tracking_no OR old.destination IS NOT new.destination
	OR old.carrier IS NOT new.carrier
BEGIN
	DELETE FROM shipments_fts WHERE rowid = old.id;
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT new.id, o.order_no, new.tracking_no, o.buyer, new.destination, new.carrier
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER shipments_fts_delete AFTER DELETE ON shipments BEGIN
	DELETE FROM shipments_fts WHERE rowid = old.id;
END;

CREATE TRIGGER orders_fts_update AFTER UPDATE OF order_no, buyer ON orders
WHEN old.order_no IS NOT new.order_no OR old.buyer IS NOT new.buyer
BEGIN
	DELETE FROM shipments_fts WHERE rowid IN (SELECT id FROM shipments WHERE order_id = new.id);
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT s.id, new.order_no, s.tracking_no, new.buyer, s.destination, s.carrier
	FROM shipments s WHERE s.order_id = new.id;
END;

-- The rules look at the newest event and at carrier-reported problems
-- (events with an exception). Ingest used to read a shipment's newest 100
-- events for that; this partial index finds the few problem events
-- directly and costs a write only for them.
CREATE INDEX events_problems ON events (shipment_id) WHERE exception != '';
