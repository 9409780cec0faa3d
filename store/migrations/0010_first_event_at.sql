-- 0010: events_timeline goes; shipments.first_event_at keeps the one thing
-- only it answered fast, a parcel's first scan.
--
-- Every event stored paid for three b-trees: the table, UNIQUE
-- (shipment_id, key) and events_timeline (shipment_id, time). Ingesting
-- new parcels into a store of 100,000 spent about a tenth of its time on
-- the third, in b-tree inserts and in the pages each commit writes
-- (BenchmarkIngest). What read it:
--   - the scorecard's first scan, the oldest timed event of every parcel
--     in its window: now this column, kept by every write of events;
--   - a parcel's timeline and the rules' newest event: a parcel's events
--     are found by shipment through the UNIQUE index, and sorting its few
--     dozen by time costs less than an index on every event.
--
-- first_event_at is the oldest known event time of the parcel (unix
-- seconds), NULL while it has none; ApplyUpdates and imports lower it.
ALTER TABLE shipments ADD COLUMN first_event_at INTEGER;
UPDATE shipments SET first_event_at =
	(SELECT e.time FROM events e WHERE e.shipment_id = shipments.id AND e.time IS NOT NULL ORDER BY e.time LIMIT 1);
DROP INDEX events_timeline;
