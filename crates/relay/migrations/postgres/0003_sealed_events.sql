-- Payloads sealed to the desktop (`ponte_webhooks::seal`): the relay keeps ciphertext only.
-- The same change as the SQLite store's 0003, in native types.
--
-- `channel_keys` are the public keys a channel's events are sealed to: the desktop's, and
-- optionally the operator's recovery key. A channel without a row here takes no webhooks.
--
-- `events` is rebuilt without headers or body: per event, its seq, its id (the provider's,
-- or the one the relay drew for a delivery without one, which the envelope is bound to),
-- when it came, the size of the body received, the recipients' key ids (comma-separated
-- hex) and the sealed envelope.
--
-- Plaintext events a database still holds move, as they are, to `unsealed_events`: they
-- are KEPT UNTIL ACKNOWLEDGED AND THEN PURGED AT ONCE, whatever the retention (not sealed
-- in place: no channel has a key yet when this runs). No new row ever lands there.
CREATE TABLE channel_keys (
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    key_id     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('desktop', 'recovery')),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel_id, key_id)
);

ALTER TABLE events RENAME TO unsealed_events;
ALTER TABLE unsealed_events RENAME CONSTRAINT events_pkey TO unsealed_events_pkey;
ALTER TABLE unsealed_events RENAME CONSTRAINT events_channel_id_fkey TO unsealed_events_channel_id_fkey;
ALTER INDEX events_by_event_id RENAME TO unsealed_events_by_event_id;
ALTER INDEX events_by_acked_at RENAME TO unsealed_events_by_acked_at;

CREATE TABLE events (
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    size        BIGINT NOT NULL,
    key_ids     TEXT NOT NULL,
    sealed      BYTEA NOT NULL,
    acked_at    TIMESTAMPTZ,
    PRIMARY KEY (channel_id, seq)
);

CREATE UNIQUE INDEX events_by_event_id ON events (channel_id, event_id);
CREATE INDEX events_by_acked_at ON events (acked_at) WHERE acked_at IS NOT NULL;
