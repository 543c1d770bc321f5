//! What the operator asks to change on a lançamento, checked before it is queued, and the
//! provider fields each change sets: baixar (settle), estornar a baixa (reopen) and
//! reclassificar (plano de contas and/or centro de custo).

use crate::error::{Error, Result};
use crate::money::format_decimal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One change, applied to each lançamento of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "operacao", rename_all = "snake_case")]
pub enum LancamentoChange {
    Baixar(Baixa),
    Estornar,
    Reclassificar(Reclassificacao),
}

/// A settlement: when, into which conta, how, and what was added to or taken from the
/// título's valor. The provider computes the paid total (valor + juros − desconto − taxas).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Baixa {
    /// `YYYY-MM-DD`.
    pub data_liquidacao: String,
    pub conta_bancaria_id: String,
    pub forma_pagamento_id: String,
    #[serde(default)]
    pub juros_centavos: i64,
    #[serde(default)]
    pub desconto_centavos: i64,
    #[serde(default)]
    pub taxa_banco_centavos: i64,
    #[serde(default)]
    pub taxa_operadora_centavos: i64,
}

/// A new plano de contas, a new centro de custo, or both. An empty centro clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Reclassificacao {
    pub plano_contas_id: Option<String>,
    pub centro_custo_id: Option<String>,
}

/// The operations, as the outbox names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Baixar,
    Estornar,
    Reclassificar,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Baixar => "baixar",
            Operation::Estornar => "estornar",
            Operation::Reclassificar => "reclassificar",
        }
    }

    pub fn parse(text: &str) -> Option<Operation> {
        match text {
            "baixar" => Some(Operation::Baixar),
            "estornar" => Some(Operation::Estornar),
            "reclassificar" => Some(Operation::Reclassificar),
            _ => None,
        }
    }

    /// The operation in a sentence ("Baixa de …").
    pub fn label(self) -> &'static str {
        match self {
            Operation::Baixar => "Baixa",
            Operation::Estornar => "Estorno da baixa",
            Operation::Reclassificar => "Reclassificação",
        }
    }
}

impl LancamentoChange {
    pub fn operation(&self) -> Operation {
        match self {
            LancamentoChange::Baixar(_) => Operation::Baixar,
            LancamentoChange::Estornar => Operation::Estornar,
            LancamentoChange::Reclassificar(_) => Operation::Reclassificar,
        }
    }

    /// Refuses a change that cannot be sent as asked, with what to fix.
    pub fn check(&self) -> Result<()> {
        match self {
            LancamentoChange::Baixar(baixa) => baixa.check(),
            LancamentoChange::Estornar => Ok(()),
            LancamentoChange::Reclassificar(change) => change.check(),
        }
    }

    /// The provider fields the change sets, in the provider's own format (ids and dates as
    /// text, money as `1234.56`, flags as `"0"`/`"1"`).
    pub fn provider_fields(&self) -> Map<String, Value> {
        let mut fields = Map::new();
        let mut set = |key: &str, value: String| {
            fields.insert(key.to_string(), Value::String(value));
        };
        match self {
            LancamentoChange::Baixar(baixa) => {
                set("liquidado", "1".into());
                set("data_liquidacao", baixa.data_liquidacao.trim().into());
                set("conta_bancaria_id", baixa.conta_bancaria_id.trim().into());
                set("forma_pagamento_id", baixa.forma_pagamento_id.trim().into());
                set("juros", format_decimal(baixa.juros_centavos));
                set("desconto", format_decimal(baixa.desconto_centavos));
                set("taxa_banco", format_decimal(baixa.taxa_banco_centavos));
                set(
                    "taxa_operadora",
                    format_decimal(baixa.taxa_operadora_centavos),
                );
            }
            LancamentoChange::Estornar => {
                set("liquidado", "0".into());
                set("data_liquidacao", String::new());
            }
            LancamentoChange::Reclassificar(change) => {
                if let Some(plano) = &change.plano_contas_id {
                    set("plano_contas_id", plano.trim().into());
                }
                if let Some(centro) = &change.centro_custo_id {
                    set("centro_custo_id", centro.trim().into());
                }
            }
        }
        fields
    }
}

impl Baixa {
    fn check(&self) -> Result<()> {
        if NaiveDate::parse_from_str(self.data_liquidacao.trim(), "%Y-%m-%d").is_err() {
            return Err(invalid(
                "data_liquidacao",
                format!(
                    "\"{}\" não é uma data; informe a data da baixa como dd/mm/aaaa",
                    self.data_liquidacao
                ),
            ));
        }
        for (field, id) in [
            ("conta_bancaria_id", &self.conta_bancaria_id),
            ("forma_pagamento_id", &self.forma_pagamento_id),
        ] {
            if id.trim().is_empty() {
                return Err(invalid(
                    field,
                    "escolha a conta bancária e a forma de pagamento da baixa".into(),
                ));
            }
        }
        let amounts = [
            ("juros", self.juros_centavos),
            ("desconto", self.desconto_centavos),
            ("taxa_banco", self.taxa_banco_centavos),
            ("taxa_operadora", self.taxa_operadora_centavos),
        ];
        if let Some((field, _)) = amounts.iter().find(|(_, centavos)| *centavos < 0) {
            return Err(invalid(
                field,
                "juros, desconto e taxas não podem ser negativos; informe zero quando não houver"
                    .into(),
            ));
        }
        Ok(())
    }
}

impl Reclassificacao {
    fn check(&self) -> Result<()> {
        let plano = self.plano_contas_id.as_deref().map(str::trim);
        if plano.is_none() && self.centro_custo_id.is_none() {
            return Err(invalid(
                "reclassificar",
                "escolha um plano de contas, um centro de custo ou os dois".into(),
            ));
        }
        if plano == Some("") {
            return Err(invalid(
                "plano_contas_id",
                "todo lançamento precisa de um plano de contas; escolha um".into(),
            ));
        }
        Ok(())
    }
}

fn invalid(field: &'static str, detail: String) -> Error {
    Error::InvalidInput { field, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baixa() -> Baixa {
        Baixa {
            data_liquidacao: "2026-12-05".into(),
            conta_bancaria_id: "237504".into(),
            forma_pagamento_id: "640517".into(),
            juros_centavos: 200,
            desconto_centavos: 100,
            taxa_banco_centavos: 0,
            taxa_operadora_centavos: 35,
        }
    }

    #[test]
    fn a_baixa_sets_the_settlement_fields_in_the_providers_format() {
        let fields = LancamentoChange::Baixar(baixa()).provider_fields();
        let text = |key: &str| fields[key].as_str().unwrap_or_default().to_string();
        assert_eq!(text("liquidado"), "1");
        assert_eq!(text("data_liquidacao"), "2026-12-05");
        assert_eq!(text("juros"), "2.00");
        assert_eq!(text("desconto"), "1.00");
        assert_eq!(text("taxa_operadora"), "0.35");
        assert_eq!(fields.len(), 8);
    }

    #[test]
    fn an_estorno_reopens_and_clears_the_date() {
        let fields = LancamentoChange::Estornar.provider_fields();
        assert_eq!(fields["liquidado"], "0");
        assert_eq!(fields["data_liquidacao"], "");
    }

    #[test]
    fn a_reclassification_sets_only_what_it_names() {
        let change = LancamentoChange::Reclassificar(Reclassificacao {
            plano_contas_id: Some(" 2512 ".into()),
            centro_custo_id: None,
        });
        let fields = change.provider_fields();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields["plano_contas_id"], "2512");
    }

    #[test]
    fn bad_changes_are_refused_with_what_to_fix() {
        let mut bad_date = baixa();
        bad_date.data_liquidacao = "05/12/2026".into();
        let mut negative = baixa();
        negative.desconto_centavos = -1;
        let mut no_conta = baixa();
        no_conta.conta_bancaria_id = " ".into();
        let nothing = Reclassificacao {
            plano_contas_id: None,
            centro_custo_id: None,
        };
        let empty_plano = Reclassificacao {
            plano_contas_id: Some(String::new()),
            centro_custo_id: None,
        };
        for change in [
            LancamentoChange::Baixar(bad_date),
            LancamentoChange::Baixar(negative),
            LancamentoChange::Baixar(no_conta),
            LancamentoChange::Reclassificar(nothing),
            LancamentoChange::Reclassificar(empty_plano),
        ] {
            let error = change.check().expect_err("refused");
            assert!(matches!(error, Error::InvalidInput { .. }), "{error}");
        }
        assert!(LancamentoChange::Baixar(baixa()).check().is_ok());
        assert!(
            LancamentoChange::Reclassificar(Reclassificacao {
                plano_contas_id: None,
                centro_custo_id: Some(String::new()),
            })
            .check()
            .is_ok(),
            "clearing the centro de custo is a change"
        );
    }
}
