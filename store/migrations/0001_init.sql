-- 0001: the first schema. Times are INTEGER unix seconds (UTC), NULL when
-- unknown, except shipments.shipped_at which is 0 when unknown so the orders
-- list can page by keyset over (shipped_at, id) without NULL cases.

CREATE TABLE orders (
	id          INTEGER PRIMARY KEY,
	order_no    TEXT NOT NULL UNIQUE,
	-- order_no upper-cased without spaces and dashes: what FindOrder compares,
	-- so "ab-123" typed by a person finds "AB-123".
	order_key   TEXT NOT NULL,
	marketplace TEXT NOT NULL DEFAULT '',
	buyer       TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '',
	phone       TEXT NOT NULL DEFAULT '',
	country     TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'received',
	ordered_at  INTEGER,
	promised_at INTEGER,
	created_at  INTEGER
);
CREATE INDEX orders_key ON orders (order_key);

CREATE TABLE shipments (
	id            INTEGER PRIMARY KEY,
	order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	tracking_no   TEXT NOT NULL,
	carrier       TEXT NOT NULL DEFAULT '',
	origin        TEXT NOT NULL DEFAULT '',
	destination   TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT 'pending',
	shipped_at    INTEGER NOT NULL DEFAULT 0,
	last_event_at INTEGER,
	delivered_at  INTEGER,
	next_check_at INTEGER,
	checked_at    INTEGER,
	eta           INTEGER,
	unverified    INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	UNIQUE (order_id, tracking_no)
);
CREATE INDEX shipments_tracking_no ON shipments (tracking_no);
-- The orders list, newest first; id is the rowid, so it ends every index.
CREATE INDEX shipments_list ON shipments (shipped_at DESC, id DESC);
CREATE INDEX shipments_status_list ON shipments (status, shipped_at DESC, id DESC);
-- Due polling reads only parcels that can still move. Queries must repeat
-- this WHERE clause word for word for SQLite to use the index.
CREATE INDEX shipments_due ON shipments (next_check_at)
	WHERE status NOT IN ('delivered', 'returned', 'expired');

CREATE TABLE events (
	id          INTEGER PRIMARY KEY,
	shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	time        INTEGER,
	status      TEXT NOT NULL,
	raw_status  TEXT NOT NULL DEFAULT '',
	location    TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	exception   TEXT NOT NULL DEFAULT '',
	-- First 16 bytes of SHA-256 of tracker.Event.Key(): a short fixed-size
	-- dedupe key keeps this index small however long descriptions are.
	key         BLOB NOT NULL,
	UNIQUE (shipment_id, key)
);
CREATE INDEX events_timeline ON events (shipment_id, time);

CREATE TABLE exceptions (
	id            INTEGER PRIMARY KEY,
	shipment_id   INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	severity      INTEGER NOT NULL,
	state         TEXT NOT NULL DEFAULT 'open',
	detail        TEXT NOT NULL DEFAULT '',
	owner         TEXT NOT NULL DEFAULT '',
	-- Rules close only what rules opened; a person's report stays until a person closes it.
	source        TEXT NOT NULL CHECK (source IN ('rule', 'manual')),
	opened_at     INTEGER NOT NULL,
	closed_at     INTEGER,
	snoozed_until INTEGER
);
-- At most one open exception per kind; closed ones stay as history.
CREATE UNIQUE INDEX exceptions_open_kind ON exceptions (shipment_id, kind) WHERE closed_at IS NULL;
CREATE INDEX exceptions_shipment ON exceptions (shipment_id);
CREATE INDEX exceptions_queue ON exceptions (severity DESC, opened_at, id) WHERE closed_at IS NULL;

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
