-- Accountant-grade settlements, and the DRE's sub-lines.
--
-- 1. Both DRE bases now count a lançamento's face value (`valor`) on its plano's line; what
--    the liquidação added or took (juros, desconto, taxa do banco, taxa da operadora, and
--    whatever breaks `valor_total = valor + juros − desconto − taxa_banco − taxa_operadora`)
--    is kept apart, signed (income positive), under reserved keys in `plano_contas_id`
--    (':juros_recebidos', ':juros_pagos', ':descontos_concedidos', ':descontos_obtidos',
--    ':tarifas_bancarias', ':taxas_operadora', ':outros_ajustes'), by month of liquidação.
--    They are kept once, under the 'caixa' basis; the competência DRE reads them from
--    there. Provider ids never start with ':'. The parts of an entry add up to its signed
--    `valor_total − valor`, so the caixa DRE still adds up to what moved.
-- 2. The mapping's lines: Despesas Operacionais splits into comerciais, administrativas,
--    com pessoal, gerais and outras operacionais; Resultado Financeiro into receitas and
--    despesas financeiras; transfers between the company's own contas get a class of
--    their own ('transferencia'), apart from "Ajuste de caixa" ('excluida').

CREATE TABLE dre_mapping_new (
    integration_id    INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    plano_external_id TEXT    NOT NULL,
    class             TEXT    NOT NULL CHECK (class IN ('receita_bruta', 'deducoes', 'cmv',
                          'despesas_comerciais', 'despesas_administrativas',
                          'despesas_com_pessoal', 'despesas_gerais', 'outras_operacionais',
                          'depreciacao', 'receitas_financeiras', 'despesas_financeiras',
                          'irpj_csll', 'transferencia', 'excluida', 'nao_classificado')),
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (integration_id, plano_external_id)
);
-- A choice of the old Despesas Operacionais becomes Despesas gerais; one of Resultado
-- Financeiro goes to the side of the account's type (income: receitas financeiras).
INSERT INTO dre_mapping_new (integration_id, plano_external_id, class, updated_at)
SELECT m.integration_id, m.plano_external_id,
    CASE m.class
        WHEN 'despesas_operacionais' THEN 'despesas_gerais'
        WHEN 'resultado_financeiro' THEN
            CASE (SELECT p.tipo FROM planos_contas p
                  WHERE p.integration_id = m.integration_id
                    AND p.external_id = m.plano_external_id
                  LIMIT 1)
                WHEN 'C' THEN 'receitas_financeiras' ELSE 'despesas_financeiras' END
        ELSE m.class END,
    m.updated_at
FROM dre_mapping m;
DROP TABLE dre_mapping;
ALTER TABLE dre_mapping_new RENAME TO dre_mapping;

DROP TRIGGER lancamentos_dre_insert;
DROP TRIGGER lancamentos_dre_delete;
DROP TRIGGER lancamentos_dre_update_old;
DROP TRIGGER lancamentos_dre_update_new;

CREATE TRIGGER lancamentos_dre_insert AFTER INSERT ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'competencia', substr(NEW.data_competencia, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        (CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END),
        1, (NEW.tipo = 'recebimento'), NEW.nome_plano_conta
    WHERE NEW.data_competencia IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        (CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END),
        1, (NEW.tipo = 'recebimento'), NEW.nome_plano_conta
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7), part.key,
        coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        part.centavos, 1, (NEW.tipo = 'recebimento'), NULL
    FROM (
        SELECT CASE WHEN NEW.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END AS key,
            (CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.juros_centavos AS centavos
        UNION ALL
        SELECT CASE WHEN NEW.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END,
            -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.desconto_centavos
        UNION ALL SELECT ':tarifas_bancarias', -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.taxa_banco_centavos
        UNION ALL SELECT ':taxas_operadora', -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.taxa_operadora_centavos
        UNION ALL SELECT ':outros_ajustes', (CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (NEW.valor_total_centavos - (NEW.valor_centavos
            + NEW.juros_centavos - NEW.desconto_centavos - NEW.taxa_banco_centavos
            - NEW.taxa_operadora_centavos))
    ) AS part
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL AND part.centavos <> 0
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
END;

-- Taking an entry out updates the rows its insert made (an insert here could name an
-- integration being deleted, which the foreign key refuses).
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
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE -OLD.valor_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.juros_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.juros_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = CASE WHEN OLD.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.desconto_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.desconto_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = CASE WHEN OLD.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_banco_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_banco_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':tarifas_bancarias' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_operadora_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_operadora_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':taxas_operadora' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (OLD.valor_total_centavos - (OLD.valor_centavos + OLD.juros_centavos
            - OLD.desconto_centavos - OLD.taxa_banco_centavos - OLD.taxa_operadora_centavos)),
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (OLD.valor_total_centavos - (OLD.valor_centavos + OLD.juros_centavos
            - OLD.desconto_centavos - OLD.taxa_banco_centavos - OLD.taxa_operadora_centavos)) <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':outros_ajustes' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
END;

-- An update is the old entry taken out and the new one put in.
CREATE TRIGGER lancamentos_dre_update_old AFTER UPDATE OF integration_id, tipo, valor_centavos,
    juros_centavos, desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos,
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
        centavos = centavos - CASE OLD.tipo WHEN 'recebimento' THEN OLD.valor_centavos ELSE -OLD.valor_centavos END,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = coalesce(OLD.plano_contas_id, '') AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.juros_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.juros_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = CASE WHEN OLD.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.desconto_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.desconto_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = CASE WHEN OLD.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_banco_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_banco_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':tarifas_bancarias' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos + (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_operadora_centavos,
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND -(CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * OLD.taxa_operadora_centavos <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':taxas_operadora' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
    UPDATE dre_monthly SET
        centavos = centavos - (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (OLD.valor_total_centavos - (OLD.valor_centavos + OLD.juros_centavos
            - OLD.desconto_centavos - OLD.taxa_banco_centavos - OLD.taxa_operadora_centavos)),
        entries = entries - 1, income_entries = income_entries - (OLD.tipo = 'recebimento')
    WHERE OLD.liquidado = 1 AND OLD.data_liquidacao IS NOT NULL AND (CASE OLD.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (OLD.valor_total_centavos - (OLD.valor_centavos + OLD.juros_centavos
            - OLD.desconto_centavos - OLD.taxa_banco_centavos - OLD.taxa_operadora_centavos)) <> 0 AND basis = 'caixa'
        AND month = substr(OLD.data_liquidacao, 1, 7) AND integration_id = OLD.integration_id
        AND plano_contas_id = ':outros_ajustes' AND loja_id = coalesce(OLD.loja_id, '')
        AND centro_custo_id = coalesce(OLD.centro_custo_id, '');
END;

CREATE TRIGGER lancamentos_dre_update_new AFTER UPDATE OF integration_id, tipo, valor_centavos,
    juros_centavos, desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos,
    valor_total_centavos, data_competencia, data_liquidacao, liquidado, plano_contas_id,
    nome_plano_conta, loja_id, centro_custo_id, deactivated_at ON lancamentos
WHEN NEW.deactivated_at IS NULL
BEGIN
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'competencia', substr(NEW.data_competencia, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        (CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END),
        1, (NEW.tipo = 'recebimento'), NEW.nome_plano_conta
    WHERE NEW.data_competencia IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7),
        coalesce(NEW.plano_contas_id, ''), coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        (CASE NEW.tipo WHEN 'recebimento' THEN NEW.valor_centavos ELSE -NEW.valor_centavos END),
        1, (NEW.tipo = 'recebimento'), NEW.nome_plano_conta
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
    INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
    SELECT NEW.integration_id, 'caixa', substr(NEW.data_liquidacao, 1, 7), part.key,
        coalesce(NEW.loja_id, ''), coalesce(NEW.centro_custo_id, ''),
        part.centavos, 1, (NEW.tipo = 'recebimento'), NULL
    FROM (
        SELECT CASE WHEN NEW.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END AS key,
            (CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.juros_centavos AS centavos
        UNION ALL
        SELECT CASE WHEN NEW.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END,
            -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.desconto_centavos
        UNION ALL SELECT ':tarifas_bancarias', -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.taxa_banco_centavos
        UNION ALL SELECT ':taxas_operadora', -(CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * NEW.taxa_operadora_centavos
        UNION ALL SELECT ':outros_ajustes', (CASE NEW.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * (NEW.valor_total_centavos - (NEW.valor_centavos
            + NEW.juros_centavos - NEW.desconto_centavos - NEW.taxa_banco_centavos
            - NEW.taxa_operadora_centavos))
    ) AS part
    WHERE NEW.liquidado = 1 AND NEW.data_liquidacao IS NOT NULL AND part.centavos <> 0
    ON CONFLICT (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) DO UPDATE SET
        centavos = centavos + excluded.centavos, entries = entries + excluded.entries,
        income_entries = income_entries + excluded.income_entries,
        nome_plano_conta = coalesce(excluded.nome_plano_conta, nome_plano_conta);
END;

-- The sums, recounted under the new rules.
DELETE FROM dre_monthly_totals;
DELETE FROM dre_monthly;
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
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END),
    count(*), sum(tipo = 'recebimento'), max(nome_plano_conta)
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1 AND data_liquidacao IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
        centavos, entries, income_entries, nome_plano_conta)
SELECT integration_id, 'caixa', month, key, loja_id, centro_custo_id, sum(centavos), count(*),
    sum(income), NULL
FROM (
    SELECT l.integration_id, substr(l.data_liquidacao, 1, 7) AS month,
        coalesce(l.loja_id, '') AS loja_id, coalesce(l.centro_custo_id, '') AS centro_custo_id,
        l.tipo = 'recebimento' AS income,
        CASE part_n.n
            WHEN 1 THEN CASE WHEN l.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END
            WHEN 2 THEN CASE WHEN l.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END
            WHEN 3 THEN ':tarifas_bancarias' WHEN 4 THEN ':taxas_operadora' ELSE ':outros_ajustes' END AS key,
        (CASE l.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * CASE part_n.n
            WHEN 1 THEN l.juros_centavos WHEN 2 THEN -l.desconto_centavos
            WHEN 3 THEN -l.taxa_banco_centavos WHEN 4 THEN -l.taxa_operadora_centavos
            ELSE l.valor_total_centavos - (l.valor_centavos + l.juros_centavos - l.desconto_centavos
                - l.taxa_banco_centavos - l.taxa_operadora_centavos) END AS centavos
    FROM lancamentos l
    JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) AS part_n
    WHERE l.deactivated_at IS NULL AND l.liquidado = 1 AND l.data_liquidacao IS NOT NULL
)
WHERE centavos <> 0
GROUP BY integration_id, month, key, loja_id, centro_custo_id;
