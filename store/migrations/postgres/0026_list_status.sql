-- 0026: the list index carries each parcel's status, as SQLite's 0026
-- does: a status word matching many parcels far from the list's head is
-- tested in the index (an index-only check of the walked entries) rather
-- than in each passed row.
DROP INDEX shipments_list;
CREATE INDEX shipments_list ON shipments (shipped_at DESC NULLS LAST, id DESC NULLS LAST, status);
