//! Mappers for the reference lists: lojas, planos de contas, centros de custo, contas
//! bancárias, formas de pagamento.

use super::{FieldError, Fields};
use crate::domain::{CentroCusto, ContaBancaria, FormaPagamento, Loja, PlanoConta};

pub(super) fn loja(f: Fields<'_>) -> Result<Loja, FieldError> {
    Ok(Loja {
        nome: f.required_text("nome")?,
    })
}

pub(super) fn plano_conta(f: Fields<'_>) -> Result<PlanoConta, FieldError> {
    let tipo = f.text("tipo").map(|t| t.to_ascii_uppercase());
    if let Some(t) = tipo.as_deref().filter(|t| *t != "D" && *t != "C") {
        return Err(FieldError {
            field: "tipo".into(),
            detail: format!("\"{t}\" não é D nem C"),
        });
    }
    Ok(PlanoConta {
        classificacao: f.text("classificacao"),
        tipo,
        nome: f.required_text("nome")?,
        conta_mae_id: f.text("conta_mae_id").filter(|id| id != "0"),
        nome_conta_mae: f.text("nome_conta_mae"),
    })
}

pub(super) fn centro_custo(f: Fields<'_>) -> Result<CentroCusto, FieldError> {
    Ok(CentroCusto {
        nome: f.required_text("nome")?,
        cadastrado_em: f.timestamp("cadastrado_em")?,
    })
}

pub(super) fn conta_bancaria(f: Fields<'_>) -> Result<ContaBancaria, FieldError> {
    Ok(ContaBancaria {
        nome: f.required_text("nome")?,
    })
}

pub(super) fn forma_pagamento(f: Fields<'_>) -> Result<FormaPagamento, FieldError> {
    Ok(FormaPagamento {
        nome: f.required_text("nome")?,
        tipo: f.text("tipo"),
        conta_bancaria_id: f.text("conta_bancaria_id"),
        maximo_parcelas: f.integer("maximo_parcelas")?,
    })
}
