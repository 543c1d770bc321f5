-- Foundation schema: integrations, the provider mirror, and sync bookkeeping.
-- Money columns are INTEGER centavos. Dates are TEXT 'YYYY-MM-DD' as the provider gave them;
-- provider timestamps are its local 'YYYY-MM-DD HH:MM:SS'; Ponte's own timestamps are UTC RFC 3339.

CREATE TABLE integrations (
    id                        INTEGER PRIMARY KEY,
    provider                  TEXT    NOT NULL,
    name                      TEXT    NOT NULL UNIQUE,
    base_url                  TEXT    NOT NULL,
    -- Random key naming this integration's entry in the OS keyring (the secrets live there).
    credential_ref            TEXT    NOT NULL UNIQUE,
    -- JSON object of tuning knobs (rate, retries, windows). Never secrets.
    settings                  TEXT    NOT NULL DEFAULT '{}',
    -- NULL turns the schedule off.
    schedule_interval_minutes INTEGER DEFAULT 10 CHECK (schedule_interval_minutes IS NULL OR schedule_interval_minutes > 0),
    enabled                   INTEGER NOT NULL DEFAULT 1,
    created_at                TEXT    NOT NULL
);

-- provider record → local row. The provider owns the fields behind it; the hash says whether they changed.
CREATE TABLE entity_links (
    id                   INTEGER PRIMARY KEY,
    provider             TEXT    NOT NULL,
    integration_id       INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    entity_type          TEXT    NOT NULL,
    external_id          TEXT    NOT NULL,
    local_id             INTEGER NOT NULL,
    -- The reconciliation scope the record was last seen in (a loja id, or '' for account-wide lists).
    scope                TEXT    NOT NULL DEFAULT '',
    payload_hash         BLOB    NOT NULL,
    provider_modified_at TEXT,
    active               INTEGER NOT NULL DEFAULT 1,
    last_seen_scan       INTEGER,
    first_seen_at        TEXT    NOT NULL,
    last_changed_at      TEXT    NOT NULL,
    UNIQUE (provider, integration_id, entity_type, external_id)
);
CREATE INDEX entity_links_scope ON entity_links (integration_id, entity_type, scope, active);

CREATE TABLE lojas (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id    TEXT    NOT NULL,
    nome           TEXT    NOT NULL,
    deactivated_at TEXT
);

CREATE TABLE planos_contas (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id    TEXT    NOT NULL,
    classificacao  TEXT,
    tipo           TEXT CHECK (tipo IS NULL OR tipo IN ('D', 'C')),
    nome           TEXT    NOT NULL,
    conta_mae_id   TEXT,
    nome_conta_mae TEXT,
    deactivated_at TEXT
);
CREATE INDEX planos_contas_external ON planos_contas (integration_id, external_id);

CREATE TABLE centros_custos (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id    TEXT    NOT NULL,
    nome           TEXT    NOT NULL,
    cadastrado_em  TEXT,
    deactivated_at TEXT
);

CREATE TABLE contas_bancarias (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id    TEXT    NOT NULL,
    nome           TEXT    NOT NULL,
    deactivated_at TEXT
);

CREATE TABLE formas_pagamento (
    id                INTEGER PRIMARY KEY,
    integration_id    INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id       TEXT    NOT NULL,
    nome              TEXT    NOT NULL,
    tipo              TEXT,
    conta_bancaria_id TEXT,
    maximo_parcelas   INTEGER,
    deactivated_at    TEXT
);

-- clientes and fornecedores.
CREATE TABLE parties (
    id                  INTEGER PRIMARY KEY,
    integration_id      INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id         TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('cliente', 'fornecedor')),
    tipo_pessoa         TEXT,
    nome                TEXT    NOT NULL,
    razao_social        TEXT,
    cpf                 TEXT,
    cnpj                TEXT,
    documento           TEXT,
    inscricao_estadual  TEXT,
    inscricao_municipal TEXT,
    rg                  TEXT,
    data_nascimento     TEXT,
    telefone            TEXT,
    celular             TEXT,
    fax                 TEXT,
    email               TEXT,
    ativo               INTEGER NOT NULL,
    vendedor_id         TEXT,
    nome_vendedor       TEXT,
    contatos            TEXT    NOT NULL DEFAULT '[]',
    enderecos           TEXT    NOT NULL DEFAULT '[]',
    cadastrado_em       TEXT,
    modificado_em       TEXT,
    deactivated_at      TEXT,
    -- Ponte's own field: never written by a sync.
    nota                TEXT
);
CREATE INDEX parties_by_kind ON parties (integration_id, kind, nome);
CREATE INDEX parties_documento ON parties (documento);

CREATE TABLE vendas (
    id                    INTEGER PRIMARY KEY,
    integration_id        INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id           TEXT    NOT NULL,
    codigo                TEXT,
    cliente_id            TEXT,
    nome_cliente          TEXT,
    vendedor_id           TEXT,
    nome_vendedor         TEXT,
    tecnico_id            TEXT,
    nome_tecnico          TEXT,
    data                  TEXT,
    previsao_entrega      TEXT,
    situacao_id           TEXT,
    nome_situacao         TEXT,
    valor_total_centavos  INTEGER NOT NULL,
    valor_frete_centavos  INTEGER NOT NULL,
    valor_custo_centavos  INTEGER NOT NULL,
    transportadora_id     TEXT,
    nome_transportadora   TEXT,
    centro_custo_id       TEXT,
    nome_centro_custo     TEXT,
    nome_canal_venda      TEXT,
    loja_id               TEXT,
    nome_loja             TEXT,
    condicao_pagamento    TEXT,
    situacao_financeiro   INTEGER NOT NULL,
    situacao_estoque      INTEGER NOT NULL,
    forma_pagamento_id    TEXT,
    data_primeira_parcela TEXT,
    numero_parcelas       INTEGER,
    intervalo_dias        INTEGER,
    hash                  TEXT,
    aos_cuidados_de       TEXT,
    validade              TEXT,
    introducao            TEXT,
    observacoes           TEXT,
    observacoes_interna   TEXT,
    cadastrado_em         TEXT,
    modificado_em         TEXT,
    deactivated_at        TEXT,
    nota                  TEXT
);
CREATE INDEX vendas_by_date ON vendas (integration_id, loja_id, data);

CREATE TABLE venda_itens (
    id                      INTEGER PRIMARY KEY,
    venda_id                INTEGER NOT NULL REFERENCES vendas(id) ON DELETE CASCADE,
    posicao                 INTEGER NOT NULL,
    tipo                    TEXT    NOT NULL CHECK (tipo IN ('produto', 'servico')),
    produto_id              TEXT,
    variacao_id             TEXT,
    servico_id              TEXT,
    nome                    TEXT,
    detalhes                TEXT,
    sigla_unidade           TEXT,
    quantidade_milesimos    INTEGER NOT NULL,
    valor_custo_centavos    INTEGER NOT NULL,
    valor_venda_centavos    INTEGER NOT NULL,
    tipo_desconto           TEXT,
    desconto_valor_centavos INTEGER,
    desconto_porcentagem    TEXT,
    valor_total_centavos    INTEGER NOT NULL
);
CREATE INDEX venda_itens_venda ON venda_itens (venda_id);

CREATE TABLE venda_parcelas (
    id                   INTEGER PRIMARY KEY,
    venda_id             INTEGER NOT NULL REFERENCES vendas(id) ON DELETE CASCADE,
    posicao              INTEGER NOT NULL,
    data_vencimento      TEXT,
    valor_centavos       INTEGER NOT NULL,
    forma_pagamento_id   TEXT,
    nome_forma_pagamento TEXT,
    plano_contas_id      TEXT,
    nome_plano_conta     TEXT,
    observacao           TEXT
);
CREATE INDEX venda_parcelas_venda ON venda_parcelas (venda_id);

-- recebimentos and pagamentos.
CREATE TABLE lancamentos (
    id                      INTEGER PRIMARY KEY,
    integration_id          INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    external_id             TEXT    NOT NULL,
    tipo                    TEXT    NOT NULL CHECK (tipo IN ('recebimento', 'pagamento')),
    codigo                  TEXT,
    descricao               TEXT,
    entidade                TEXT,
    cliente_id              TEXT,
    nome_cliente            TEXT,
    fornecedor_id           TEXT,
    nome_fornecedor         TEXT,
    transportadora_id       TEXT,
    nome_transportadora     TEXT,
    funcionario_id          TEXT,
    nome_funcionario        TEXT,
    valor_centavos          INTEGER NOT NULL,
    juros_centavos          INTEGER NOT NULL,
    desconto_centavos       INTEGER NOT NULL,
    taxa_banco_centavos     INTEGER NOT NULL,
    taxa_operadora_centavos INTEGER NOT NULL,
    valor_total_centavos    INTEGER NOT NULL,
    data_vencimento         TEXT,
    data_competencia        TEXT,
    data_liquidacao         TEXT,
    liquidado               INTEGER NOT NULL,
    plano_contas_id         TEXT,
    nome_plano_conta        TEXT,
    centro_custo_id         TEXT,
    nome_centro_custo       TEXT,
    conta_bancaria_id       TEXT,
    nome_conta_bancaria     TEXT,
    forma_pagamento_id      TEXT,
    nome_forma_pagamento    TEXT,
    usuario_id              TEXT,
    nome_usuario            TEXT,
    loja_id                 TEXT,
    nome_loja               TEXT,
    atributos               TEXT    NOT NULL DEFAULT '[]',
    cadastrado_em           TEXT,
    modificado_em           TEXT,
    deactivated_at          TEXT,
    nota                    TEXT
);
CREATE INDEX lancamentos_competencia ON lancamentos (integration_id, tipo, data_competencia);
CREATE INDEX lancamentos_liquidacao ON lancamentos (integration_id, tipo, data_liquidacao);

CREATE TABLE sync_runs (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    trigger        TEXT    NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    started_at     TEXT    NOT NULL,
    finished_at    TEXT,
    outcome        TEXT    NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    error_code     TEXT,
    error_message  TEXT,
    requests       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_runs_by_integration ON sync_runs (integration_id, started_at);

-- Per-entity results of a run.
CREATE TABLE sync_run_entities (
    run_id      INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    entity_type TEXT    NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    deactivated INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    requests    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, entity_type)
);

-- One audit line per record a run created, changed, deactivated or failed to apply.
CREATE TABLE sync_log (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    entity_type TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('created', 'updated', 'deactivated', 'reactivated', 'failed', 'stale')),
    detail      TEXT,
    at          TEXT    NOT NULL
);
CREATE INDEX sync_log_by_run ON sync_log (run_id);

-- Where each (entity, scope) stands: the incremental watermark and any full scan in progress.
CREATE TABLE sync_checkpoints (
    integration_id  INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    entity_type     TEXT    NOT NULL,
    scope           TEXT    NOT NULL,
    watermark       TEXT,
    scan_id         INTEGER,
    next_page       INTEGER,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (integration_id, entity_type, scope)
);

-- Requests spent per integration per Brazilian calendar day (the provider's 30,000/day budget).
CREATE TABLE request_budget (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    day            TEXT    NOT NULL,
    requests       INTEGER NOT NULL,
    PRIMARY KEY (integration_id, day)
);

-- Payloads that could not be applied. Kept verbatim, shown, and reprocessable.
CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    source         TEXT    NOT NULL CHECK (source IN ('pull', 'relay')),
    entity_type    TEXT,
    external_id    TEXT,
    reason         TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    resolved_at    TEXT
);
CREATE INDEX quarantine_open ON quarantine (integration_id, resolved_at);
