-- Real time. `relay_channels`: the relay channel each integration pulls its webhooks from,
-- and `cursor`, the last relay seq whose event is committed here (moved in the same
-- transaction as the events). The pull token and the ingest secrets live in the keyring.
CREATE TABLE relay_channels (
    integration_id INTEGER PRIMARY KEY REFERENCES integrations(id) ON DELETE CASCADE,
    relay_url      TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    auth_mode      TEXT    NOT NULL CHECK (auth_mode IN ('bearer', 'hmac', 'standard', 'url-token')),
    cursor         INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT    NOT NULL
);

-- Every relay event this store has taken, once: unique on the relay's (channel, seq) and on
-- the provider's event id, so a redelivery (a crash between commit and ack) or the same
-- webhook sent twice changes nothing. `outcome` says what its effect did.
CREATE TABLE inbox_events (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    channel        TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    provider       TEXT    NOT NULL,
    event_id       TEXT    NOT NULL,
    event_type     TEXT,
    entity_type    TEXT,
    external_id    TEXT,
    outcome        TEXT    NOT NULL CHECK (outcome IN ('created', 'updated', 'unchanged', 'deactivated', 'stale', 'quarantined')),
    detail         TEXT,
    received_at    TEXT    NOT NULL,
    applied_at     TEXT    NOT NULL,
    UNIQUE (channel, seq),
    UNIQUE (provider, event_id)
);
CREATE INDEX inbox_events_recent ON inbox_events (integration_id, applied_at);
