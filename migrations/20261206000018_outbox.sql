-- Corrigir na origem: the changes the operator asks Ponte to write back to a provider
-- (baixar, estornar, reclassificar a lançamento), kept durably until they are sent. A
-- row is written in the same transaction as the request, so a change is never lost, and
-- its state says where it stands: an open row (pending, sending) is the lançamento's
-- "pendente de envio" mark that Dados shows.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    integration_id   INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    entity_type      TEXT    NOT NULL CHECK (entity_type IN ('recebimento', 'pagamento')),
    external_id      TEXT    NOT NULL,
    operation        TEXT    NOT NULL CHECK (operation IN ('baixar', 'estornar', 'reclassificar')),
    -- JSON object: each provider field the operator changes → the value asked for.
    change           TEXT    NOT NULL,
    -- JSON object: the same fields as the mirror had them when the change was asked.
    base             TEXT    NOT NULL,
    -- The record's `modificado_em` the change was based on.
    base_modified_at TEXT,
    -- 0–10, higher first (the integration guides' scale).
    priority         INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'conflict', 'failed', 'discarded')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- While sending: the process that claimed the row, and (in next_attempt_at) until when
    -- its claim holds. A row whose process died goes back to pending, to be checked
    -- against the provider before anything is sent again.
    claimed_by       INTEGER,
    max_attempts     INTEGER NOT NULL CHECK (max_attempts >= 1),
    next_attempt_at  TEXT    NOT NULL,
    last_error_code  TEXT,
    last_error       TEXT,
    -- JSON: the provider's record as it stood when a conflict was found.
    upstream         TEXT,
    requested_at     TEXT    NOT NULL,
    finished_at      TEXT
);
CREATE INDEX outbox_due ON outbox (priority DESC, id) WHERE state = 'pending';
CREATE INDEX outbox_by_record ON outbox (integration_id, entity_type, external_id, state);

-- A change written back leaves an audit line beside the sync runs' lines: `sync_log` now
-- belongs to a run or to an outbox item, and gains the action 'written'.
CREATE TABLE sync_log_new (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER REFERENCES sync_runs(id) ON DELETE CASCADE,
    outbox_id   INTEGER REFERENCES outbox(id) ON DELETE CASCADE,
    entity_type TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('created', 'updated', 'deactivated', 'reactivated', 'failed', 'stale', 'written')),
    detail      TEXT,
    at          TEXT    NOT NULL,
    CHECK ((run_id IS NULL) <> (outbox_id IS NULL))
);
INSERT INTO sync_log_new (id, run_id, entity_type, external_id, action, detail, at)
    SELECT id, run_id, entity_type, external_id, action, detail, at FROM sync_log;
DROP TABLE sync_log;
ALTER TABLE sync_log_new RENAME TO sync_log;
CREATE INDEX sync_log_by_run ON sync_log (run_id);
CREATE INDEX sync_log_by_outbox ON sync_log (outbox_id) WHERE outbox_id IS NOT NULL;
