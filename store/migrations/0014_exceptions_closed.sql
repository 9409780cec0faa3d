-- 0014: the resolved exceptions, last closed first (the Exceptions pane's
-- resolved view, `waybill exception list --state resolved`), read through
-- an index in that order and stopped at the page's LIMIT, instead of
-- sorting the whole closed history on each read.
CREATE INDEX exceptions_closed ON exceptions (closed_at DESC, id DESC) WHERE closed_at IS NOT NULL;
