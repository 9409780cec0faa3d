-- 0012: parcels an event dated far ahead made final are checked again.
--
-- Before this version the newest stored event decided a parcel's status
-- whatever its date, so a "Delivered" dated 400 days ahead (issue 19) made
-- a parcel delivered, and a delivered parcel is never polled again: the
-- rule that now leaves such events out (tracker.EventTimeDoubt) would
-- never reach it. A parcel whose last event or delivery is dated more than
-- a day ahead (tracker.EventAhead) takes the status and time of its newest
-- event not dated ahead (pending when it has none), loses a delivery time
-- dated ahead, and is due at once: its next check recomputes the rest,
-- exceptions included, by the one rule. Its events stay as they were sent.
UPDATE shipments SET
	status = coalesce((SELECT e.status FROM events e WHERE e.shipment_id = shipments.id
		AND e.time > 0 AND e.time <= CAST(strftime('%s', 'now') AS INTEGER) + 86400 ORDER BY e.time DESC, e.id DESC LIMIT 1), 'pending'),
	last_event_at = (SELECT e.time FROM events e WHERE e.shipment_id = shipments.id
		AND e.time > 0 AND e.time <= CAST(strftime('%s', 'now') AS INTEGER) + 86400 ORDER BY e.time DESC, e.id DESC LIMIT 1),
	delivered_at = CASE WHEN delivered_at > CAST(strftime('%s', 'now') AS INTEGER) + 86400 THEN NULL ELSE delivered_at END,
	next_check_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE last_event_at > CAST(strftime('%s', 'now') AS INTEGER) + 86400
	OR delivered_at > CAST(strftime('%s', 'now') AS INTEGER) + 86400;
