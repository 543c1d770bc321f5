//! The sandbox's whole state of provider data: every resource's live records, the catalogue
//! they point at, the id sequences and the logical clock that stamps mutations.

pub(crate) mod catalog;
mod lookup;
pub(crate) mod table;

use crate::records::lancamento::Lancamento;
use crate::records::pessoa::Pessoa;
use crate::records::reference::{
    CentroCusto, ContaBancaria, FormaPagamento, Loja, PlanoConta, SituacaoVenda,
};
use crate::records::venda::Venda;
use crate::wire::Timestamp;
use catalog::Catalog;
use chrono::NaiveDate;
use table::Table;

#[derive(Debug)]
pub(crate) struct Dataset {
    pub today: NaiveDate,
    pub catalog: Catalog,
    pub lojas: Table<Loja>,
    pub planos_contas: Table<PlanoConta>,
    pub centros_custos: Table<CentroCusto>,
    pub contas_bancarias: Table<ContaBancaria>,
    pub formas_pagamentos: Table<FormaPagamento>,
    pub situacoes_vendas: Table<SituacaoVenda>,
    pub clientes: Table<Pessoa>,
    pub fornecedores: Table<Pessoa>,
    pub vendas: Table<Venda>,
    pub recebimentos: Table<Lancamento>,
    pub pagamentos: Table<Lancamento>,
    pub sequences: Sequences,
}

/// What the next created record gets. Deleted ids are never handed out again.
#[derive(Debug, Clone)]
pub(crate) struct Sequences {
    pub next_cliente_id: u64,
    pub next_fornecedor_id: u64,
    pub next_venda_id: u64,
    pub next_venda_codigo: u64,
    /// Recebimentos and pagamentos share one id sequence, as one financial ledger.
    pub next_lancamento_id: u64,
    pub next_recebimento_codigo: u64,
    pub next_pagamento_codigo: u64,
    pub next_centro_custo_id: u64,
    /// The last `modificado_em` handed out; starts at the newest generated one.
    pub clock: Timestamp,
}

impl Sequences {
    /// A `modificado_em` strictly after every one that exists.
    pub fn tick(&mut self) -> Timestamp {
        self.clock = self.clock.next_second();
        self.clock
    }
}
