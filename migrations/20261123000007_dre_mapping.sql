-- The operator's DRE mapping: the line a plano de contas (and, by inheritance, its
-- subtree) feeds. Accounts without a row here take the default from their name and type.
CREATE TABLE dre_mapping (
    integration_id    INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    plano_external_id TEXT    NOT NULL,
    class             TEXT    NOT NULL CHECK (class IN ('receita_bruta', 'deducoes', 'cmv',
                          'despesas_operacionais', 'depreciacao', 'resultado_financeiro',
                          'irpj_csll', 'excluida', 'nao_classificado')),
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (integration_id, plano_external_id)
);

-- The DRE's monthly sums, kept by the triggers below in the same transaction as every
-- write to lancamentos (sync pages, real-time events, deactivations), so a DRE reads a
-- few thousand rows instead of every entry. Signed: recebimentos add, pagamentos
-- subtract. Competência counts every live entry at its valor by data_competencia; caixa
-- counts settled ones at valor_total by data_liquidacao. '' stands for "none" in the key.
CREATE TABLE dre_monthly (
    integration_id   INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    basis            TEXT    NOT NULL CHECK (basis IN ('competencia', 'caixa')),
    month            TEXT    NOT NULL,
    plano_contas_id  TEXT    NOT NULL,
    loja_id          TEXT    NOT NULL,
    centro_custo_id  TEXT    NOT NULL,
    centavos         INTEGER NOT NULL,
    entries          INTEGER NOT NULL,
    income_entries   INTEGER NOT NULL,
    -- The name the entries carry, for accounts missing from planos_contas.
    nome_plano_conta TEXT,
    PRIMARY KEY (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id)
) WITHOUT ROWID;

-- The same sums without the loja and centro de custo, for the DRE without those filters:
-- twenty times fewer rows to read. Kept from dre_monthly by the two triggers under it.
CREATE TABLE dre_monthly_totals (
    basis            TEXT    NOT NULL,
    month            TEXT    NOT NULL,
    integration_id   INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    plano_contas_id  TEXT    NOT NULL,
    centavos         INTEGER NOT NULL,
    entries          INTEGER NOT NULL,
    income_entries   INTEGER NOT NULL,
    nome_plano_conta TEXT,
    PRIMARY KEY (basis, month, integration_id, plano_contas_id)
) WITHOUT ROWID;

CREATE TRIGGER dre_monthly_totals_insert AFTER INSERT ON dre_monthly
BEGIN
    INSERT INTO dre_monthly_totals (basis, month, integration_id, plano_contas_id, centavos,
        entries, income_entries, nome_plano_conta)
    VALUES (NEW.basis, NEW.month, NEW.integration_id, NEW.plano_contas_id, NEW.centavos,
        NEW.entries, NEW.income_entries, NEW.nome_plano_conta)
    ON CONFLICT (basis, month, integration_id, plano_contas_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
END;

CREATE TRIGGER dre_monthly_totals_update AFTER UPDATE ON dre_monthly
BEGIN
    UPDATE dre_monthly_totals SET
        centavos = centavos + NEW.centavos - OLD.centavos,
        entries = entries + NEW.entries - OLD.entries,
        income_entries = income_entries + NEW.income_entries - OLD.income_entries,
        nome_plano_conta = coalesce(NEW.nome_plano_conta, nome_plano_conta)
    WHERE basis = NEW.basis AND month = NEW.month AND integration_id = NEW.integration_id
        AND plano_contas_id = NEW.plano_contas_id;
END;

CREATE TRIGGER lancamentos_dre_insert AFTER INSERT ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'competencia', substr(NEW.data_competencia, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END,
        1, NEW.tipo = 'recebimento', NEW.nome_plano_conta
    WHERE NEW.data_competencia IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + 1,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_total_centavos ELSE -NEW.valor_total_centavos END,
        1, NEW.tipo = 'recebimento', NEW.nome_plano_conta
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + 1,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
END;

CREATE TRIGGER lancamentos_dre_delete AFTER DELETE ON lancamentos
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE dre_monthly SET
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE -OLD.valor_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.data_competencia IS NOT NULL AND basis = 'competencia'
        AND month = substr(OLD.data_competencia, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_total_centavos ELSE -OLD.valor_total_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
END;

-- An update is the old entry taken out and the new one put in.
CREATE TRIGGER lancamentos_dre_update_old AFTER UPDATE OF integration_id, tipo, valor_centavos,
    valor_total_centavos, data_competencia, data_liquidacao, liquidado, plano_contas_id,
    nome_plano_conta, loja_id, centro_custo_id, deactivated_at ON lancamentos
WHEN OLD.deactivated_at IS NULL
BEGIN
    UPDATE dre_monthly SET
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE -OLD.valor_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.data_competencia IS NOT NULL AND basis = 'competencia'
        AND month = substr(OLD.data_competencia, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_total_centavos ELSE -OLD.valor_total_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
END;

CREATE TRIGGER lancamentos_dre_update_new AFTER UPDATE OF integration_id, tipo, valor_centavos,
    valor_total_centavos, data_competencia, data_liquidacao, liquidado, plano_contas_id,
    nome_plano_conta, loja_id, centro_custo_id, deactivated_at ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'competencia', substr(NEW.data_competencia, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END,
        1, NEW.tipo = 'recebimento', NEW.nome_plano_conta
    WHERE NEW.data_competencia IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + 1,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_total_centavos ELSE -NEW.valor_total_centavos END,
        1, NEW.tipo = 'recebimento', NEW.nome_plano_conta
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + 1,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
END;

-- What was mirrored before this migration.
INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
    centavos, entries, income_entries, nome_plano_conta)
SELECT integration_id, 'competencia', substr(data_competencia, 1, 7), coalesce(plano_contas_id, ''),
    coalesce(loja_id, ''), coalesce(centro_custo_id, ''),
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END),
    count(*), sum(tipo = 'recebimento'), max(nome_plano_conta)
FROM lancamentos WHERE deactivated_at IS NULL AND data_competencia IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
    centavos, entries, income_entries, nome_plano_conta)
SELECT integration_id, 'caixa', substr(data_liquidacao, 1, 7), coalesce(plano_contas_id, ''),
    coalesce(loja_id, ''), coalesce(centro_custo_id, ''),
    sum(CASE tipo WHEN 'recebimento' THEN valor_total_centavos ELSE -valor_total_centavos END),
    count(*), sum(tipo = 'recebimento'), max(nome_plano_conta)
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1 AND data_liquidacao IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
