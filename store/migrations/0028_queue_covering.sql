-- 0028: the queue's index holds every column the queue shows of an
-- exception (issue 24).
--
-- The queue's first page (store/read.go openExceptionsQuery, rest) walks
-- exceptions_queue worst first and stops at its LIMIT, but the index held
-- only its key, so each of the 200 rows was looked up in the exceptions
-- table for its state, detail and owner. The worst open exceptions lie
-- scattered among the closed ones, further apart the larger the store:
-- the first frame's page read 20 table pages at 10,000 orders and 68 at
-- 1,000,000. With the columns in the index (closed_at too, always NULL
-- here, since the queue selects it) the page is the index's own
-- neighbouring entries: 15 pages at 10,000 orders, 16 at 1,000,000.
-- The key is unchanged, so every read that used the index still does; an
-- exception's state, owner, snooze or detail changing now moves its entry
-- within the same place in the index.
DROP INDEX exceptions_queue;
CREATE INDEX exceptions_queue ON exceptions (severity DESC, opened_at, id,
	state, snoozed_until, shipment_id, kind, owner, closed_at, detail) WHERE closed_at IS NULL;
