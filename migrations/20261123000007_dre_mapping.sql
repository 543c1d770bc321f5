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

-- The DRE's aggregates read only these columns, by basis: index-only scans.
CREATE INDEX lancamentos_dre_competencia ON lancamentos
    (data_competencia, integration_id, plano_contas_id, tipo, valor_centavos, loja_id, centro_custo_id)
    WHERE deactivated_at IS NULL;
CREATE INDEX lancamentos_dre_caixa ON lancamentos
    (data_liquidacao, integration_id, plano_contas_id, tipo, valor_total_centavos, loja_id, centro_custo_id)
    WHERE deactivated_at IS NULL AND liquidado = 1;
