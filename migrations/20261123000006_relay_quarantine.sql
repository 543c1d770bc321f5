-- A quarantined relay event remembers where it came from (channel and seq), so that
-- "Reprocessar" can pull its exact bytes and headers from the relay again, verify them,
-- and decode them with the current code. Pull-sync failures leave both NULL.
ALTER TABLE quarantine ADD COLUMN relay_channel TEXT;
ALTER TABLE quarantine ADD COLUMN relay_seq INTEGER;
CREATE INDEX quarantine_relay_event ON quarantine (relay_channel, relay_seq);
