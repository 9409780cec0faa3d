-- 0011: a person's resolution holds, and every parcel has a destination.
--
-- resolved_by is who closed an exception by hand (`X`, `waybill exception
-- resolve`, or closing the complaint case it was opened for); '' for one
-- the rules closed or that is open. The rules open the kind again only when
-- an event newer than that resolution still shows the problem, so a closed
-- case's exception does not come back at the next check with nothing new.
-- Resolutions made before this migration are found in the exception log.
ALTER TABLE exceptions ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
UPDATE exceptions SET resolved_by = coalesce((SELECT l.actor FROM exception_log l
	WHERE l.exception_id = exceptions.id AND l.action = 'resolved' ORDER BY l.id DESC LIMIT 1), '')
WHERE closed_at IS NOT NULL AND state = 'resolved';

-- A parcel pasted or added by its tracking number alone was stored without
-- a destination, so the orders filter did not find it by country while its
-- order's other parcels were found. It goes where its order goes.
UPDATE shipments SET destination = (SELECT o.country FROM orders o WHERE o.id = shipments.order_id)
WHERE destination = '' AND (SELECT o.country FROM orders o WHERE o.id = shipments.order_id) != '';
