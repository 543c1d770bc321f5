-- Ingest secrets at rest (src/secrets.rs): a Bearer or url-token secret is kept as its
-- SHA-256 (`secret_digest`), an HMAC or Standard one encrypted under the server key
-- `key_id` (`secret_sealed`). Exactly one form per row.
--
-- `clear_secret` holds an existing secret only between this migration and the relay's
-- first start with it, which converts every row in Rust (it needs the server key) and
-- sets the column to NULL; nothing ever writes it again.
ALTER TABLE channel_secrets RENAME COLUMN secret TO clear_secret;
ALTER TABLE channel_secrets ALTER COLUMN clear_secret DROP NOT NULL;
ALTER TABLE channel_secrets
    ADD COLUMN secret_digest BYTEA CHECK (secret_digest IS NULL OR length(secret_digest) = 32),
    ADD COLUMN secret_sealed BYTEA,
    ADD COLUMN key_id TEXT,
    ADD CONSTRAINT channel_secrets_one_form
        CHECK (num_nonnulls(clear_secret, secret_digest, secret_sealed) = 1),
    ADD CONSTRAINT channel_secrets_sealed_with_key
        CHECK ((secret_sealed IS NULL) = (key_id IS NULL));

-- The conversion at start looks for rows still in clear; there are none after it.
CREATE INDEX channel_secrets_in_clear ON channel_secrets (id) WHERE clear_secret IS NOT NULL;
