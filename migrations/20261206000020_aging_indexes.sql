-- The aging reads its position from indexes alone. Same indexes, same leading columns (so
-- every other read keeps its plan), more columns after them:
--
-- 1. lancamentos_open_due, the open lançamentos by due date (migration 00008), also holds
--    what the aging sums and groups by (valor, the parties, the issue dates, loja, centro
--    de custo): the aging of today, whose rows are the open ones, then never reads the
--    table, which at a million lançamentos is a page read per row.
-- 2. lancamentos_liquidacao (the foundation's) also holds the issue dates: an aging on a
--    past date takes back the ones settled after it, and of those it needs only the ones
--    already issued by then, which the index now tells without reading the table.

DROP INDEX lancamentos_open_due;
CREATE INDEX lancamentos_open_due ON lancamentos (integration_id, tipo, data_vencimento,
    valor_centavos, data_competencia, cadastrado_em, cliente_id, nome_cliente,
    fornecedor_id, nome_fornecedor, transportadora_id, nome_transportadora, funcionario_id,
    nome_funcionario, entidade, loja_id, centro_custo_id, liquidado, deactivated_at)
    WHERE liquidado = 0 AND deactivated_at IS NULL;

DROP INDEX lancamentos_liquidacao;
CREATE INDEX lancamentos_liquidacao ON lancamentos (integration_id, tipo, data_liquidacao,
    data_competencia, cadastrado_em);
