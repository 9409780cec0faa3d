-- 0033: the status counter moves the parcels of an UPDATE statement at
-- once (issue 25: the refresher's budget on PostgreSQL).
--
-- The row trigger of 0025 (its function 0028's: a slot per backend) ran
-- for each parcel whose status changed: two upserts into
-- shipment_count_slots a parcel, and pg_stat_statements put about 13 ms
-- of a batch's save in them (a round's saves are one statement since
-- store/applywrites.go). A statement trigger sees the old and new rows as
-- transition tables and moves the counts by status with one upsert.
-- PostgreSQL allows transition tables only on a trigger without a column
-- list, so this one runs on every UPDATE of shipments; where no status
-- changed, it counts the rows and writes nothing. Inserts and
-- deletes keep their row triggers.
DROP TRIGGER shipment_counts_update ON shipments;

CREATE FUNCTION shipment_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- An UPDATE keeps its rows: a status's move is its new rows less its
	-- old ones, counted without joining the two (transition tables have
	-- no index, and a join of them was planned as a nested loop: 690 ms
	-- for 2,000 parcels).
	INSERT INTO shipment_count_slots (status, slot, n)
	SELECT status, pg_backend_pid(), sum(d) FROM (
		SELECT status, 1 AS d FROM moved_new
		UNION ALL
		SELECT status, -1 AS d FROM moved_old
	) moved GROUP BY status HAVING sum(d) <> 0
	ON CONFLICT (status, slot) DO UPDATE SET n = shipment_count_slots.n + excluded.n;
	RETURN NULL;
END $$;

CREATE TRIGGER shipment_counts_update AFTER UPDATE ON shipments
	REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new
	FOR EACH STATEMENT EXECUTE FUNCTION shipment_counts_moved();
