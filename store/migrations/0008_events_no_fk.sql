-- 0008: events.shipment_id loses its FOREIGN KEY clause; a trigger keeps
-- its ON DELETE CASCADE.
--
-- With foreign_keys on, SQLite looks the parent shipment up for every
-- event row it inserts: a tenth of ingesting new events on a store of
-- 100,000 parcels (BenchmarkIngest), for a check that cannot fail. Events
-- are written in two places, both inside the write transaction that also
-- holds their shipment: ApplyUpdates inserts events only for the shipments
-- it has just read under the write lock, and an import for the shipment it
-- has just inserted or found. TestEventsNeedTheirShipment holds both to it.
-- The other tables keep their foreign keys.
--
-- SQLite cannot drop a constraint with ALTER TABLE. Rebuilding events
-- would copy every row; instead the table's CREATE statement is edited in
-- place, which SQLite documents as safe for removing a FOREIGN KEY
-- constraint (lang_altertable.html, "otheralter"): the rows' format does
-- not change. The CREATE TRIGGER after it changes the schema cookie, so
-- every other connection reads the schema again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE', 'shipment_id INTEGER NOT NULL')
WHERE type = 'table' AND name = 'events';
PRAGMA writable_schema = RESET;

CREATE TRIGGER events_cascade AFTER DELETE ON shipments BEGIN
	DELETE FROM events WHERE shipment_id = old.id;
END;
