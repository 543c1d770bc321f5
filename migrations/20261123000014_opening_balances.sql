-- Saldo inicial por conta bancária: the Gestão Click API exposes no balance, so without
-- one a conta's balance is only the sum of what settled in it since the first mirrored
-- lançamento. The operator enters the bank's balance at the START of `data` (before
-- anything that settled that day); the fluxo de caixa then counts that amount plus what
-- settled from `data` on. A local annotation: no sync writes or deletes these rows.

CREATE TABLE opening_balances (
    integration_id    INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    conta_bancaria_id TEXT    NOT NULL CHECK (conta_bancaria_id <> ''),
    -- YYYY-MM-DD.
    data              TEXT    NOT NULL
        CHECK (data GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    centavos          INTEGER NOT NULL,
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (integration_id, conta_bancaria_id)
);
