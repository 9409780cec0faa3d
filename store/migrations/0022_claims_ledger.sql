-- 0022: the claims ledger (tracker.Claim): money asked back from a carrier
-- or an insurer for a parcel of a complaint case, and whether it came
-- back. Amounts are whole cents (tracker.Money), so a sum is exact.
-- filed_at is the filing day (unix seconds, UTC midnight), NULL while a
-- draft; updated_at is unix nanoseconds, the version a save checks (as
-- cases.updated_at). Not to be confused with the shipments' lease columns
-- of 0002, which that migration calls claims too.
CREATE TABLE claims (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	party_kind  TEXT NOT NULL CHECK (party_kind IN ('carrier', 'insurer')),
	party       TEXT NOT NULL,
	reference   TEXT NOT NULL DEFAULT '',
	filed_at    INTEGER,
	claimed     INTEGER NOT NULL CHECK (claimed > 0),
	recovered   INTEGER NOT NULL DEFAULT 0 CHECK (recovered >= 0 AND recovered <= claimed),
	currency    TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('draft', 'filed', 'answered', 'paid', 'rejected', 'appealed', 'withdrawn')),
	note        TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	created_by  TEXT NOT NULL,
	updated_at  INTEGER NOT NULL
);
-- A parcel's claims: the attempt limit counts them, and the rules ask
-- whether one was filed before starting a carrier's claim clock.
CREATE INDEX claims_shipment ON claims (shipment_id);
-- `waybill claims --state S` and the claims view's filter.
CREATE INDEX claims_state ON claims (state, id);

-- Who changed a claim, when, and what: added, or the change.
CREATE TABLE claim_log (
	id       INTEGER PRIMARY KEY,
	claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_log_claim ON claim_log (claim_id, id);
