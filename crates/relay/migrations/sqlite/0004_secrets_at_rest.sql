-- Ingest secrets at rest (src/secrets.rs): a Bearer or url-token secret is kept as its
-- SHA-256 (`secret_digest`), an HMAC or Standard one encrypted under the server key
-- `key_id` (`secret_sealed`). Exactly one form per row.
--
-- `clear_secret` holds an existing secret only between this migration and the relay's
-- first start with it, which converts every row in Rust (it needs the server key) and
-- sets the column to NULL; nothing ever writes it again.
--
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt; the old pages are
-- overwritten when the conversion rewrites the file (VACUUM).
CREATE TABLE channel_secrets_at_rest (
    id            INTEGER PRIMARY KEY,
    channel_id    TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    clear_secret  TEXT,
    secret_digest BLOB CHECK (secret_digest IS NULL OR length(secret_digest) = 32),
    secret_sealed BLOB,
    key_id        TEXT,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    CHECK ((clear_secret IS NOT NULL) + (secret_digest IS NOT NULL) + (secret_sealed IS NOT NULL) = 1),
    CHECK ((secret_sealed IS NULL) = (key_id IS NULL))
) STRICT;

INSERT INTO channel_secrets_at_rest (id, channel_id, clear_secret, created_at, expires_at)
SELECT id, channel_id, secret, created_at, expires_at FROM channel_secrets;

DROP TABLE channel_secrets;
ALTER TABLE channel_secrets_at_rest RENAME TO channel_secrets;

CREATE INDEX channel_secrets_by_channel ON channel_secrets (channel_id);
-- The conversion at start looks for rows still in clear; there are none after it.
CREATE INDEX channel_secrets_in_clear ON channel_secrets (id) WHERE clear_secret IS NOT NULL;
