//! A conta's saldo inicial as the operator types it ("1.234,56" on "01/12/2025"), read
//! into centavos and a date, refusing what it would have to guess, and entered only for a
//! conta its integration knows. Storing it is the store's (`store::opening_balances`); what
//! it means for the balances, `assemble`'s.

use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::money::parse_centavos;
use crate::store::{OpeningBalance, Store};
use chrono::NaiveDate;
use serde::Deserialize;

/// What the Saldos iniciais form and `ponte report saldo-inicial` send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
pub struct OpeningBalanceInput {
    pub integration_id: IntegrationId,
    pub conta_bancaria_id: String,
    /// `AAAA-MM-DD` (as a date field sends it) or `DD/MM/AAAA`: the balance is at the
    /// start of that day.
    pub data: String,
    /// pt-BR money: `1.234,56`, `-80,00`, `250`.
    pub valor: String,
}

impl OpeningBalanceInput {
    pub fn parse(&self) -> Result<OpeningBalance> {
        let conta_bancaria_id = self.conta_bancaria_id.trim();
        if conta_bancaria_id.is_empty() {
            return Err(invalid(
                "conta bancária",
                "escolha a conta bancária do saldo inicial".into(),
            ));
        }
        Ok(OpeningBalance {
            integration_id: self.integration_id,
            conta_bancaria_id: conta_bancaria_id.to_string(),
            data: parse_day(&self.data)?,
            centavos: parse_brl(&self.valor)?,
        })
    }
}

/// Enters (or replaces) a conta's saldo inicial, as typed; refuses a conta the
/// integration does not know.
pub(crate) async fn set_opening_balance(
    store: &Store,
    input: &OpeningBalanceInput,
) -> Result<OpeningBalance> {
    let balance = input.parse()?;
    let integration = store.integration(balance.integration_id).await?;
    if !store
        .conta_bancaria_known(integration.id, &balance.conta_bancaria_id)
        .await?
    {
        return Err(invalid(
            "conta bancária",
            format!(
                "\"{}\" não é uma conta bancária de \"{}\". Sincronize a integração e escolha a conta na lista de Saldos iniciais do Fluxo de caixa.",
                balance.conta_bancaria_id, integration.name
            ),
        ));
    }
    store.set_opening_balance(&balance).await?;
    Ok(balance)
}

fn parse_day(text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| {
            invalid(
                "data do saldo inicial",
                format!("\"{text}\" não é uma data; use DD/MM/AAAA (por exemplo 01/12/2025)"),
            )
        })
}

/// pt-BR money only: a dot without a comma ("1.234") could be a thousand or a decimal
/// point, and a wrong guess would be a balance off by a factor of a thousand.
fn parse_brl(text: &str) -> Result<i64> {
    let hint = "escreva o valor como 1.234,56 (negativo: -1.234,56)";
    if text.contains('.') && !text.contains(',') {
        return Err(invalid(
            "saldo inicial",
            format!("\"{}\" é ambíguo; {hint}", text.trim()),
        ));
    }
    parse_centavos(text).map_err(|error| invalid("saldo inicial", format!("{error}; {hint}")))
}

fn invalid(field: &'static str, detail: String) -> Error {
    Error::InvalidInput { field, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(data: &str, valor: &str) -> OpeningBalanceInput {
        OpeningBalanceInput {
            integration_id: 1,
            conta_bancaria_id: " c1 ".into(),
            data: data.into(),
            valor: valor.into(),
        }
    }

    #[test]
    fn pt_br_money_and_either_date_form_are_read() {
        let balance = input("01/12/2025", "1.234,56").parse().expect("valid");
        assert_eq!(balance.centavos, 123_456);
        assert_eq!(balance.conta_bancaria_id, "c1");
        assert_eq!(balance.data, NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        let same = input("2025-12-01", "1234,56").parse().expect("valid");
        assert_eq!(same, balance);
        assert_eq!(input("2025-12-01", "-80").parse().unwrap().centavos, -8_000);
    }

    #[test]
    fn an_ambiguous_or_garbled_entry_is_refused_not_guessed() {
        for (data, valor) in [
            ("2025-12-01", "1.234"),
            ("2025-12-01", "abc"),
            ("2025-12-01", ""),
            ("31/02/2025", "10,00"),
            ("ontem", "10,00"),
        ] {
            let error = input(data, valor).parse().expect_err(valor);
            assert!(
                matches!(error, Error::InvalidInput { .. }),
                "{data} {valor}"
            );
        }
        let mut no_conta = input("2025-12-01", "10,00");
        no_conta.conta_bancaria_id = " ".into();
        assert!(no_conta.parse().is_err());
    }
}
