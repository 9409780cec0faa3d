-- 0024: the partial indexes on a parcel's final statuses say so with
-- comparisons instead of a list after IN.
--
-- SQLite evaluates the WHERE of every partial index of a row it updates
-- (for the old row and for the new), and it evaluates `status [NOT] IN
-- ('delivered', 'returned', 'expired')` by building a temporary b-tree of
-- the three strings (a list of more than two is not turned into
-- comparisons): four of them in every UPDATE of a shipment, the one
-- ApplyUpdates saves each checked parcel with included. Building and
-- freeing them was about a third of that UPDATE, and the UPDATE was the
-- largest part of ingest after the event INSERTs themselves (issue 24).
--
-- Queries must repeat these WHERE clauses word for word for SQLite to use
-- the indexes (store/read.go dueSQL, store/claim.go claimSQL,
-- store/lifecycle.go finalParcelsSQL; TestIndexedQueriesUseTheirIndex).
DROP INDEX shipments_due;
CREATE INDEX shipments_due ON shipments (next_check_at)
	WHERE status != 'delivered' AND status != 'returned' AND status != 'expired';
DROP INDEX shipments_final_checked;
CREATE INDEX shipments_final_checked ON shipments (checked_at, id)
	WHERE (status = 'delivered' OR status = 'returned' OR status = 'expired');
