-- Kept sums for the vendas report and the Painel de indicadores, so that a year of
-- vendas, or a year of recebimentos by due date, is a few hundred rows instead of every
-- venda or every recebimento of the period. Kept by the triggers below in the same
-- transaction as every write, as the DRE's monthly sums and the fluxo de caixa's daily
-- ones are (migrations 00007, 00013 and 00017): an insert adds the row, a delete takes it
-- out, an update takes the old row out and puts the new one in. '' stands for "none" in a
-- key. A row whose entries all went is kept at zero and read as no row.
--
-- 1. vendas_monthly: the live vendas per month (the first 7 characters of `data`, a
--    YYYY-MM-DD date), integration, loja, centro de custo and situação, with their
--    valor_total and valor_custo: the vendas report by month, and every report's summary
--    per situação (its periods are whole months). The situação stays in the key because
--    which ones are cancelled is a LIKE on its name (store::sales::CANCELLED), applied
--    when reading. By day, week, vendedor, canal or item the report still reads the vendas.
-- 2. recebimentos_settled_due_daily: the settled (liquidado <> 0) recebimentos per day of
--    vencimento, at face value. With the open ones per due day (cash_flow_due_daily) it
--    gives what fell due in a span and what of it is still open (the indicadores'
--    inadimplência), and what falls due soon.

CREATE TABLE vendas_monthly (
    month           TEXT    NOT NULL,
    integration_id  INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    loja_id         TEXT    NOT NULL,
    centro_custo_id TEXT    NOT NULL,
    nome_situacao   TEXT    NOT NULL,
    vendas          INTEGER NOT NULL,
    revenue         INTEGER NOT NULL,
    cost            INTEGER NOT NULL,
    -- Month first: a report over every integration reads a range of months in order.
    PRIMARY KEY (month, integration_id, loja_id, centro_custo_id, nome_situacao)
) WITHOUT ROWID;

CREATE TABLE recebimentos_settled_due_daily (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    day            TEXT    NOT NULL,
    receivable     INTEGER NOT NULL,
    entries        INTEGER NOT NULL,
    PRIMARY KEY (integration_id, day)
) WITHOUT ROWID;

CREATE TRIGGER vendas_monthly_insert AFTER INSERT ON vendas
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO vendas_monthly (month, integration_id, loja_id, centro_custo_id, nome_situacao,
        vendas, revenue, cost)
    VALUES (coalesce(substr(NEW.data, 1, 7), ''), NEW.integration_id,
        coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        coalesce(NEW.nome_situacao, ''), 1, NEW.valor_total_centavos, NEW.valor_custo_centavos)
    ON CONFLICT (month, integration_id, loja_id, centro_custo_id, nome_situacao) DO UPDATE SET
        vendas = vendas + 1, revenue = revenue + excluded.revenue, cost = cost + excluded.cost;
END;

-- Taking a venda out updates the row its insert made (an insert here could name an
-- integration being deleted, which the foreign key refuses).
CREATE TRIGGER vendas_monthly_delete AFTER DELETE ON vendas
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE vendas_monthly SET vendas = vendas - 1, revenue = revenue - OLD.valor_total_centavos,
        cost = cost - OLD.valor_custo_centavos
    WHERE month = coalesce(substr(OLD.data, 1, 7), '') AND integration_id = OLD.integration_id
        AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '')
        AND nome_situacao = coalesce(OLD.nome_situacao, '');
END;

CREATE TRIGGER vendas_monthly_update_old AFTER UPDATE OF data, integration_id, loja_id,
    centro_custo_id, nome_situacao, valor_total_centavos, valor_custo_centavos,
    deactivated_at ON vendas
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE vendas_monthly SET vendas = vendas - 1, revenue = revenue - OLD.valor_total_centavos,
        cost = cost - OLD.valor_custo_centavos
    WHERE month = coalesce(substr(OLD.data, 1, 7), '') AND integration_id = OLD.integration_id
        AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '')
        AND nome_situacao = coalesce(OLD.nome_situacao, '');
END;

CREATE TRIGGER vendas_monthly_update_new AFTER UPDATE OF data, integration_id, loja_id,
    centro_custo_id, nome_situacao, valor_total_centavos, valor_custo_centavos,
    deactivated_at ON vendas
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO vendas_monthly (month, integration_id, loja_id, centro_custo_id, nome_situacao,
        vendas, revenue, cost)
    VALUES (coalesce(substr(NEW.data, 1, 7), ''), NEW.integration_id,
        coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        coalesce(NEW.nome_situacao, ''), 1, NEW.valor_total_centavos, NEW.valor_custo_centavos)
    ON CONFLICT (month, integration_id, loja_id, centro_custo_id, nome_situacao) DO UPDATE SET
        vendas = vendas + 1, revenue = revenue + excluded.revenue, cost = cost + excluded.cost;
END;

-- Only settled recebimentos fire these, so the other writes pay nothing for them.
CREATE TRIGGER lancamentos_settled_due_insert AFTER INSERT ON lancamentos
WHEN NEW.deactivated_at IS NULL AND NEW.liquidado <> 0 AND NEW.tipo = 'recebimento'
BEGIN
    INSERT INTO recebimentos_settled_due_daily (integration_id, day, receivable, entries)
    VALUES (NEW.integration_id, coalesce(substr(NEW.data_vencimento, 1, 10), ''),
        NEW.valor_centavos, 1)
    ON CONFLICT (integration_id, day) DO UPDATE SET
        receivable = receivable + excluded.receivable, entries = entries + 1;
END;

CREATE TRIGGER lancamentos_settled_due_delete AFTER DELETE ON lancamentos
WHEN OLD.deactivated_at IS NULL AND OLD.liquidado <> 0 AND OLD.tipo = 'recebimento'
BEGIN
    UPDATE recebimentos_settled_due_daily SET receivable = receivable - OLD.valor_centavos,
        entries = entries - 1
    WHERE integration_id = OLD.integration_id
        AND day = coalesce(substr(OLD.data_vencimento, 1, 10), '');
END;

CREATE TRIGGER lancamentos_settled_due_update_old AFTER UPDATE OF integration_id, tipo,
    valor_centavos, data_vencimento, liquidado, deactivated_at ON lancamentos
WHEN OLD.deactivated_at IS NULL AND OLD.liquidado <> 0 AND OLD.tipo = 'recebimento'
BEGIN
    UPDATE recebimentos_settled_due_daily SET receivable = receivable - OLD.valor_centavos,
        entries = entries - 1
    WHERE integration_id = OLD.integration_id
        AND day = coalesce(substr(OLD.data_vencimento, 1, 10), '');
END;

CREATE TRIGGER lancamentos_settled_due_update_new AFTER UPDATE OF integration_id, tipo,
    valor_centavos, data_vencimento, liquidado, deactivated_at ON lancamentos
WHEN NEW.deactivated_at IS NULL AND NEW.liquidado <> 0 AND NEW.tipo = 'recebimento'
BEGIN
    INSERT INTO recebimentos_settled_due_daily (integration_id, day, receivable, entries)
    VALUES (NEW.integration_id, coalesce(substr(NEW.data_vencimento, 1, 10), ''),
        NEW.valor_centavos, 1)
    ON CONFLICT (integration_id, day) DO UPDATE SET
        receivable = receivable + excluded.receivable, entries = entries + 1;
END;

-- What was mirrored before this migration.
INSERT INTO vendas_monthly (month, integration_id, loja_id, centro_custo_id, nome_situacao,
    vendas, revenue, cost)
SELECT coalesce(substr(data, 1, 7), ''), integration_id, coalesce(loja_id, ''),
    coalesce(centro_custo_id, ''), coalesce(nome_situacao, ''), count(*),
    sum(valor_total_centavos), sum(valor_custo_centavos)
FROM vendas WHERE deactivated_at IS NULL
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO recebimentos_settled_due_daily (integration_id, day, receivable, entries)
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), ''), sum(valor_centavos),
    count(*)
FROM lancamentos
WHERE deactivated_at IS NULL AND liquidado <> 0 AND tipo = 'recebimento'
GROUP BY 1, 2;
