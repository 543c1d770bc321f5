-- The relay's store: channels, their ingest secrets, and the events received on them.
-- Instants are RFC 3339 UTC text of fixed width (see clock.rs), so they compare as text.

-- One channel per provider account of one desktop install. `acked_seq` is how far the
-- desktop has acknowledged; `backlog` counts the events after it, kept in step by every
-- append and ack so a pull does not count rows.
CREATE TABLE channels (
    id                TEXT PRIMARY KEY,
    provider          TEXT NOT NULL CHECK (provider IN ('gestaoclick', 'coinzz')),
    auth_mode         TEXT NOT NULL CHECK (auth_mode IN ('bearer', 'hmac', 'standard', 'url-token')),
    pull_token_sha256 TEXT NOT NULL,
    acked_seq         INTEGER NOT NULL DEFAULT 0,
    backlog           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL
) STRICT;

-- Several secrets live at once only during a rotation; an expired one is purged. They are
-- kept in clear because verifying an HMAC needs the key itself.
CREATE TABLE channel_secrets (
    id         INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
) STRICT;

CREATE INDEX channel_secrets_by_channel ON channel_secrets (channel_id);

-- AUTOINCREMENT: a seq is never reused, even after every event was purged, so a poller's
-- `after` can never skip a new event.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    event_id    TEXT,
    received_at TEXT NOT NULL,
    headers     TEXT NOT NULL,
    body        BLOB NOT NULL,
    acked_at    TEXT
) STRICT;

CREATE INDEX events_by_channel ON events (channel_id, seq);
CREATE UNIQUE INDEX events_by_event_id ON events (channel_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX events_by_acked_at ON events (acked_at) WHERE acked_at IS NOT NULL;
