//! What the fluxo de caixa reads: settled lançamentos summed per conta bancária and day of
//! settlement (everything before the range as one opening sum), and open ones summed per
//! due day (everything due before the range as one sum). Grouped in SQLite, so a report
//! reads at most a row per day and conta, whatever the number of entries.

use super::Store;
use super::report_scope::push_scope;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::ReportScope;
use chrono::NaiveDate;
use sqlx::{QueryBuilder, Row, Sqlite};

/// Where a sum sits along time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Dated before the range.
    Before,
    /// A `YYYY-MM-DD` inside the range.
    Day(String),
    /// No date at all: settled without a data de liquidação, open without a vencimento.
    Undated,
}

impl Placement {
    fn from_column(place: String) -> Placement {
        match place.as_str() {
            BEFORE => Placement::Before,
            UNDATED => Placement::Undated,
            _ => Placement::Day(place),
        }
    }
}

// Markers in the `place` column; days start with a digit, so they never collide.
const BEFORE: &str = "antes";
const UNDATED: &str = "sem_data";

/// What settled in one conta bancária at one placement, at what moved (`valor_total`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SettledSum {
    pub integration_id: IntegrationId,
    pub conta_id: Option<String>,
    pub conta_nome: Option<String>,
    pub place: Placement,
    /// Recebimentos.
    pub inflow: i64,
    /// Pagamentos, as a positive amount.
    pub outflow: i64,
    pub entries: i64,
}

/// What is still open at one placement, at face value (`valor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenSum {
    pub place: Placement,
    pub receivable: i64,
    pub payable: i64,
    pub entries: i64,
}

/// `CASE` placing `column` before `start`, on its day, or nowhere; binds `start`.
fn push_placement(query: &mut QueryBuilder<'_, Sqlite>, column: &str, start: NaiveDate) {
    query
        .push(format!(
            "CASE WHEN {column} IS NULL THEN '{UNDATED}' WHEN {column} < "
        ))
        .push_bind(start.to_string())
        .push(format!(
            " THEN '{BEFORE}' ELSE substr({column}, 1, 10) END AS place"
        ));
}

impl Store {
    /// Settled lançamentos in `scope` up to the day before `end`, summed per conta and day
    /// from `start` on, and per conta before `start`.
    pub(crate) async fn settled_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<SettledSum>> {
        let mut query = QueryBuilder::new("SELECT l.integration_id, l.conta_bancaria_id, ");
        push_placement(&mut query, "l.data_liquidacao", start);
        query
            .push(
                ", max(l.nome_conta_bancaria) AS conta_nome,
                 sum(CASE l.tipo WHEN 'recebimento' THEN l.valor_total_centavos ELSE 0 END) AS inflow,
                 sum(CASE l.tipo WHEN 'pagamento' THEN l.valor_total_centavos ELSE 0 END) AS outflow,
                 count(*) AS entries
                 FROM lancamentos l
                 WHERE l.deactivated_at IS NULL AND l.liquidado = 1
                   AND (l.data_liquidacao IS NULL OR l.data_liquidacao < ",
            )
            .push_bind(end.to_string())
            .push(")");
        push_scope(&mut query, scope, "l");
        // Entries without a conta id but with a name keep their name apart.
        query.push(
            " GROUP BY l.integration_id, l.conta_bancaria_id,
                CASE WHEN l.conta_bancaria_id IS NULL THEN l.nome_conta_bancaria END, place",
        );
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                Ok(SettledSum {
                    integration_id: row.try_get("integration_id")?,
                    conta_id: row.try_get("conta_bancaria_id")?,
                    conta_nome: row.try_get("conta_nome")?,
                    place: Placement::from_column(row.try_get("place")?),
                    inflow: row.try_get("inflow")?,
                    outflow: row.try_get("outflow")?,
                    entries: row.try_get("entries")?,
                })
            })
            .collect()
    }

    /// Open lançamentos in `scope` due before `end`, summed per due day from `start` on,
    /// before `start`, and without a due date.
    pub(crate) async fn open_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<OpenSum>> {
        let mut query = QueryBuilder::new("SELECT ");
        push_placement(&mut query, "l.data_vencimento", start);
        query
            .push(
                ", sum(CASE l.tipo WHEN 'recebimento' THEN l.valor_centavos ELSE 0 END) AS receivable,
                 sum(CASE l.tipo WHEN 'pagamento' THEN l.valor_centavos ELSE 0 END) AS payable,
                 count(*) AS entries
                 FROM lancamentos l
                 WHERE l.deactivated_at IS NULL AND l.liquidado = 0
                   AND (l.data_vencimento IS NULL OR l.data_vencimento < ",
            )
            .push_bind(end.to_string())
            .push(")");
        push_scope(&mut query, scope, "l");
        query.push(" GROUP BY place");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                Ok(OpenSum {
                    place: Placement::from_column(row.try_get("place")?),
                    receivable: row.try_get("receivable")?,
                    payable: row.try_get("payable")?,
                    entries: row.try_get("entries")?,
                })
            })
            .collect()
    }
}
