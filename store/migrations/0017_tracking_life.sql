-- 0017: following numbers for as long as the buyer is protected
-- (tracker.Lifecycle). A tracking service stops following a number that
-- goes quiet (17TRACK after 30 days, 15 once delivered; AfterShip after
-- 30) and lets it be restarted once; waybill restarts it while the order
-- is open, and stops following parcels that are over. tracking_life holds
-- a row for each parcel that got either: what the service said and what
-- was asked of it, so neither is ever asked twice, whichever process runs
-- the pass. Times are unix seconds, NULL when it did not happen.

CREATE TABLE tracking_life (
	shipment_id    INTEGER PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
	-- The service that stopped the number, or that we stopped it at.
	service        TEXT NOT NULL,
	stopped_at     INTEGER, -- the service said it no longer follows the number
	restarted_at   INTEGER, -- its one restart was asked: spent from then on
	restart_result TEXT NOT NULL DEFAULT '', -- '' when taken, else the service's refusal
	recheck_at     INTEGER, -- when to poll it once after the restart, whatever its status
	untracked_at   INTEGER, -- we told the service to stop following it
	untrack_result TEXT NOT NULL DEFAULT ''
);
-- The parcels to restart: stopped, neither restarted nor stopped by us,
-- walked in the order they stopped (StoppedParcels). Queries must repeat
-- the WHERE clause word for word for SQLite to use it.
CREATE INDEX tracking_life_stopped ON tracking_life (stopped_at, shipment_id)
	WHERE stopped_at IS NOT NULL AND restarted_at IS NULL AND untracked_at IS NULL;
-- Restarted parcels due their one poll (DueRechecks).
CREATE INDEX tracking_life_recheck ON tracking_life (recheck_at) WHERE recheck_at IS NOT NULL;
-- Each service's restarts of the day, for its daily budget (RestartsSince).
CREATE INDEX tracking_life_restarts ON tracking_life (service, restarted_at) WHERE restarted_at IS NOT NULL;
-- The parcels that ended, in the order they were last checked, walked
-- from where the last pass stopped (FinalParcels): a final parcel is not
-- polled, so its row leaves and enters this index rarely, and ingest of
-- the parcels that move never touches it.
CREATE INDEX shipments_final_checked ON shipments (checked_at, id)
	WHERE status IN ('delivered', 'returned', 'expired');
-- Cases in the order they closed (ClosedCaseParcels).
CREATE INDEX cases_closed ON cases (closed_at, id) WHERE state = 'closed';
