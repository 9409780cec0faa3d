-- 0006: what is in the parcel and what it is worth, for customs and the
-- pre-shipment checks (tracker.Precheck).
--
-- Money is INTEGER hundredths of the currency's unit (tracker.Money), never
-- REAL, so an amount comes back from an export digit for digit; 0 means not
-- given. insured is NULL when nobody said, else 0 or 1.
--
-- checks is the order's pre-shipment warnings as a JSON array of
-- {"kind","detail"}, '' when there are none. The store works them out on
-- every add or merge, so counting warned orders reads one partial index
-- instead of judging every order again.

ALTER TABLE orders ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN product TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN hs_code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN declared_value INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN insured INTEGER;
ALTER TABLE orders ADD COLUMN checks TEXT NOT NULL DEFAULT '';

-- Queries must say `checks <> ''` word for word for SQLite to use it.
CREATE INDEX orders_checked ON orders (id) WHERE checks <> '';
