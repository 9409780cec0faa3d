-- 0004: what the triage screen reads.
--
-- The in-app alert list (outbox rows of channel 'app'), newest first, read
-- through an index in order instead of sorting every alert ever written.
-- The unread count has its own index already (outbox_unread, 0003).
CREATE INDEX outbox_app ON outbox (created_at DESC, id DESC) WHERE channel = 'app';
