-- 0005: complaint cases (tracker.Case) and their logs.
--
-- Times are unix seconds like everywhere else, except cases.updated_at,
-- which is unix nanoseconds: it is the optimistic lock of SaveCase, and two
-- saves within one second must still tell each other apart. SaveCase makes
-- it strictly increase on every save, even when the clock does not.
--
-- solution is tracker.Solution as JSON text (store.solutionJSON, snake_case
-- keys), NULL until step 3 decided one.

CREATE TABLE cases (
	id                      INTEGER PRIMARY KEY,
	order_id                INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id             INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	-- The exception that prompted the case; NULL when opened from an order.
	exception_id            INTEGER REFERENCES exceptions (id) ON DELETE SET NULL,
	kind                    TEXT NOT NULL,
	step                    TEXT NOT NULL,
	state                   TEXT NOT NULL CHECK (state IN ('open', 'closed')),
	language                TEXT NOT NULL DEFAULT '',
	opened_at               INTEGER NOT NULL,
	opened_by               TEXT NOT NULL,
	updated_at              INTEGER NOT NULL, -- unix nanoseconds
	follow_up_at            INTEGER,
	closed_at               INTEGER,
	reassured               INTEGER NOT NULL DEFAULT 0,
	verified                INTEGER NOT NULL DEFAULT 0,
	carrier_answer          TEXT NOT NULL DEFAULT '',
	reference               TEXT NOT NULL DEFAULT '',
	investigation_requested INTEGER NOT NULL DEFAULT 0,
	solution                TEXT,
	resolution              TEXT NOT NULL DEFAULT '',
	root_cause              TEXT NOT NULL DEFAULT ''
);
-- An order's cases.
CREATE INDEX cases_order ON cases (order_id);
-- At most one open case per shipment and kind; the orders list and the
-- queue find a shipment's open cases through it. Queries must repeat the
-- WHERE clause word for word for SQLite to use it.
CREATE UNIQUE INDEX cases_open ON cases (shipment_id, kind) WHERE state = 'open';
-- Follow-ups due: open cases by their next follow-up.
CREATE INDEX cases_follow_up ON cases (follow_up_at) WHERE state = 'open';

-- Who did what to a case, and when: every change, in the order it was
-- written (by id, which the index keeps after case_id).
CREATE TABLE case_log (
	id      INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_log_case ON case_log (case_id);
