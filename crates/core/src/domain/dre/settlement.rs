//! The parts of a settlement: what a liquidação added to or took from a lançamento's face
//! value (juros, desconto, taxa do banco, taxa da operadora, and whatever breaks the
//! provider's `valor_total` identity). Each part is a sub-line of the DRE of its own, kept
//! in the monthly sums under a reserved key (`:juros_recebidos`, …) beside the planos de
//! contas, so the operator maps it like any account and the DRE stays a read of kept sums.
//! Signs follow the identity `valor_total = valor + juros − desconto − taxa_banco −
//! taxa_operadora`, so the parts of an entry always add up to `valor_total − valor`.
//!
//! Here, below both `reports` and `store`, because the parts are what the books hold, not a
//! view of them: the store writes each under its key as it upserts a lançamento and reads
//! them back by key, and the DRE, the drill-down and the Conferência report them.

use super::class::AccountClass;
use super::structure::DreGroup;
use crate::domain::{Lancamento, LancamentoTipo};
use serde::{Deserialize, Serialize};

/// Every reserved key starts with this; provider ids never do.
pub const PART_KEY_PREFIX: char = ':';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SettlementPart {
    /// Juros on a recebimento: the client paid more.
    JurosRecebidos,
    /// Juros on a pagamento: the company paid more.
    JurosPagos,
    /// Desconto on a recebimento: the company took less.
    DescontosConcedidos,
    /// Desconto on a pagamento: the company paid less.
    DescontosObtidos,
    /// `taxa_banco`, either side.
    TarifasBancarias,
    /// `taxa_operadora` (card or payment operator), either side.
    TaxasOperadora,
    /// `valor_total − (valor + juros − desconto − taxa_banco − taxa_operadora)`: what the
    /// provider's total holds beyond its parts.
    OutrosAjustes,
}

impl SettlementPart {
    pub const ALL: [SettlementPart; 7] = [
        SettlementPart::JurosRecebidos,
        SettlementPart::JurosPagos,
        SettlementPart::DescontosConcedidos,
        SettlementPart::DescontosObtidos,
        SettlementPart::TarifasBancarias,
        SettlementPart::TaxasOperadora,
        SettlementPart::OutrosAjustes,
    ];

    /// The key in `dre_monthly.plano_contas_id` and `dre_mapping.plano_external_id`.
    pub fn key(self) -> &'static str {
        match self {
            SettlementPart::JurosRecebidos => ":juros_recebidos",
            SettlementPart::JurosPagos => ":juros_pagos",
            SettlementPart::DescontosConcedidos => ":descontos_concedidos",
            SettlementPart::DescontosObtidos => ":descontos_obtidos",
            SettlementPart::TarifasBancarias => ":tarifas_bancarias",
            SettlementPart::TaxasOperadora => ":taxas_operadora",
            SettlementPart::OutrosAjustes => ":outros_ajustes",
        }
    }

    pub fn from_key(key: &str) -> Option<SettlementPart> {
        SettlementPart::ALL
            .into_iter()
            .find(|part| part.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            SettlementPart::JurosRecebidos => "Juros recebidos (liquidações)",
            SettlementPart::JurosPagos => "Juros pagos (liquidações)",
            SettlementPart::DescontosConcedidos => "Descontos concedidos (liquidações)",
            SettlementPart::DescontosObtidos => "Descontos obtidos (liquidações)",
            SettlementPart::TarifasBancarias => "Tarifas bancárias (liquidações)",
            SettlementPart::TaxasOperadora => "Taxas de cartão/operadora (liquidações)",
            SettlementPart::OutrosAjustes => "Outros ajustes de liquidação",
        }
    }

    /// `C` for the parts that add to the result, `D` for those that take from it.
    pub fn tipo(self) -> &'static str {
        match self {
            SettlementPart::JurosRecebidos | SettlementPart::DescontosObtidos => "C",
            _ => "D",
        }
    }

    /// Where an accountant puts it: Resultado Financeiro, on the side of its sign. A
    /// discount given at settlement for paying early is a despesa financeira, not a
    /// deduction from revenue (that is the unconditional discount on the invoice).
    pub fn default_class(self) -> AccountClass {
        AccountClass::Line(match self.tipo() {
            "C" => DreGroup::ReceitasFinanceiras,
            _ => DreGroup::DespesasFinanceiras,
        })
    }
}

/// One lançamento's settlement amounts, in centavos as the provider sent them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settlement {
    pub income: bool,
    pub valor: i64,
    pub juros: i64,
    pub desconto: i64,
    pub taxa_banco: i64,
    pub taxa_operadora: i64,
    pub valor_total: i64,
}

impl Settlement {
    pub fn of(lancamento: &Lancamento) -> Settlement {
        Settlement {
            income: lancamento.tipo == LancamentoTipo::Recebimento,
            valor: lancamento.valor_centavos,
            juros: lancamento.juros_centavos,
            desconto: lancamento.desconto_centavos,
            taxa_banco: lancamento.taxa_banco_centavos,
            taxa_operadora: lancamento.taxa_operadora_centavos,
            valor_total: lancamento.valor_total_centavos,
        }
    }

    /// For the sync log: what a settled record's `valor_total` holds beyond its parts,
    /// and where that goes, in pt-BR; `None` when the identity holds.
    pub fn audit_note(lancamento: &Lancamento) -> Option<String> {
        let unexplained = Settlement::of(lancamento).unexplained();
        (lancamento.liquidado && unexplained != 0).then(|| {
            format!(
                "valor_total difere de valor + juros − desconto − taxas em {}; a diferença vai para \"{}\" no DRE (confira o lançamento no Gestão Click)",
                crate::money::format_brl(unexplained),
                SettlementPart::OutrosAjustes.label()
            )
        })
    }

    /// What `valor_total` holds beyond its parts; zero when the identity holds.
    pub fn unexplained(&self) -> i64 {
        self.valor_total
            - (self.valor + self.juros - self.desconto - self.taxa_banco - self.taxa_operadora)
    }

    /// The signed parts (income positive), the nonzero ones only. They add up to the
    /// signed `valor_total − valor`.
    pub fn parts(&self) -> Vec<(SettlementPart, i64)> {
        let sign = if self.income { 1 } else { -1 };
        let (juros, desconto) = if self.income {
            (
                SettlementPart::JurosRecebidos,
                SettlementPart::DescontosConcedidos,
            )
        } else {
            (SettlementPart::JurosPagos, SettlementPart::DescontosObtidos)
        };
        [
            (juros, sign * self.juros),
            (desconto, -sign * self.desconto),
            (SettlementPart::TarifasBancarias, -sign * self.taxa_banco),
            (SettlementPart::TaxasOperadora, -sign * self.taxa_operadora),
            (SettlementPart::OutrosAjustes, sign * self.unexplained()),
        ]
        .into_iter()
        .filter(|(_, centavos)| *centavos != 0)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_receipt_with_a_fee_splits_into_face_value_and_the_fee() {
        // R$ 1.000,00 by card, 3 % fee: R$ 970,00 reach the bank.
        let receipt = Settlement {
            income: true,
            valor: 100_000,
            taxa_operadora: 3_000,
            valor_total: 97_000,
            ..Settlement::default()
        };
        assert_eq!(
            receipt.parts(),
            vec![(SettlementPart::TaxasOperadora, -3_000)]
        );
        assert_eq!(receipt.unexplained(), 0);
    }

    #[test]
    fn parts_add_up_to_what_moved_beyond_face_value_even_when_the_identity_breaks() {
        // A late payment: R$ 500,00 + R$ 10,00 juros − R$ 2,50 desconto, but the provider
        // says R$ 508,00 left: R$ 0,50 is unexplained.
        let payment = Settlement {
            income: false,
            valor: 50_000,
            juros: 1_000,
            desconto: 250,
            valor_total: 50_800,
            ..Settlement::default()
        };
        assert_eq!(
            payment.parts(),
            vec![
                (SettlementPart::JurosPagos, -1_000),
                (SettlementPart::DescontosObtidos, 250),
                (SettlementPart::OutrosAjustes, -50),
            ]
        );
        let sum: i64 = payment.parts().iter().map(|(_, c)| c).sum();
        assert_eq!(sum, -(50_800 - 50_000));
    }

    #[test]
    fn keys_round_trip_and_never_look_like_a_provider_id() {
        for part in SettlementPart::ALL {
            assert_eq!(SettlementPart::from_key(part.key()), Some(part));
            assert!(part.key().starts_with(PART_KEY_PREFIX));
        }
    }
}
