-- The fluxo de caixa's kept daily sums, so that it reads a few thousand rows instead of
-- every settled entry since the first (its saldo inicial summed all history before the
-- period) and every open one. Kept by the triggers below in the same transaction as every
-- write to lancamentos, as the DRE's monthly sums are (migrations 00007 and 00013): an
-- insert adds the entry, a delete takes it out, an update takes the old entry out and
-- puts the new one in (so an entry moved to another conta, day or integration, settled,
-- reopened, deactivated or back, moves its centavos with it).
--
-- 1. cash_flow_daily: what settled (liquidado = 1) per conta bancária and day of
--    liquidação, at what moved (valor_total): recebimentos in, pagamentos out.
-- 2. cash_flow_due_daily: what is open (liquidado = 0) per day of vencimento, at face
--    value (valor): a receber, a pagar.
-- '' stands for "none" in a key: no conta, no name, no date. A row whose entries all went
-- is kept at zero and read as no row.
--
-- What the sums cannot hold, the report reads from the entries themselves, in the period
-- only: the transfers by plano (which planos are transfers is the operator's mapping, and
-- may change) and the transfer legs without a plano; the index below finds them. A loja
-- or centro de custo filter reads the entries as before.

CREATE TABLE cash_flow_daily (
    integration_id      INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    conta_bancaria_id   TEXT    NOT NULL,
    -- Entries without a conta id are told apart by their conta's name.
    nome_conta_bancaria TEXT    NOT NULL,
    day                 TEXT    NOT NULL,
    inflow              INTEGER NOT NULL,
    outflow             INTEGER NOT NULL,
    entries             INTEGER NOT NULL,
    PRIMARY KEY (integration_id, conta_bancaria_id, nome_conta_bancaria, day)
) WITHOUT ROWID;

CREATE TABLE cash_flow_due_daily (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    day            TEXT    NOT NULL,
    receivable     INTEGER NOT NULL,
    payable        INTEGER NOT NULL,
    entries        INTEGER NOT NULL,
    PRIMARY KEY (integration_id, day)
) WITHOUT ROWID;

-- Settled entries by plano and day: the transfers by plano and the legs without a plano
-- (plano_contas_id IS NULL) in the period, a small part of the table.
CREATE INDEX lancamentos_settled_plano ON lancamentos (plano_contas_id, data_liquidacao)
    WHERE liquidado = 1 AND deactivated_at IS NULL;

CREATE TRIGGER lancamentos_cash_flow_insert AFTER INSERT ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO cash_flow_daily (integration_id, conta_bancaria_id, nome_conta_bancaria, day,
        inflow, outflow, entries)
    SELECT NEW.integration_id, coalesce(NEW.conta_bancaria_id, ''),
        coalesce(NEW.nome_conta_bancaria, ''), coalesce(substr(NEW.data_liquidacao, 1, 10), ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_total_centavos ELSE 0 END,
        CASE NEW.tipo WHEN 'pagamento' THEN NEW.valor_total_centavos ELSE 0 END, 1
    WHERE NEW.liquidado = 1
    ON CONFLICT (integration_id, conta_bancaria_id, nome_conta_bancaria, day) DO UPDATE SET
        inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow,
        entries = entries + 1;
    INSERT INTO cash_flow_due_daily (integration_id, day, receivable, payable, entries)
    SELECT NEW.integration_id, coalesce(substr(NEW.data_vencimento, 1, 10), ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE 0 END,
        CASE NEW.tipo WHEN 'pagamento' THEN NEW.valor_centavos ELSE 0 END, 1
    WHERE NEW.liquidado = 0
    ON CONFLICT (integration_id, day) DO UPDATE SET
        receivable = receivable + excluded.receivable, payable = payable + excluded.payable,
        entries = entries + 1;
END;

-- Taking an entry out updates the rows its insert made (an insert here could name an
-- integration being deleted, which the foreign key refuses).
CREATE TRIGGER lancamentos_cash_flow_delete AFTER DELETE ON lancamentos
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE cash_flow_daily SET
        inflow = inflow - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_total_centavos ELSE 0 END,
        outflow = outflow - CASE OLD.tipo WHEN 'pagamento' THEN OLD.valor_total_centavos ELSE 0 END,
        entries = entries - 1
    WHERE OLD.liquidado = 1 AND integration_id = OLD.integration_id
        AND conta_bancaria_id = coalesce(OLD.conta_bancaria_id, '')
        AND nome_conta_bancaria = coalesce(OLD.nome_conta_bancaria, '')
        AND day = coalesce(substr(OLD.data_liquidacao, 1, 10), '');
    UPDATE cash_flow_due_daily SET
        receivable = receivable - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE 0 END,
        payable = payable - CASE OLD.tipo WHEN 'pagamento' THEN OLD.valor_centavos ELSE 0 END,
        entries = entries - 1
    WHERE OLD.liquidado = 0 AND integration_id = OLD.integration_id
        AND day = coalesce(substr(OLD.data_vencimento, 1, 10), '');
END;

-- An update is the old entry taken out and the new one put in.
CREATE TRIGGER lancamentos_cash_flow_update_old AFTER UPDATE OF integration_id, tipo,
    valor_centavos, valor_total_centavos, data_vencimento, data_liquidacao, liquidado,
    conta_bancaria_id, nome_conta_bancaria, deactivated_at ON lancamentos
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE cash_flow_daily SET
        inflow = inflow - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_total_centavos ELSE 0 END,
        outflow = outflow - CASE OLD.tipo WHEN 'pagamento' THEN OLD.valor_total_centavos ELSE 0 END,
        entries = entries - 1
    WHERE OLD.liquidado = 1 AND integration_id = OLD.integration_id
        AND conta_bancaria_id = coalesce(OLD.conta_bancaria_id, '')
        AND nome_conta_bancaria = coalesce(OLD.nome_conta_bancaria, '')
        AND day = coalesce(substr(OLD.data_liquidacao, 1, 10), '');
    UPDATE cash_flow_due_daily SET
        receivable = receivable - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE 0 END,
        payable = payable - CASE OLD.tipo WHEN 'pagamento' THEN OLD.valor_centavos ELSE 0 END,
        entries = entries - 1
    WHERE OLD.liquidado = 0 AND integration_id = OLD.integration_id
        AND day = coalesce(substr(OLD.data_vencimento, 1, 10), '');
END;

CREATE TRIGGER lancamentos_cash_flow_update_new AFTER UPDATE OF integration_id, tipo,
    valor_centavos, valor_total_centavos, data_vencimento, data_liquidacao, liquidado,
    conta_bancaria_id, nome_conta_bancaria, deactivated_at ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO cash_flow_daily (integration_id, conta_bancaria_id, nome_conta_bancaria, day,
        inflow, outflow, entries)
    SELECT NEW.integration_id, coalesce(NEW.conta_bancaria_id, ''),
        coalesce(NEW.nome_conta_bancaria, ''), coalesce(substr(NEW.data_liquidacao, 1, 10), ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_total_centavos ELSE 0 END,
        CASE NEW.tipo WHEN 'pagamento' THEN NEW.valor_total_centavos ELSE 0 END, 1
    WHERE NEW.liquidado = 1
    ON CONFLICT (integration_id, conta_bancaria_id, nome_conta_bancaria, day) DO UPDATE SET
        inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow,
        entries = entries + 1;
    INSERT INTO cash_flow_due_daily (integration_id, day, receivable, payable, entries)
    SELECT NEW.integration_id, coalesce(substr(NEW.data_vencimento, 1, 10), ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE 0 END,
        CASE NEW.tipo WHEN 'pagamento' THEN NEW.valor_centavos ELSE 0 END, 1
    WHERE NEW.liquidado = 0
    ON CONFLICT (integration_id, day) DO UPDATE SET
        receivable = receivable + excluded.receivable, payable = payable + excluded.payable,
        entries = entries + 1;
END;

-- What was mirrored before this migration.
INSERT INTO cash_flow_daily (integration_id, conta_bancaria_id, nome_conta_bancaria, day,
    inflow, outflow, entries)
SELECT integration_id, coalesce(conta_bancaria_id, ''), coalesce(nome_conta_bancaria, ''),
    coalesce(substr(data_liquidacao, 1, 10), ''),
    sum(CASE tipo WHEN 'recebimento' THEN valor_total_centavos ELSE 0 END),
    sum(CASE tipo WHEN 'pagamento' THEN valor_total_centavos ELSE 0 END), count(*)
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1
GROUP BY 1, 2, 3, 4;
INSERT INTO cash_flow_due_daily (integration_id, day, receivable, payable, entries)
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), ''),
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE 0 END),
    sum(CASE tipo WHEN 'pagamento' THEN valor_centavos ELSE 0 END), count(*)
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 0
GROUP BY 1, 2;
