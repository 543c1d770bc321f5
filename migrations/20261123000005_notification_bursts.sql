-- Bursts become one notification: a row with a `coalesce_key` (say, new sales of one
-- integration) absorbs the next ones with the same key while it is unread and recent,
-- counting them in `count`; `created_at` moves to the latest, so it stays on top.
ALTER TABLE notifications ADD COLUMN coalesce_key TEXT;
ALTER TABLE notifications ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
CREATE INDEX notifications_coalescing ON notifications (coalesce_key, created_at) WHERE read_at IS NULL;
