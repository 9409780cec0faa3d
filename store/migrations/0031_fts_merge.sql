-- 0031: the full-text index is kept in few segments as parcels come
-- (issue 24 item 2: a filter key's work not growing with the store).
--
-- FTS5 looks a term up in every segment of its index, and 0030 left one.
-- Every write transaction that adds words adds a segment (one more for
-- each megabyte of words it holds: FTS5's hashsize), and FTS5 merges
-- them four of a size at a time, and only after 64 pages written: stores
-- built by batches of 100 orders and then 50 single parcels held 19
-- segments at 2,000 parcels and 20 at 20,000, where a filter key read 1.9
-- to 2.9 times the pages it reads in one segment; the bench's store of
-- 100,000 orders (imports of 5,000) held 20, and single parcels added
-- one at a time (the screen's form, a marketplace's new orders) piled
-- up to 15 one-page segments before FTS5 merged them.
--
-- automerge 2 and usermerge 2: two segments of a size merge, by FTS5's
-- own merging as words are written (work in proportion to what is
-- written) and by the merge the writer asks for in each transaction that
-- adds parcels (store/write.go foldIndex, a bounded number of pages), so
-- the index holds about one segment a size. hashsize 8 MB: an import's
-- batch of 5,000 orders (some 4 MB of words with 0030's prefixes) is one
-- segment rather than four that would only be merged again.
INSERT INTO shipments_fts (shipments_fts, rank) VALUES ('automerge', 2);
INSERT INTO shipments_fts (shipments_fts, rank) VALUES ('usermerge', 2);
INSERT INTO shipments_fts (shipments_fts, rank) VALUES ('hashsize', 8388608);
