//! Reference records: lojas, plano de contas, centros de custo, contas bancárias, formas de
//! pagamento and situações de venda (`docs/providers/gestaoclick.md#reference-lists`).

use super::Record;
use crate::wire::{Flag, Id, Timestamp};
use serde::Serialize;

/// Only `id` and `nome` are confirmed; the address fields make the demo look real.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Loja {
    pub id: Id,
    pub nome: String,
    pub razao_social: String,
    pub cnpj: String,
    pub telefone: String,
    pub cep: String,
    pub logradouro: String,
    pub numero: String,
    pub bairro: String,
    pub nome_cidade: String,
    pub estado: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanoConta {
    pub id: Id,
    pub classificacao: String,
    /// `"C"` on the income side, `"D"` on the expense side.
    pub tipo: &'static str,
    pub nome: String,
    pub conta_mae_id: Option<Id>,
    pub nome_conta_mae: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CentroCusto {
    pub id: Id,
    pub nome: String,
    pub cadastrado_em: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContaBancaria {
    pub id: Id,
    pub nome: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FormaPagamento {
    pub id: Id,
    pub nome: String,
    /// `PI`, `BB`, `CC`, `CD`, `DI`, `TB` (probing client's codes).
    pub tipo: &'static str,
    pub conta_bancaria_id: Id,
    pub maximo_parcelas: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SituacaoVenda {
    pub id: Id,
    pub nome: String,
    pub padrao: Flag,
}

macro_rules! record_with_id {
    ($($record:ty),*) => {
        $(impl Record for $record {
            fn id(&self) -> u64 {
                self.id.0
            }
        })*
    };
}

record_with_id!(
    Loja,
    PlanoConta,
    CentroCusto,
    ContaBancaria,
    FormaPagamento,
    SituacaoVenda
);
