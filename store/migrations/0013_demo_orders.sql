-- 0013: demo orders are marked, one by one, so a store can hold the demo
-- and real work apart (tracker.Order.Demo): only the simulator checks a
-- demo order's parcels, and `waybill demo --remove` deletes exactly them.
-- A store was a demo store or not as a whole before (meta 'demo'), and a
-- real order added to one was checked by the simulator too.
ALTER TABLE orders ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;

-- The demo orders: removing them, and asking whether a store holds any,
-- read this index; a store of real work keeps it empty.
CREATE INDEX orders_demo ON orders (id) WHERE demo = 1;

-- A store the demo filled while it was empty (meta 'demo' = '1') got its
-- demo orders in one write, all created at the same second, before anyone
-- could add a real one: those are marked. Orders added after them, by a
-- person or by a later `waybill demo`, cannot be told from real work and
-- stay real; the latter can be deleted by hand.
UPDATE orders SET demo = 1
WHERE (SELECT value FROM meta WHERE key = 'demo') = '1'
	AND created_at = (SELECT min(created_at) FROM orders);
