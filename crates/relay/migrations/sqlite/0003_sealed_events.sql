-- Payloads sealed to the desktop (`ponte_webhooks::seal`): the relay keeps ciphertext only.
--
-- `channel_keys` are the public keys a channel's events are sealed to: the desktop's, and
-- optionally the operator's recovery key. A channel without a row here takes no webhooks.
--
-- `events` is rebuilt without headers or body: per event, its seq, its id (the provider's,
-- or the one the relay drew for a delivery without one, which the envelope is bound to),
-- when it came, the size of the body received, the recipients' key ids (comma-separated
-- hex) and the sealed envelope.
--
-- Plaintext events an upgraded relay still holds move, as they are, to `unsealed_events`:
-- they are KEPT UNTIL ACKNOWLEDGED AND THEN PURGED AT ONCE, whatever the retention (not
-- sealed in place: no channel has a key yet when this runs, so there would be nothing to
-- seal them to). They are served, deduped against and acknowledged like sealed ones; no
-- new row ever lands in that table.
CREATE TABLE channel_keys (
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    key_id     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('desktop', 'recovery')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (channel_id, key_id)
) STRICT;

DROP INDEX events_by_event_id;
DROP INDEX events_by_acked_at;
ALTER TABLE events RENAME TO unsealed_events;
CREATE UNIQUE INDEX unsealed_events_by_event_id ON unsealed_events (channel_id, event_id)
    WHERE event_id IS NOT NULL;

CREATE TABLE events (
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    size        INTEGER NOT NULL,
    key_ids     TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    acked_at    TEXT,
    PRIMARY KEY (channel_id, seq)
) STRICT;

CREATE UNIQUE INDEX events_by_event_id ON events (channel_id, event_id);
CREATE INDEX events_by_acked_at ON events (acked_at) WHERE acked_at IS NOT NULL;
