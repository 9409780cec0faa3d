-- 0025: how the parcel was packed ("double box, bubble wrap, fragile
-- sticker"), the seller's note for the pre-shipment record an evidence
-- bundle shows a carrier's claims desk (issue 23). Free text like
-- product; '' when nobody said, and an empty value written later keeps
-- the stored one (store.upsertOrder), as hs_code does.

ALTER TABLE orders ADD COLUMN packaging TEXT NOT NULL DEFAULT '';
