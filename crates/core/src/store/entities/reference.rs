//! The small reference tables: lojas, planos de contas, centros de custo, contas
//! bancárias and formas de pagamento.

use super::{Query, Table};
use crate::domain::{CentroCusto, ContaBancaria, FormaPagamento, Loja, PlanoConta};

const LOJA: &[&str] = &["nome"];
const PLANO_CONTA: &[&str] = &[
    "classificacao",
    "tipo",
    "nome",
    "conta_mae_id",
    "nome_conta_mae",
];
const CENTRO_CUSTO: &[&str] = &["nome", "cadastrado_em"];
const CONTA_BANCARIA: &[&str] = &["nome"];
const FORMA_PAGAMENTO: &[&str] = &["nome", "tipo", "conta_bancaria_id", "maximo_parcelas"];

pub(in crate::store) static LOJAS: Table = Table::new("lojas", LOJA);
pub(in crate::store) static PLANOS_CONTAS: Table = Table::new("planos_contas", PLANO_CONTA);
pub(in crate::store) static CENTROS_CUSTOS: Table = Table::new("centros_custos", CENTRO_CUSTO);
pub(in crate::store) static CONTAS_BANCARIAS: Table =
    Table::new("contas_bancarias", CONTA_BANCARIA);
pub(in crate::store) static FORMAS_PAGAMENTO: Table =
    Table::new("formas_pagamento", FORMA_PAGAMENTO);

pub(super) fn bind_loja<'q>(query: Query<'q>, l: &'q Loja) -> Query<'q> {
    query.bind(l.nome.as_str())
}

pub(super) fn bind_plano_conta<'q>(query: Query<'q>, p: &'q PlanoConta) -> Query<'q> {
    query
        .bind(p.classificacao.as_deref())
        .bind(p.tipo.as_deref())
        .bind(p.nome.as_str())
        .bind(p.conta_mae_id.as_deref())
        .bind(p.nome_conta_mae.as_deref())
}

pub(super) fn bind_centro_custo<'q>(query: Query<'q>, c: &'q CentroCusto) -> Query<'q> {
    query.bind(c.nome.as_str()).bind(c.cadastrado_em.as_deref())
}

pub(super) fn bind_conta_bancaria<'q>(query: Query<'q>, c: &'q ContaBancaria) -> Query<'q> {
    query.bind(c.nome.as_str())
}

pub(super) fn bind_forma_pagamento<'q>(query: Query<'q>, f: &'q FormaPagamento) -> Query<'q> {
    query
        .bind(f.nome.as_str())
        .bind(f.tipo.as_deref())
        .bind(f.conta_bancaria_id.as_deref())
        .bind(f.maximo_parcelas)
}
