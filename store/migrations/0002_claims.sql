-- 0002: claims, so two processes on one file (a TUI and `waybill refresh
-- --watch`) never poll the same parcel at once, and the time of the last
-- webhook push.
--
-- A claim is lease_owner holding the shipment until lease_until (unix
-- seconds); both are NULL when nobody does. An expired claim is simply taken
-- over, so a crashed process needs no cleanup. Claiming walks shipments_due
-- and reads lease_until from the row. Putting lease_until in that index
-- would skip claimed rows without reading them, but costs an index write on
-- every claim and release, which measured slower for 500-row claims unless
-- some ten thousand claimed rows stood at the front of the queue.

ALTER TABLE shipments ADD COLUMN lease_owner TEXT;
ALTER TABLE shipments ADD COLUMN lease_until INTEGER;
ALTER TABLE shipments ADD COLUMN pushed_at INTEGER;

-- Releasing an owner's claims finds them without a scan of every shipment;
-- unclaimed rows stay out of the index.
CREATE INDEX shipments_lease ON shipments (lease_owner) WHERE lease_owner IS NOT NULL;
