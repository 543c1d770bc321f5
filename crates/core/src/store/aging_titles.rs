//! The títulos behind one bucket of the aging: the same lançamentos the aging sums (open on
//! the reference date, by `aging::push_open_on`), the same party (`aging::party_sql`) and the
//! same bucket bounds, listed one by one, so the list adds up to the bucket's amount.

use super::Store;
use super::aging::{PartySql, days_before, party_sql, push_open_on};
use crate::domain::report_query::{AgingSide, ReportScope};
use crate::error::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row};

/// A column of the aging: how many days past due on the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    /// Due on the reference date or later.
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
    NoDueDate,
}

/// One lançamento open on the reference date, at face value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingTitle {
    pub id: i64,
    pub external_id: String,
    pub descricao: Option<String>,
    /// Whose it is, named as on the aging's row.
    pub party: String,
    pub data_vencimento: Option<String>,
    /// Days past due on the reference date; 0 when due then or later, or with no due date.
    pub days_past_due: i64,
    pub valor_centavos: i64,
}

impl Store {
    /// The lançamentos of `side` in `scope` open on `as_of` that fall in `bucket`, by due
    /// date then id.
    pub(crate) async fn aging_titles(
        &self,
        side: AgingSide,
        as_of: NaiveDate,
        scope: &ReportScope,
        bucket: AgingBucket,
    ) -> Result<Vec<AgingTitle>> {
        let PartySql { tipo, name, .. } = party_sql(side);
        let select = format!(
            "SELECT l.id, l.external_id, l.descricao, nullif(l.data_vencimento, '') AS due,
                    l.valor_centavos AS valor, {name} AS name
             FROM lancamentos l
             WHERE l.deactivated_at IS NULL AND l.tipo = "
        );
        let mut query = QueryBuilder::new("WITH open AS (");
        push_open_on(&mut query, &select, tipo, as_of, scope);
        query.push(") SELECT * FROM open WHERE ");
        match bounds(bucket, as_of) {
            None => {
                query.push("due IS NULL");
            }
            Some((from, before)) => {
                query.push("due IS NOT NULL");
                if let Some(from) = from {
                    query.push(" AND due >= ").push_bind(from);
                }
                if let Some(before) = before {
                    query.push(" AND due < ").push_bind(before);
                }
            }
        }
        query.push(" ORDER BY due, id");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                let due: Option<String> = row.try_get("due")?;
                Ok(AgingTitle {
                    id: row.try_get("id")?,
                    external_id: row.try_get("external_id")?,
                    descricao: row.try_get("descricao")?,
                    party: row.try_get("name")?,
                    days_past_due: days_past_due(due.as_deref(), as_of),
                    data_vencimento: due,
                    valor_centavos: row.try_get("valor")?,
                })
            })
            .collect()
    }
}

/// The bucket's due dates, as the aging sums them: from (inclusive) and before (exclusive);
/// `None` for the items with no due date.
type DueBounds = (Option<String>, Option<String>);

fn bounds(bucket: AgingBucket, as_of: NaiveDate) -> Option<DueBounds> {
    let day = |days_ago| Some(days_before(as_of, days_ago));
    match bucket {
        AgingBucket::Current => Some((day(0), None)),
        AgingBucket::Days1To30 => Some((day(30), day(0))),
        AgingBucket::Days31To60 => Some((day(60), day(30))),
        AgingBucket::Days61To90 => Some((day(90), day(60))),
        AgingBucket::Over90 => Some((None, day(90))),
        AgingBucket::NoDueDate => None,
    }
}

fn days_past_due(due: Option<&str>, as_of: NaiveDate) -> i64 {
    due.and_then(|due| due.get(..10))
        .and_then(|due| NaiveDate::parse_from_str(due, "%Y-%m-%d").ok())
        .map_or(0, |due| (as_of - due).num_days().max(0))
}
