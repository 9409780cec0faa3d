-- 0026: the list index carries each parcel's status.
--
-- A filter that names a status ("deliv", "returned") and matches many
-- parcels is read by walking shipments_list newest first and stopping at
-- the page's LIMIT (store/read.go listQuery). The newest parcels are the
-- ones not yet delivered, so at 1,000,000 orders that walk passed some
-- 400,000 index entries before the first delivered one, and looked each
-- one's row up in the table for its status: 2 s a keystroke (issue 24).
-- With the status in the index SQLite tests it there and reads the table
-- only for the rows it keeps (its deferred seek): 30 ms on the same store.
-- The cost is an index write when a parcel's status changes, which a
-- refresh does once per status, not once per event.
DROP INDEX shipments_list;
CREATE INDEX shipments_list ON shipments (shipped_at DESC, id DESC, status);
