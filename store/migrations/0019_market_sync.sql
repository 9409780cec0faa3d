-- 0019: what the marketplace sync (tracker.Service.SyncMarketplace) keeps.
--
-- market_sync: where each marketplace's sync stands (orders and disputes
-- apart), advanced in the same transaction as the page of orders it
-- follows, so a sync killed at any point resumes at the page after the
-- last one committed and never writes half a page. since is where the
-- current run asks from; page is the next page of that run ('' : the run
-- is done, the next starts at since); high is the newest time seen in the
-- run (the marketplace's answer time, else the newest modified time),
-- where the next run starts, less an overlap, once this one finishes.
CREATE TABLE market_sync (
	marketplace TEXT NOT NULL,
	stream      TEXT NOT NULL CHECK (stream IN ('orders', 'disputes')),
	since       INTEGER NOT NULL DEFAULT 0, -- unix seconds; 0: as far back as the marketplace allows
	page        TEXT NOT NULL DEFAULT '',
	high        INTEGER NOT NULL DEFAULT 0,
	synced_at   INTEGER NOT NULL,
	PRIMARY KEY (marketplace, stream)
) WITHOUT ROWID;

-- market_orders: per synced order, the marketplace's own status and the
-- last value it sent for each field (sent: a JSON object of field → value).
-- A field is written to the order only when the marketplace's value
-- differs from the one kept here, so what the seller edited in waybill
-- stays until the marketplace itself changes that field.
CREATE TABLE market_orders (
	order_id    INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
	marketplace TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT '',
	updated_at  INTEGER,
	sent        TEXT NOT NULL DEFAULT '{}',
	synced_at   INTEGER NOT NULL
);

-- market_disputes: a buyer's dispute as the marketplace last told it, and
-- the complaint case it opened or joined. reply_by is the marketplace's
-- decision time in UTC unix seconds (NULL: no clock runs).
CREATE TABLE market_disputes (
	marketplace  TEXT NOT NULL,
	dispute_id   TEXT NOT NULL,
	order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	case_id      INTEGER REFERENCES cases (id) ON DELETE SET NULL,
	status       TEXT NOT NULL DEFAULT '',
	open         INTEGER NOT NULL DEFAULT 1,
	kind         TEXT NOT NULL DEFAULT '',
	reason_cn    TEXT NOT NULL DEFAULT '',
	reason_en    TEXT NOT NULL DEFAULT '',
	buyer_wants  TEXT NOT NULL DEFAULT '',
	seller_offer TEXT NOT NULL DEFAULT '',
	reply_by     INTEGER,
	reply_kind   TEXT NOT NULL DEFAULT '',
	outcome      TEXT NOT NULL DEFAULT '',
	updated_at   INTEGER,
	synced_at    INTEGER NOT NULL,
	PRIMARY KEY (marketplace, dispute_id)
) WITHOUT ROWID;
CREATE INDEX market_disputes_case ON market_disputes (case_id);
