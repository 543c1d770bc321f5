-- The notification center: what happened that the operator should know (a sync that
-- changed records or failed), newest first, with its read state and the sync run it is
-- about. Written by the core; the desktop lists it, shows a badge and raises desktop
-- notifications for the important ones.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    level          TEXT    NOT NULL CHECK (level IN ('info', 'success', 'warning', 'error')),
    title          TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    integration_id INTEGER REFERENCES integrations(id) ON DELETE CASCADE,
    sync_run_id    INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
    created_at     TEXT    NOT NULL,
    read_at        TEXT
);
CREATE INDEX notifications_newest ON notifications (created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (read_at) WHERE read_at IS NULL;
