-- 0016: the last-mile number. Cross-border parcels change number at the
-- destination (a Cainiao LP… number becomes the national post's); the
-- tracking services name the new number and its carrier, and ApplyUpdates
-- keeps them here. '' until a service names one.
--
-- ALTER TABLE … ADD COLUMN with a constant default rewrites no row, so the
-- migration costs the same on a store of a million parcels as on an empty
-- one.
ALTER TABLE shipments ADD COLUMN last_mile_no TEXT NOT NULL DEFAULT '';
ALTER TABLE shipments ADD COLUMN last_mile_carrier TEXT NOT NULL DEFAULT '';

-- `waybill show NUMBER` finds an order by its last-mile number too. Few
-- parcels have one, and the partial index holds only those.
CREATE INDEX shipments_last_mile ON shipments (last_mile_no) WHERE last_mile_no != '';

-- The orders filter finds a parcel by its last-mile number and carrier:
-- they go into the full-text row's tracking_no and carrier columns beside
-- the parcel's own (an FTS5 table cannot take a new column without being
-- rebuilt, and the filter searches every column alike). No row holds a
-- last mile yet, so no row needs writing again; the triggers of 0007 are
-- replaced by ones that write both. The update trigger fires for the
-- last-mile columns too, which the refresher writes only when a service
-- names a new number (store/lastmile.go): ingest still never touches the
-- index otherwise.
DROP TRIGGER shipments_fts_insert;
DROP TRIGGER shipments_fts_update;
DROP TRIGGER orders_fts_update;

CREATE TRIGGER shipments_fts_insert AFTER INSERT ON shipments BEGIN
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT new.id, o.order_no, trim(new.tracking_no || ' ' || new.last_mile_no), o.buyer, new.destination,
		trim(new.carrier || ' ' || new.last_mile_carrier)
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER shipments_fts_update AFTER UPDATE OF order_id, tracking_no, destination, carrier, last_mile_no, last_mile_carrier ON shipments
WHEN old.order_id IS NOT new.order_id OR old.tracking_no IS NOT new.tracking_no OR old.destination IS NOT new.destination
	OR old.carrier IS NOT new.carrier OR old.last_mile_no IS NOT new.last_mile_no OR old.last_mile_carrier IS NOT new.last_mile_carrier
BEGIN
	DELETE FROM shipments_fts WHERE rowid = old.id;
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT new.id, o.order_no, trim(new.tracking_no || ' ' || new.last_mile_no), o.buyer, new.destination,
		trim(new.carrier || ' ' || new.last_mile_carrier)
	FROM orders o WHERE o.id = new.order_id;
END;

CREATE TRIGGER orders_fts_update AFTER UPDATE OF order_no, buyer ON orders
WHEN old.order_no IS NOT new.order_no OR old.buyer IS NOT new.buyer
BEGIN
	DELETE FROM shipments_fts WHERE rowid IN (SELECT id FROM shipments WHERE order_id = new.id);
	INSERT INTO shipments_fts (rowid, order_no, tracking_no, buyer, destination, carrier)
	SELECT s.id, new.order_no, trim(s.tracking_no || ' ' || s.last_mile_no), new.buyer, s.destination,
		trim(s.carrier || ' ' || s.last_mile_carrier)
	FROM shipments s WHERE s.order_id = new.id;
END;
