-- 0030: each parcel's words carry its place in the orders list, as
-- SQLite's 0027 keys its FTS5 rows. A filter word that a few hundred to a
-- couple of thousand parcels match (a buyer's first letters, "Rob") was
-- read from the GIN index, then every match looked up in shipments for
-- its shipped_at and sorted, or, as PostgreSQL chose for "Rob" at 100k
-- orders, the list index walked with each parcel's words looked up:
-- 10,000-20,000 buffers and 70-300 ms a page. With shipped_at beside the
-- words the page's keys are sorted from the full-text matches alone (916
-- buffers for "Rob": store/search.go, pgWordsPage).
--
-- The table is made again rather than updated in place: an UPDATE of
-- every row leaves the old versions behind, the table twice its size
-- (1,840 buffers for "Rob" where 916 were before, at 100k orders).
CREATE TABLE shipments_fts_0030 (
	rowid      bigint PRIMARY KEY,
	shipped_at bigint NOT NULL DEFAULT 0,
	doc        tsvector NOT NULL
);
INSERT INTO shipments_fts_0030 (rowid, shipped_at, doc)
SELECT f.rowid, coalesce(s.shipped_at, 0), f.doc FROM shipments_fts f LEFT JOIN shipments s ON s.id = f.rowid;
DROP TABLE shipments_fts;
ALTER TABLE shipments_fts_0030 RENAME TO shipments_fts;
ALTER INDEX shipments_fts_0030_pkey RENAME TO shipments_fts_pkey;
CREATE INDEX shipments_fts_doc ON shipments_fts USING gin (doc);
ANALYZE shipments_fts;

CREATE OR REPLACE FUNCTION shipments_fts_put() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO shipments_fts (rowid, shipped_at, doc)
	SELECT NEW.id, NEW.shipped_at, waybill_fts_doc(o.order_no, trim(NEW.tracking_no || ' ' || NEW.last_mile_no), o.buyer, NEW.destination,
		trim(NEW.carrier || ' ' || NEW.last_mile_carrier))
	FROM orders o WHERE o.id = NEW.order_id
	ON CONFLICT (rowid) DO UPDATE SET doc = excluded.doc, shipped_at = excluded.shipped_at;
	RETURN NULL;
END $$;

-- An import that changes a parcel's shipped_at moves its words too (the
-- refresher never writes shipped_at).
DROP TRIGGER shipments_fts_update ON shipments;
CREATE TRIGGER shipments_fts_update AFTER UPDATE OF order_id, tracking_no, destination, carrier, last_mile_no, last_mile_carrier, shipped_at ON shipments
	FOR EACH ROW WHEN (old.order_id IS DISTINCT FROM new.order_id OR old.tracking_no IS DISTINCT FROM new.tracking_no
		OR old.destination IS DISTINCT FROM new.destination OR old.carrier IS DISTINCT FROM new.carrier
		OR old.last_mile_no IS DISTINCT FROM new.last_mile_no OR old.last_mile_carrier IS DISTINCT FROM new.last_mile_carrier
		OR old.shipped_at IS DISTINCT FROM new.shipped_at)
	EXECUTE FUNCTION shipments_fts_put();
