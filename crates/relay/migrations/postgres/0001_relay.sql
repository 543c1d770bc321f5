-- The relay's store on PostgreSQL: channels, their ingest secrets, and the events received
-- on them. The same contract as the SQLite schema (migrations/sqlite), in native types.

-- One channel per provider account of one desktop install. `next_seq` is the seq its next
-- event gets: an append locks the row, takes seqs from it and bumps it in the same
-- transaction, so seqs are gapless and follow commit order on the channel. `acked_seq` is
-- how far the desktop has acknowledged; `backlog` counts the events after it, kept in step
-- by every append and ack so a pull does not count rows.
CREATE TABLE channels (
    id                TEXT PRIMARY KEY,
    provider          TEXT NOT NULL CHECK (provider IN ('gestaoclick', 'coinzz')),
    auth_mode         TEXT NOT NULL CHECK (auth_mode IN ('bearer', 'hmac', 'standard', 'url-token')),
    pull_token_sha256 TEXT NOT NULL,
    next_seq          BIGINT NOT NULL DEFAULT 1,
    acked_seq         BIGINT NOT NULL DEFAULT 0,
    backlog           BIGINT NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL
);

-- Several secrets live at once only during a rotation; an expired one is purged.
CREATE TABLE channel_secrets (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ
);

CREATE INDEX channel_secrets_by_channel ON channel_secrets (channel_id);
CREATE INDEX channel_secrets_by_expiry ON channel_secrets (expires_at) WHERE expires_at IS NOT NULL;

-- `headers` is the kept headers' JSON text, as SQLite keeps it: read back byte for byte.
CREATE TABLE events (
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    event_id    TEXT,
    received_at TIMESTAMPTZ NOT NULL,
    headers     TEXT NOT NULL,
    body        BYTEA NOT NULL,
    acked_at    TIMESTAMPTZ,
    PRIMARY KEY (channel_id, seq)
);

CREATE UNIQUE INDEX events_by_event_id ON events (channel_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX events_by_acked_at ON events (acked_at) WHERE acked_at IS NOT NULL;
