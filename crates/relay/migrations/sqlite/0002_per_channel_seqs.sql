-- Seqs per channel, gapless: each channel counts its own events from 1. `next_seq` is the
-- seq its next event gets; every append takes seqs from it inside the write transaction,
-- so seqs follow commit order on the channel, and a PostgreSQL store can do the same.
--
-- Existing events keep the seqs they had (from the old shared counter), and the counter
-- starts past both the newest event and the acknowledged seq, so a desktop's cursor stays
-- valid and its next event is still "after" it.
ALTER TABLE channels ADD COLUMN next_seq INTEGER NOT NULL DEFAULT 1;

UPDATE channels SET next_seq = 1 + MAX(
    acked_seq,
    COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.channel_id = channels.id), 0)
);

CREATE TABLE events_per_channel (
    channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    event_id    TEXT,
    received_at TEXT NOT NULL,
    headers     TEXT NOT NULL,
    body        BLOB NOT NULL,
    acked_at    TEXT,
    PRIMARY KEY (channel_id, seq)
) STRICT;

INSERT INTO events_per_channel (channel_id, seq, event_id, received_at, headers, body, acked_at)
SELECT channel_id, seq, event_id, received_at, headers, body, acked_at FROM events;

DROP TABLE events;
ALTER TABLE events_per_channel RENAME TO events;

CREATE UNIQUE INDEX events_by_event_id ON events (channel_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX events_by_acked_at ON events (acked_at) WHERE acked_at IS NOT NULL;
