//! Query-string parameters and their validation. A bad value is answered like the
//! provider's validation errors: HTTP 404 with `data.mensagem`.

use crate::money::{Centavos, parse_centavos};
use axum::extract::Query;
use axum::http::Uri;
use chrono::NaiveDate;

/// A validation failure, with the pt-BR message to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid(pub String);

#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
    /// The raw query string, for the `proxima_url`/`url_anterior` that keep it.
    raw: String,
}

impl Params {
    pub fn parse(uri: &Uri) -> Result<Params, Invalid> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|_| Invalid("Parâmetros da URL inválidos.".to_string()))?;
        Ok(Params {
            pairs,
            raw: uri.query().unwrap_or_default().to_string(),
        })
    }

    /// The first non-empty value of `name`: an empty `data_inicio=` counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
    }

    pub fn id(&self, name: &str) -> Result<Option<u64>, Invalid> {
        self.parsed(name, |v| v.parse().ok(), "um número inteiro")
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, Invalid> {
        self.parsed(
            name,
            |v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok(),
            "uma data válida no formato AAAA-MM-DD",
        )
    }

    pub fn money(&self, name: &str) -> Result<Option<Centavos>, Invalid> {
        self.parsed(name, parse_centavos, "um valor numérico, como 1500.00")
    }

    pub fn one_of(
        &self,
        name: &str,
        allowed: &[&'static str],
    ) -> Result<Option<&'static str>, Invalid> {
        let choices = allowed.join(", ");
        self.parsed(
            name,
            |v| allowed.iter().copied().find(|a| a.eq_ignore_ascii_case(v)),
            &format!("um destes valores: {choices}"),
        )
    }

    /// A free-text filter, lower-cased for case-insensitive matching.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_lowercase)
    }

    /// The query string without `pagina`, to which page links append their own.
    pub fn without_pagina(&self) -> String {
        self.raw
            .split('&')
            .filter(|piece| !piece.is_empty())
            .filter(|piece| piece.split('=').next() != Some("pagina"))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn parsed<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>, Invalid> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => parse(value)
                .map(Some)
                .ok_or_else(|| Invalid(format!("O campo {name} deve ser {expected}."))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> Params {
        Params::parse(&format!("/x?{query}").parse::<Uri>().unwrap()).unwrap()
    }

    #[test]
    fn empty_values_count_as_absent_and_bad_ones_are_named() {
        let p = params("data_inicio=&data_fim=2025-02-30&loja_id=12");
        assert_eq!(p.date("data_inicio"), Ok(None));
        assert_eq!(p.id("loja_id"), Ok(Some(12)));
        let Err(Invalid(message)) = p.date("data_fim") else {
            panic!("accepted a bad date")
        };
        assert!(message.contains("data_fim"));
    }

    #[test]
    fn page_links_keep_every_other_parameter() {
        let p = params("loja_id=1&pagina=3&data_inicio=2025-01-01");
        assert_eq!(p.without_pagina(), "loja_id=1&data_inicio=2025-01-01");
    }
}
