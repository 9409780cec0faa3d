-- 0027: the filter's words are found whatever the database's locale.
-- waybill_fts_doc lowered and split the text by the database's collation:
-- in a database made with the C locale (initdb --locale=C, as the test
-- harness and many containers do) lower() leaves Cyrillic, Greek … as
-- they are and [[:alnum:]] is ASCII only, so a buyer named Сулейменов had
-- no words and the filter never found them. Lower and split by ICU's root
-- collation where PostgreSQL has ICU, else glibc's C.utf8, else (neither
-- there) the database's own as before; then rebuild every parcel's words.
DO $$
DECLARE coll text := '';
BEGIN
	IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
		coll := ' COLLATE "und-x-icu"';
	ELSIF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'C.utf8') THEN
		coll := ' COLLATE "C.utf8"';
	END IF;
	-- Quoted strings, not nested dollar quotes, which the store's SQL rewriting mangles.
	EXECUTE 'CREATE OR REPLACE FUNCTION waybill_fts_doc(order_no text, tracking_no text, buyer text, destination text, carrier text)
		RETURNS tsvector LANGUAGE sql IMMUTABLE AS '
		|| quote_literal('SELECT to_tsvector(''simple'', regexp_replace(lower(unaccent(concat_ws('' '', order_no, tracking_no, buyer, destination, carrier))'
			|| coll || '), ''[^[:alnum:]]+'', '' '', ''g''))');
END $$;

UPDATE shipments_fts f SET doc = waybill_fts_doc(o.order_no, trim(s.tracking_no || ' ' || s.last_mile_no), o.buyer,
	s.destination, trim(s.carrier || ' ' || s.last_mile_carrier))
FROM shipments s JOIN orders o ON o.id = s.order_id
WHERE f.rowid = s.id;
