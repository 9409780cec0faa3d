-- 0032: the words' index also holds each parcel's place in the orders list
-- (shipped_at, 0030), so a page of the filter asks for the words' matches
-- among the newest parcels only (store/pgwords.go). With the words alone
-- the index gives every match of a word, and each was read from the table
-- before the newest could be chosen: for "in tr" at 100k orders the list
-- walked 3,762 parcels and looked their words up (15,410 buffers a page);
-- by the words' matches among the parcels newer than the page's last one,
-- 1,188. btree_gin, part of PostgreSQL like unaccent and trusted (the
-- database's owner may create it), lets a GIN index hold the number.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX shipments_fts_doc;
CREATE INDEX shipments_fts_doc ON shipments_fts USING gin (doc, shipped_at);

-- Whether the store holds a real order (HasOrders, asked twice before a
-- screen's first frame to choose its clock) read every order of a store
-- that holds only the demo: 3,656 buffers and 56-107 ms at 100k orders.
-- Real orders have an index of their own, as demo ones do (orders_demo).
CREATE INDEX orders_real ON orders (id) WHERE demo = 0;
