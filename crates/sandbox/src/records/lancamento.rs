//! Recebimentos and pagamentos: one shape for both (`docs/providers/gestaoclick.md#lancamentos`).

use super::Record;
use crate::money::Centavos;
use crate::wire::{Flag, Id, OrBlank, Timestamp};
use chrono::NaiveDate;
use serde::Serialize;

/// Who is on the other side of a title; its id/name pair is filled, the others are `""`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Entidade {
    #[serde(rename = "C")]
    Cliente,
    #[serde(rename = "F")]
    Fornecedor,
    #[serde(rename = "T")]
    Transportadora,
    #[serde(rename = "U")]
    Funcionario,
    #[serde(rename = "O")]
    Outro,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Lancamento {
    pub id: Id,
    pub codigo: Id,
    pub descricao: String,
    pub entidade: Entidade,
    pub fornecedor_id: OrBlank<Id>,
    pub nome_fornecedor: OrBlank<String>,
    pub cliente_id: OrBlank<Id>,
    pub nome_cliente: OrBlank<String>,
    pub transportadora_id: OrBlank<Id>,
    pub nome_transportadora: OrBlank<String>,
    pub funcionario_id: OrBlank<Id>,
    pub nome_funcionario: OrBlank<String>,
    pub valor: Centavos,
    pub juros: Centavos,
    pub desconto: Centavos,
    pub taxa_banco: Centavos,
    pub taxa_operadora: Centavos,
    /// `valor + juros − desconto − taxa_banco − taxa_operadora`, as the probing client found.
    pub valor_total: Centavos,
    pub data_vencimento: NaiveDate,
    pub data_competencia: NaiveDate,
    pub liquidado: Flag,
    pub data_liquidacao: Option<NaiveDate>,
    pub plano_contas_id: Id,
    pub nome_plano_conta: String,
    pub centro_custo_id: OrBlank<Id>,
    pub nome_centro_custo: OrBlank<String>,
    pub conta_bancaria_id: Id,
    pub nome_conta_bancaria: String,
    pub forma_pagamento_id: Id,
    pub nome_forma_pagamento: String,
    pub usuario_id: Id,
    pub nome_usuario: String,
    pub loja_id: Id,
    pub nome_loja: String,
    pub cadastrado_em: Timestamp,
    pub modificado_em: Timestamp,
    pub atributos: Vec<()>,
}

impl Lancamento {
    /// The date the provider's period filters match: settlement when settled, due date
    /// when open (probing client, `docs/providers/gestaoclick.md#title-windows`).
    pub fn effective_date(&self) -> NaiveDate {
        match (self.liquidado.0, self.data_liquidacao) {
            (true, Some(liquidacao)) => liquidacao,
            _ => self.data_vencimento,
        }
    }

    pub fn recompute_total(&mut self) {
        self.valor_total =
            self.valor + self.juros - self.desconto - self.taxa_banco - self.taxa_operadora;
    }
}

impl Record for Lancamento {
    fn id(&self) -> u64 {
        self.id.0
    }
}
