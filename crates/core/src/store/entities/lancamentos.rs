//! The `lancamentos` table: recebimentos and pagamentos, amounts in centavos.

use super::{Query, Table};
use crate::domain::Lancamento;
use crate::store::search::{lancamento_search, sort_key};

const COLUMNS: &[&str] = &[
    "tipo",
    "codigo",
    "descricao",
    "entidade",
    "cliente_id",
    "nome_cliente",
    "fornecedor_id",
    "nome_fornecedor",
    "transportadora_id",
    "nome_transportadora",
    "funcionario_id",
    "nome_funcionario",
    "valor_centavos",
    "juros_centavos",
    "desconto_centavos",
    "taxa_banco_centavos",
    "taxa_operadora_centavos",
    "valor_total_centavos",
    "data_vencimento",
    "data_competencia",
    "data_liquidacao",
    "liquidado",
    "plano_contas_id",
    "nome_plano_conta",
    "centro_custo_id",
    "nome_centro_custo",
    "conta_bancaria_id",
    "nome_conta_bancaria",
    "forma_pagamento_id",
    "nome_forma_pagamento",
    "usuario_id",
    "nome_usuario",
    "loja_id",
    "nome_loja",
    "atributos",
    "cadastrado_em",
    "modificado_em",
    "busca",
    "descricao_ordem",
    "contraparte_ordem",
];

pub(in crate::store) static TABLE: Table = Table::new("lancamentos", COLUMNS);

pub(super) fn bind<'q>(query: Query<'q>, l: &'q Lancamento) -> Query<'q> {
    query
        .bind(l.tipo.as_str())
        .bind(l.codigo.as_deref())
        .bind(l.descricao.as_deref())
        .bind(l.entidade.as_deref())
        .bind(l.cliente_id.as_deref())
        .bind(l.nome_cliente.as_deref())
        .bind(l.fornecedor_id.as_deref())
        .bind(l.nome_fornecedor.as_deref())
        .bind(l.transportadora_id.as_deref())
        .bind(l.nome_transportadora.as_deref())
        .bind(l.funcionario_id.as_deref())
        .bind(l.nome_funcionario.as_deref())
        .bind(l.valor_centavos)
        .bind(l.juros_centavos)
        .bind(l.desconto_centavos)
        .bind(l.taxa_banco_centavos)
        .bind(l.taxa_operadora_centavos)
        .bind(l.valor_total_centavos)
        .bind(l.data_vencimento.as_deref())
        .bind(l.data_competencia.as_deref())
        .bind(l.data_liquidacao.as_deref())
        .bind(l.liquidado)
        .bind(l.plano_contas_id.as_deref())
        .bind(l.nome_plano_conta.as_deref())
        .bind(l.centro_custo_id.as_deref())
        .bind(l.nome_centro_custo.as_deref())
        .bind(l.conta_bancaria_id.as_deref())
        .bind(l.nome_conta_bancaria.as_deref())
        .bind(l.forma_pagamento_id.as_deref())
        .bind(l.nome_forma_pagamento.as_deref())
        .bind(l.usuario_id.as_deref())
        .bind(l.nome_usuario.as_deref())
        .bind(l.loja_id.as_deref())
        .bind(l.nome_loja.as_deref())
        .bind(l.atributos_json.as_str())
        .bind(l.cadastrado_em.as_deref())
        .bind(l.modificado_em.as_deref())
        .bind(lancamento_search(
            l.descricao.as_deref(),
            l.nome_cliente.as_deref(),
            l.nome_fornecedor.as_deref(),
            l.codigo.as_deref(),
            l.nome_plano_conta.as_deref(),
        ))
        .bind(sort_key(l.descricao.as_deref()))
        .bind(sort_key(
            l.nome_cliente.as_deref().or(l.nome_fornecedor.as_deref()),
        ))
}
