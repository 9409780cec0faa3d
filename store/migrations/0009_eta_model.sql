-- 0009: the last ETA model built, so that a process starting within its
-- TTL (a new screen, an SSH session, `waybill show`) loads it instead of
-- reading every delivered parcel again. One row; model is
-- tracker.ETAModel's MarshalBinary; settings is the JSON of the
-- tracker.ETASettings it was built with and the day its window began
-- (store.etaModelKey); built_at is wall-clock unix seconds.
CREATE TABLE eta_model (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	built_at INTEGER NOT NULL,
	settings TEXT NOT NULL,
	model    BLOB NOT NULL
);
