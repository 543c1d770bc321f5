//! What the Conferência reads straight from `lancamentos`, apart from the kept sums the
//! reports read: what the period's entries add up to on each DRE basis (so a drift of the
//! kept sums shows), and the entries that need a look (a `valor_total` that breaks its
//! identity, no plano de contas, settled without a conta bancária), each with its provider
//! id, count and sum.

use super::dre_drill::{DreEntry, party_name};
use super::report_scope::push_scope;
use super::{Store, lancamento_tipo};
use crate::domain::dre::SettlementPart;
use crate::domain::report_query::ReportScope;
use crate::error::Result;
use sqlx::{QueryBuilder, Row, Sqlite};

/// The most entries a finding lists; its count and sum still cover them all.
pub const MAX_FINDING_ENTRIES: i64 = 200;

/// Entries that need a look, by what is wrong with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryProblem {
    /// Settled in the period with `valor_total ≠ valor + juros − desconto − taxas`; the
    /// amount is the difference.
    BrokenSettlement,
    /// Dated in the period (competência or liquidação) without a plano de contas; the
    /// amount is its face value.
    NoPlano,
    /// Settled in the period without a conta bancária; the amount is what moved.
    NoConta,
}

/// Entries with one problem: the first `MAX_FINDING_ENTRIES` by date, and all of them
/// counted and summed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProblemEntries {
    pub entries: Vec<DreEntry>,
    pub count: i64,
    pub centavos: i64,
}

/// Signed like the DRE: recebimentos positive.
const SIGN: &str = "(CASE l.tipo WHEN 'recebimento' THEN 1 ELSE -1 END)";
const BY_COMPETENCIA: &str =
    "l.data_competencia >= period.start AND l.data_competencia < period.until";
const SETTLED_IN_PERIOD: &str = "l.liquidado = 1 AND l.data_liquidacao >= period.start
    AND l.data_liquidacao < period.until";

/// `WITH period(start, until)` bound to `[from, until)` (`YYYY-MM-DD`), then `FROM lancamentos l` joined
/// to it, live entries only, in `scope`: the dates bound once, the scope's after them.
fn over_period<'a>(
    select: &str,
    from: &str,
    until: &str,
    scope: &ReportScope,
) -> QueryBuilder<'a, Sqlite> {
    let mut query = QueryBuilder::new("WITH period(start, until) AS (SELECT ");
    query
        .push_bind(from.to_string())
        .push(", ")
        .push_bind(until.to_string())
        .push(format!(
            ") SELECT {select} FROM lancamentos l JOIN period WHERE l.deactivated_at IS NULL"
        ));
    push_scope(&mut query, scope, "l");
    query
}

impl Store {
    /// What the period's entries add up to, from the entries themselves, signed:
    /// (competência, caixa). Competência: face values by competência, plus what the
    /// settlements in the period added or took. Caixa: what settled in the period.
    pub(crate) async fn entries_net(
        &self,
        from: &str,
        until: &str,
        scope: &ReportScope,
    ) -> Result<(i64, i64)> {
        let select = format!(
            "coalesce(sum(CASE WHEN {BY_COMPETENCIA} THEN {SIGN} * l.valor_centavos ELSE 0 END), 0)
             + coalesce(sum(CASE WHEN {SETTLED_IN_PERIOD}
                 THEN {SIGN} * (l.valor_total_centavos - l.valor_centavos) ELSE 0 END), 0)
               AS competencia,
             coalesce(sum(CASE WHEN {SETTLED_IN_PERIOD}
                 THEN {SIGN} * l.valor_total_centavos ELSE 0 END), 0) AS caixa"
        );
        let mut query = over_period(&select, from, until, scope);
        let row = query.build().fetch_one(self.pool()).await?;
        Ok((row.try_get("competencia")?, row.try_get("caixa")?))
    }

    /// The entries of the period in `scope` with `problem`.
    pub(crate) async fn problem_entries(
        &self,
        problem: EntryProblem,
        from: &str,
        until: &str,
        scope: &ReportScope,
    ) -> Result<ProblemEntries> {
        let unexplained = "(l.valor_total_centavos - (l.valor_centavos + l.juros_centavos
            - l.desconto_centavos - l.taxa_banco_centavos - l.taxa_operadora_centavos))";
        // The broken ones are listed at what the identity misses, their part.
        let part =
            (problem == EntryProblem::BrokenSettlement).then_some(SettlementPart::OutrosAjustes);
        let (date, amount, condition) = match problem {
            EntryProblem::BrokenSettlement => (
                "l.data_liquidacao",
                format!("{SIGN} * {unexplained}"),
                format!("{SETTLED_IN_PERIOD} AND {unexplained} <> 0"),
            ),
            EntryProblem::NoPlano => (
                "coalesce(l.data_competencia, l.data_liquidacao)",
                format!("{SIGN} * l.valor_centavos"),
                format!(
                    "nullif(l.plano_contas_id, '') IS NULL AND (({BY_COMPETENCIA}) OR ({SETTLED_IN_PERIOD}))"
                ),
            ),
            EntryProblem::NoConta => (
                "l.data_liquidacao",
                format!("{SIGN} * l.valor_total_centavos"),
                format!("{SETTLED_IN_PERIOD} AND nullif(l.conta_bancaria_id, '') IS NULL"),
            ),
        };
        let party = party_name("l.");
        let select = format!(
            "l.id, l.integration_id, l.external_id, l.tipo, {date} AS data, l.descricao,
             {party} AS parte,
             l.nome_plano_conta, {amount} AS centavos,
             count(*) OVER () AS matching, sum({amount}) OVER () AS total"
        );
        let mut query = over_period(&select, from, until, scope);
        query
            .push(format!(" AND {condition} ORDER BY data, l.id LIMIT "))
            .push_bind(MAX_FINDING_ENTRIES);
        let rows = query.build().fetch_all(self.pool()).await?;
        let mut found = ProblemEntries::default();
        for row in &rows {
            found.count = row.try_get("matching")?;
            found.centavos = row.try_get("total")?;
            found.entries.push(DreEntry {
                lancamento_id: row.try_get("id")?,
                integration_id: row.try_get("integration_id")?,
                external_id: row.try_get("external_id")?,
                tipo: lancamento_tipo(row)?,
                data: row
                    .try_get::<Option<String>, _>("data")?
                    .unwrap_or_default(),
                descricao: row.try_get("descricao")?,
                parte: row.try_get("parte")?,
                plano_conta: row.try_get("nome_plano_conta")?,
                part,
                centavos: row.try_get("centavos")?,
            });
        }
        Ok(found)
    }
}
