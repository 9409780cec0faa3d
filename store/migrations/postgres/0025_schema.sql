-- The schema SQLite has after its migration 0025, for PostgreSQL (issue 25).
-- Numbered 0025 so a schema version means the same tables on both engines;
-- a later change is one migration per engine with the same number.
--
-- What differs from SQLite, and why:
-- * INTEGER is bigint (SQLite's integers are 64-bit), BLOB is bytea.
-- * Ids: SQLite gives a row without an id the largest id + 1; so does the
--   BEFORE INSERT trigger waybill_next_id, and the store relies on it (the
--   events of one INSERT are numbered one after the other, and bulk writes
--   number their own rows after the largest). A sequence would not see the
--   ids bulk writes choose. Writers take turns (the store's write lock), so
--   max + 1 is never handed out twice.
-- * FTS5's shipments_fts is a table of one tsvector per shipment (rowid, doc),
--   kept by triggers as the FTS5 table is, with a GIN index.
-- * Indexes order NULLs as SQLite does (first ascending, last descending),
--   as the store's ORDER BYs do on PostgreSQL (pgNullsOrder), so those can
--   walk them.
-- * Functions for what SQLite has built in: waybill_min/_max (scalar min and
--   max, NULL when either side is), waybill_ids/_texts (json_each of an array).

CREATE FUNCTION waybill_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.id IS NULL THEN
		EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
	END IF;
	RETURN NEW;
END $$;

CREATE FUNCTION waybill_min(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS 'SELECT LEAST(a, b)';
CREATE FUNCTION waybill_max(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS 'SELECT GREATEST(a, b)';
CREATE FUNCTION waybill_ids(a text) RETURNS TABLE (value bigint) LANGUAGE sql IMMUTABLE
	AS 'SELECT x::bigint FROM json_array_elements_text(a::json) x';
CREATE FUNCTION waybill_texts(a text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE
	AS 'SELECT x FROM json_array_elements_text(a::json) x';

CREATE TABLE orders (
	id          bigint PRIMARY KEY,
	order_no    text NOT NULL UNIQUE,
	-- order_no upper-cased without spaces and dashes: what FindOrder compares,
	-- so "ab-123" typed by a person finds "AB-123".
	order_key   text NOT NULL,
	marketplace text NOT NULL DEFAULT '',
	buyer       text NOT NULL DEFAULT '',
	email       text NOT NULL DEFAULT '',
	phone       text NOT NULL DEFAULT '',
	country     text NOT NULL DEFAULT '',
	status      text NOT NULL DEFAULT 'received',
	ordered_at  bigint,
	promised_at bigint,
	created_at  bigint
, shipping_method text NOT NULL DEFAULT '', address text NOT NULL DEFAULT '', product text NOT NULL DEFAULT '', amount bigint NOT NULL DEFAULT 0, currency text NOT NULL DEFAULT '', hs_code text NOT NULL DEFAULT '', declared_value bigint NOT NULL DEFAULT 0, insured bigint, checks text NOT NULL DEFAULT '', demo bigint NOT NULL DEFAULT 0, packaging text NOT NULL DEFAULT '');

CREATE INDEX orders_key ON orders (order_key NULLS FIRST);

CREATE TABLE shipments (
	id            bigint PRIMARY KEY,
	order_id      bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	tracking_no   text NOT NULL,
	carrier       text NOT NULL DEFAULT '',
	origin        text NOT NULL DEFAULT '',
	destination   text NOT NULL DEFAULT '',
	status        text NOT NULL DEFAULT 'pending',
	shipped_at    bigint NOT NULL DEFAULT 0,
	last_event_at bigint,
	delivered_at  bigint,
	next_check_at bigint,
	checked_at    bigint,
	eta           bigint,
	unverified    bigint NOT NULL DEFAULT 0,
	last_error    text NOT NULL DEFAULT '', lease_owner text, lease_until bigint, pushed_at bigint, first_event_at bigint, last_mile_no text NOT NULL DEFAULT '', last_mile_carrier text NOT NULL DEFAULT '',
	UNIQUE (order_id, tracking_no)
);

CREATE INDEX shipments_tracking_no ON shipments (tracking_no NULLS FIRST);

CREATE INDEX shipments_list ON shipments (shipped_at DESC NULLS LAST, id DESC NULLS LAST);

CREATE INDEX shipments_status_list ON shipments (status NULLS FIRST, shipped_at DESC NULLS LAST, id DESC NULLS LAST);

CREATE TABLE events (
	id          bigint PRIMARY KEY,
	shipment_id bigint NOT NULL,
	time        bigint,
	status      text NOT NULL,
	raw_status  text NOT NULL DEFAULT '',
	location    text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	exception   text NOT NULL DEFAULT '',
	-- First 16 bytes of SHA-256 of tracker.Event.Key(): a short fixed-size
	-- dedupe key keeps this index small however long descriptions are.
	key         bytea NOT NULL,
	UNIQUE (shipment_id, key)
);

CREATE TABLE exceptions (
	id            bigint PRIMARY KEY,
	shipment_id   bigint NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	kind          text NOT NULL,
	severity      bigint NOT NULL,
	state         text NOT NULL DEFAULT 'open',
	detail        text NOT NULL DEFAULT '',
	owner         text NOT NULL DEFAULT '',
	-- Rules close only what rules opened; a person's report stays until a person closes it.
	source        text NOT NULL CHECK (source IN ('rule', 'manual')),
	opened_at     bigint NOT NULL,
	closed_at     bigint,
	snoozed_until bigint
, resolved_by text NOT NULL DEFAULT '');

CREATE UNIQUE INDEX exceptions_open_kind ON exceptions (shipment_id NULLS FIRST, kind NULLS FIRST) WHERE closed_at IS NULL;

CREATE INDEX exceptions_shipment ON exceptions (shipment_id NULLS FIRST);

CREATE INDEX exceptions_queue ON exceptions (severity DESC NULLS LAST, opened_at NULLS FIRST, id NULLS FIRST) WHERE closed_at IS NULL;

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value text NOT NULL
);

CREATE INDEX shipments_lease ON shipments (lease_owner NULLS FIRST) WHERE lease_owner IS NOT NULL;

CREATE TABLE exception_log (
	id           bigint PRIMARY KEY,
	exception_id bigint NOT NULL REFERENCES exceptions (id) ON DELETE CASCADE,
	at           bigint NOT NULL,
	actor        text NOT NULL,
	action       text NOT NULL,
	detail       text NOT NULL DEFAULT ''
);

CREATE INDEX exception_log_exception ON exception_log (exception_id NULLS FIRST, at NULLS FIRST);

CREATE TABLE outbox (
	id              bigint PRIMARY KEY,
	key             text NOT NULL,
	channel         text NOT NULL,
	kind            text NOT NULL,
	severity        bigint NOT NULL,
	exception_id    bigint REFERENCES exceptions (id) ON DELETE CASCADE,
	shipment_id     bigint REFERENCES shipments (id) ON DELETE CASCADE,
	subject         text NOT NULL,
	body            text NOT NULL,
	created_at      bigint NOT NULL,
	attempts        bigint NOT NULL DEFAULT 0,
	next_attempt_at bigint NOT NULL,
	sent_at         bigint,
	last_error      text NOT NULL DEFAULT '',
	read_at         bigint,
	UNIQUE (key, channel)
);

CREATE INDEX outbox_due ON outbox (channel NULLS FIRST, next_attempt_at NULLS FIRST) WHERE sent_at IS NULL;

CREATE INDEX outbox_unread ON outbox (created_at NULLS FIRST) WHERE channel = 'app' AND read_at IS NULL;

CREATE TABLE watches (
	order_id   bigint PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
	who        text NOT NULL DEFAULT '',
	created_at bigint NOT NULL
);

CREATE INDEX outbox_app ON outbox (created_at DESC NULLS LAST, id DESC NULLS LAST) WHERE channel = 'app';

CREATE TABLE cases (
	id                      bigint PRIMARY KEY,
	order_id                bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id             bigint NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	-- The exception that prompted the case; NULL when opened from an order.
	exception_id            bigint REFERENCES exceptions (id) ON DELETE SET NULL,
	kind                    text NOT NULL,
	step                    text NOT NULL,
	state                   text NOT NULL CHECK (state IN ('open', 'closed')),
	language                text NOT NULL DEFAULT '',
	opened_at               bigint NOT NULL,
	opened_by               text NOT NULL,
	updated_at              bigint NOT NULL, -- unix nanoseconds
	follow_up_at            bigint,
	closed_at               bigint,
	reassured               bigint NOT NULL DEFAULT 0,
	verified                bigint NOT NULL DEFAULT 0,
	carrier_answer          text NOT NULL DEFAULT '',
	reference               text NOT NULL DEFAULT '',
	investigation_requested bigint NOT NULL DEFAULT 0,
	solution                text,
	resolution              text NOT NULL DEFAULT '',
	root_cause              text NOT NULL DEFAULT ''
);

CREATE INDEX cases_order ON cases (order_id NULLS FIRST);

CREATE UNIQUE INDEX cases_open ON cases (shipment_id NULLS FIRST, kind NULLS FIRST) WHERE state = 'open';

CREATE INDEX cases_follow_up ON cases (follow_up_at NULLS FIRST) WHERE state = 'open';

CREATE TABLE case_log (
	id      bigint PRIMARY KEY,
	case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at      bigint NOT NULL,
	actor   text NOT NULL,
	action  text NOT NULL,
	detail  text NOT NULL DEFAULT ''
);

CREATE INDEX case_log_case ON case_log (case_id NULLS FIRST);

CREATE INDEX orders_checked ON orders (id NULLS FIRST) WHERE checks <> '';

CREATE INDEX events_problems ON events (shipment_id NULLS FIRST) WHERE exception != '';

CREATE TABLE eta_model (
	id       bigint PRIMARY KEY CHECK (id = 1),
	built_at bigint NOT NULL,
	settings text NOT NULL,
	model    bytea NOT NULL
);

CREATE INDEX orders_demo ON orders (id NULLS FIRST) WHERE demo = 1;

CREATE INDEX exceptions_closed ON exceptions (closed_at DESC NULLS LAST, id DESC NULLS LAST) WHERE closed_at IS NOT NULL;

CREATE TABLE subscriptions (
	service     text NOT NULL,
	tracking_no text NOT NULL,
	carrier     text NOT NULL DEFAULT '',
	at          bigint NOT NULL,
	refused     text NOT NULL DEFAULT '',
	PRIMARY KEY (service, tracking_no, carrier)
);

CREATE INDEX shipments_last_mile ON shipments (last_mile_no NULLS FIRST) WHERE last_mile_no != '';

CREATE TABLE tracking_life (
	shipment_id    bigint PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
	-- The service that stopped the number, or that we stopped it at.
	service        text NOT NULL,
	stopped_at     bigint, -- the service said it no longer follows the number
	restarted_at   bigint, -- its one restart was asked: spent from then on
	restart_result text NOT NULL DEFAULT '', -- '' when taken, else the service's refusal
	recheck_at     bigint, -- when to poll it once after the restart, whatever its status
	untracked_at   bigint, -- we told the service to stop following it
	untrack_result text NOT NULL DEFAULT ''
);

CREATE INDEX tracking_life_stopped ON tracking_life (stopped_at NULLS FIRST, shipment_id NULLS FIRST)
	WHERE stopped_at IS NOT NULL AND restarted_at IS NULL AND untracked_at IS NULL;

CREATE INDEX tracking_life_recheck ON tracking_life (recheck_at NULLS FIRST) WHERE recheck_at IS NOT NULL;

CREATE INDEX tracking_life_restarts ON tracking_life (service NULLS FIRST, restarted_at NULLS FIRST) WHERE restarted_at IS NOT NULL;

CREATE INDEX cases_closed ON cases (closed_at NULLS FIRST, id NULLS FIRST) WHERE state = 'closed';

CREATE TABLE service_health (
	service     text PRIMARY KEY,
	state       text NOT NULL CHECK (state IN ('paused', 'stopped')),
	until_at    bigint,
	reason      text NOT NULL DEFAULT '',
	key_print   text NOT NULL DEFAULT '',
	recorded_at bigint NOT NULL,
	recorded_by text NOT NULL DEFAULT ''
);

CREATE TABLE market_sync (
	marketplace text NOT NULL,
	stream      text NOT NULL CHECK (stream IN ('orders', 'disputes')),
	since       bigint NOT NULL DEFAULT 0, -- unix seconds; 0: as far back as the marketplace allows
	page        text NOT NULL DEFAULT '',
	high        bigint NOT NULL DEFAULT 0,
	synced_at   bigint NOT NULL,
	PRIMARY KEY (marketplace, stream)
);

CREATE TABLE market_orders (
	order_id    bigint PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
	marketplace text NOT NULL,
	status      text NOT NULL DEFAULT '',
	updated_at  bigint,
	sent        text NOT NULL DEFAULT '{}',
	synced_at   bigint NOT NULL
);

CREATE TABLE market_disputes (
	marketplace  text NOT NULL,
	dispute_id   text NOT NULL,
	order_id     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	case_id      bigint REFERENCES cases (id) ON DELETE SET NULL,
	status       text NOT NULL DEFAULT '',
	open         bigint NOT NULL DEFAULT 1,
	kind         text NOT NULL DEFAULT '',
	reason_cn    text NOT NULL DEFAULT '',
	reason_en    text NOT NULL DEFAULT '',
	buyer_wants  text NOT NULL DEFAULT '',
	seller_offer text NOT NULL DEFAULT '',
	reply_by     bigint,
	reply_kind   text NOT NULL DEFAULT '',
	outcome      text NOT NULL DEFAULT '',
	updated_at   bigint,
	synced_at    bigint NOT NULL,
	PRIMARY KEY (marketplace, dispute_id)
);

CREATE INDEX market_disputes_case ON market_disputes (case_id NULLS FIRST);

CREATE TABLE deadlines (
	id          bigint PRIMARY KEY,
	order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id bigint REFERENCES shipments (id) ON DELETE CASCADE,
	case_id     bigint REFERENCES cases (id) ON DELETE SET NULL,
	kind        text NOT NULL CHECK (kind IN ('dispute_reply', 'protection_end', 'ship_by',
	                'trade_assurance_reply', 'carrier_claim', 'follow_up')),
	due_at      bigint NOT NULL,
	source      text NOT NULL,
	ref         text NOT NULL DEFAULT '',
	state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'met', 'missed', 'gone')),
	alerted     text NOT NULL DEFAULT '',
	created_at  bigint NOT NULL,
	updated_at  bigint NOT NULL,
	UNIQUE (order_id, kind, ref)
);

CREATE INDEX deadlines_open_due ON deadlines (due_at NULLS FIRST, id NULLS FIRST) WHERE state = 'open';

CREATE INDEX deadlines_open_shipment ON deadlines (shipment_id NULLS FIRST) WHERE state = 'open';

CREATE TABLE deadline_log (
	id          bigint PRIMARY KEY,
	deadline_id bigint NOT NULL REFERENCES deadlines (id) ON DELETE CASCADE,
	at          bigint NOT NULL,
	actor       text NOT NULL,
	action      text NOT NULL,
	detail      text NOT NULL DEFAULT ''
);

CREATE INDEX deadline_log_deadline ON deadline_log (deadline_id NULLS FIRST, id NULLS FIRST);

CREATE TABLE market_webhooks (
	market  text NOT NULL,
	id      text NOT NULL,
	seen_at bigint NOT NULL,
	PRIMARY KEY (market, id)
);

CREATE INDEX market_webhooks_seen ON market_webhooks (seen_at NULLS FIRST);

CREATE TABLE claims (
	id          bigint PRIMARY KEY,
	case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id bigint NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	party_kind  text NOT NULL CHECK (party_kind IN ('carrier', 'insurer')),
	party       text NOT NULL,
	reference   text NOT NULL DEFAULT '',
	filed_at    bigint,
	claimed     bigint NOT NULL CHECK (claimed > 0),
	recovered   bigint NOT NULL DEFAULT 0 CHECK (recovered >= 0 AND recovered <= claimed),
	currency    text NOT NULL,
	state       text NOT NULL CHECK (state IN ('draft', 'filed', 'answered', 'paid', 'rejected', 'appealed', 'withdrawn')),
	note        text NOT NULL DEFAULT '',
	created_at  bigint NOT NULL,
	created_by  text NOT NULL,
	updated_at  bigint NOT NULL
);

CREATE INDEX claims_shipment ON claims (shipment_id NULLS FIRST);

CREATE INDEX claims_state ON claims (state NULLS FIRST, id NULLS FIRST);

CREATE TABLE claim_log (
	id       bigint PRIMARY KEY,
	claim_id bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	at       bigint NOT NULL,
	actor    text NOT NULL,
	action   text NOT NULL,
	detail   text NOT NULL DEFAULT ''
);

CREATE INDEX claim_log_claim ON claim_log (claim_id NULLS FIRST, id NULLS FIRST);

CREATE TABLE shipment_counts (
	status text PRIMARY KEY,
	n      bigint NOT NULL
);

CREATE TABLE exception_counts (
	kind  text NOT NULL,
	state text NOT NULL,
	n     bigint NOT NULL,
	PRIMARY KEY (kind, state)
);

CREATE INDEX exceptions_snoozed ON exceptions (snoozed_until NULLS FIRST, kind NULLS FIRST) WHERE closed_at IS NULL AND state = 'snoozed';

CREATE TABLE outbox_counts (
	what text PRIMARY KEY,
	n    bigint NOT NULL
);

CREATE INDEX shipments_due ON shipments (next_check_at NULLS FIRST)
	WHERE status != 'delivered' AND status != 'returned' AND status != 'expired';

CREATE INDEX shipments_final_checked ON shipments (checked_at NULLS FIRST, id NULLS FIRST)
	WHERE (status = 'delivered' OR status = 'returned' OR status = 'expired');

DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['orders', 'shipments', 'events', 'exceptions', 'exception_log', 'outbox',
		'cases', 'case_log', 'deadlines', 'deadline_log', 'claims', 'claim_log']
	LOOP
		EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION waybill_next_id()', t || '_next_id', t);
	END LOOP;
END $$;

-- The words the orders filter finds, as SQLite's unicode61 splits them:
-- letters and digits, without their accents (unicode61 removes them too:
-- "emile" finds Émile); everything else separates. unaccent ships with
-- PostgreSQL (contrib) and is a trusted extension: the database's owner may
-- create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION waybill_fts_doc(order_no text, tracking_no text, buyer text, destination text, carrier text)
RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
	SELECT to_tsvector('simple', regexp_replace(lower(unaccent(concat_ws(' ', order_no, tracking_no, buyer, destination, carrier))),
		'[^[:alnum:]]+', ' ', 'g'))
$$;

CREATE TABLE shipments_fts (
	rowid bigint PRIMARY KEY,
	doc   tsvector NOT NULL
);
CREATE INDEX shipments_fts_doc ON shipments_fts USING gin (doc);

CREATE FUNCTION shipments_fts_put() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO shipments_fts (rowid, doc)
	SELECT NEW.id, waybill_fts_doc(o.order_no, trim(NEW.tracking_no || ' ' || NEW.last_mile_no), o.buyer, NEW.destination,
		trim(NEW.carrier || ' ' || NEW.last_mile_carrier))
	FROM orders o WHERE o.id = NEW.order_id
	ON CONFLICT (rowid) DO UPDATE SET doc = excluded.doc;
	RETURN NULL;
END $$;
CREATE TRIGGER shipments_fts_insert AFTER INSERT ON shipments FOR EACH ROW EXECUTE FUNCTION shipments_fts_put();
CREATE TRIGGER shipments_fts_update AFTER UPDATE OF order_id, tracking_no, destination, carrier, last_mile_no, last_mile_carrier ON shipments
	FOR EACH ROW WHEN (old.order_id IS DISTINCT FROM new.order_id OR old.tracking_no IS DISTINCT FROM new.tracking_no
		OR old.destination IS DISTINCT FROM new.destination OR old.carrier IS DISTINCT FROM new.carrier
		OR old.last_mile_no IS DISTINCT FROM new.last_mile_no OR old.last_mile_carrier IS DISTINCT FROM new.last_mile_carrier)
	EXECUTE FUNCTION shipments_fts_put();

CREATE FUNCTION orders_fts_put() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE shipments_fts f SET doc = waybill_fts_doc(NEW.order_no, trim(s.tracking_no || ' ' || s.last_mile_no), NEW.buyer,
		s.destination, trim(s.carrier || ' ' || s.last_mile_carrier))
	FROM shipments s WHERE s.order_id = NEW.id AND f.rowid = s.id;
	RETURN NULL;
END $$;
CREATE TRIGGER orders_fts_update AFTER UPDATE OF order_no, buyer ON orders
	FOR EACH ROW WHEN (old.order_no IS DISTINCT FROM new.order_no OR old.buyer IS DISTINCT FROM new.buyer)
	EXECUTE FUNCTION orders_fts_put();

-- Events have no foreign key (SQLite's 0008: the key cost ingest); a
-- deleted shipment takes its events, and its words, with it.
CREATE FUNCTION shipments_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM events WHERE shipment_id = OLD.id;
	DELETE FROM shipments_fts WHERE rowid = OLD.id;
	RETURN NULL;
END $$;
CREATE TRIGGER shipments_deleted AFTER DELETE ON shipments FOR EACH ROW EXECUTE FUNCTION shipments_deleted();

-- The counts of SQLite's 0023, kept by the same rules.
CREATE FUNCTION shipment_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE shipment_counts SET n = n - 1 WHERE status = OLD.status;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO shipment_counts (status, n) VALUES (NEW.status, 1)
			ON CONFLICT (status) DO UPDATE SET n = shipment_counts.n + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER shipment_counts_insert AFTER INSERT ON shipments FOR EACH ROW EXECUTE FUNCTION shipment_counts_keep();
CREATE TRIGGER shipment_counts_delete AFTER DELETE ON shipments FOR EACH ROW EXECUTE FUNCTION shipment_counts_keep();
CREATE TRIGGER shipment_counts_update AFTER UPDATE OF status ON shipments
	FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status) EXECUTE FUNCTION shipment_counts_keep();

CREATE FUNCTION exception_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.closed_at IS NULL THEN
		UPDATE exception_counts SET n = n - 1 WHERE kind = OLD.kind AND state = OLD.state;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.closed_at IS NULL THEN
		INSERT INTO exception_counts (kind, state, n) VALUES (NEW.kind, NEW.state, 1)
			ON CONFLICT (kind, state) DO UPDATE SET n = exception_counts.n + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER exception_counts_insert AFTER INSERT ON exceptions
	FOR EACH ROW WHEN (new.closed_at IS NULL) EXECUTE FUNCTION exception_counts_keep();
CREATE TRIGGER exception_counts_delete AFTER DELETE ON exceptions
	FOR EACH ROW WHEN (old.closed_at IS NULL) EXECUTE FUNCTION exception_counts_keep();
CREATE TRIGGER exception_counts_update AFTER UPDATE OF kind, state, closed_at ON exceptions
	FOR EACH ROW WHEN (old.kind IS DISTINCT FROM new.kind OR old.state IS DISTINCT FROM new.state
		OR (old.closed_at IS NULL) <> (new.closed_at IS NULL))
	EXECUTE FUNCTION exception_counts_keep();

INSERT INTO outbox_counts (what, n) VALUES ('unread', 0), ('failed', 0);

CREATE FUNCTION outbox_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	unread int := 0;
	failed int := 0;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		unread := unread - (OLD.channel = 'app' AND OLD.read_at IS NULL)::int;
		failed := failed - (OLD.sent_at IS NULL AND OLD.attempts > 0)::int;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		unread := unread + (NEW.channel = 'app' AND NEW.read_at IS NULL)::int;
		failed := failed + (NEW.sent_at IS NULL AND NEW.attempts > 0)::int;
	END IF;
	IF unread <> 0 THEN
		UPDATE outbox_counts SET n = n + unread WHERE what = 'unread';
	END IF;
	IF failed <> 0 THEN
		UPDATE outbox_counts SET n = n + failed WHERE what = 'failed';
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_counts_keep();
CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_counts_keep();
CREATE TRIGGER outbox_counts_update AFTER UPDATE OF channel, read_at, sent_at, attempts ON outbox
	FOR EACH ROW EXECUTE FUNCTION outbox_counts_keep();
