-- 0015: the numbers a tracking service was asked to push by webhook
-- (Kuaidi100's subscription), so each is asked once, whatever restarts or
-- other processes share the store. Keyed by number and carrier, not by
-- shipment: two orders that carry one number share one subscription, and
-- a parcel whose number is corrected is a new one. refused is the
-- service's reason, '' when it follows the number; a refusal is offered
-- again after a while (tracker.SubscribeRetry).
CREATE TABLE subscriptions (
	service     TEXT NOT NULL,
	tracking_no TEXT NOT NULL,
	carrier     TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	refused     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (service, tracking_no, carrier)
) WITHOUT ROWID;
