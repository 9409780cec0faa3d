-- 0020: deadlines, the clocks that lose a seller money when they run out
-- (tracker.Deadline): a dispute to answer, a buyer's protection ending, an
-- order to ship, a carrier claim window, a case's follow-up. One row per
-- (order, kind, ref): ref is the source's own id (a dispute id, or the
-- rules' "case:ID" / "shipment:ID"), '' when the order has one such clock,
-- so putting the same deadline again updates it rather than adding one.
-- source is where the time came from: a marketplace's name, 'rule' or
-- 'config'. alerted lists the lead times (seconds, comma-separated) whose
-- alert went out for the current due_at; a due time that moves clears it.
-- Times are unix seconds, UTC.
CREATE TABLE deadlines (
	id          INTEGER PRIMARY KEY,
	order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id INTEGER REFERENCES shipments (id) ON DELETE CASCADE,
	case_id     INTEGER REFERENCES cases (id) ON DELETE SET NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('dispute_reply', 'protection_end', 'ship_by',
	                'trade_assurance_reply', 'carrier_claim', 'follow_up')),
	due_at      INTEGER NOT NULL,
	source      TEXT NOT NULL,
	ref         TEXT NOT NULL DEFAULT '',
	state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'met', 'missed', 'gone')),
	alerted     TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (order_id, kind, ref)
);

-- The list and the queue read the open ones soonest first, and stop at a
-- horizon (--within, [deadlines] urgent): a range scan of this index.
CREATE INDEX deadlines_open_due ON deadlines (due_at, id) WHERE state = 'open';
-- A parcel's open deadlines, for the queue row and the order view.
CREATE INDEX deadlines_open_shipment ON deadlines (shipment_id) WHERE state = 'open';

-- What happened to each deadline and who did it: added, due moved, closed.
CREATE TABLE deadline_log (
	id          INTEGER PRIMARY KEY,
	deadline_id INTEGER NOT NULL REFERENCES deadlines (id) ON DELETE CASCADE,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	action      TEXT NOT NULL,
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deadline_log_deadline ON deadline_log (deadline_id, id);

-- The open cases' follow-ups as they stand: a store from before this
-- migration lists them at once rather than after each case's next action.
INSERT INTO deadlines (order_id, shipment_id, case_id, kind, due_at, source, ref, created_at, updated_at)
SELECT order_id, shipment_id, id, 'follow_up', follow_up_at, 'rule', 'case:' || id, updated_at / 1000000000, updated_at / 1000000000
FROM cases WHERE state = 'open' AND follow_up_at IS NOT NULL;
