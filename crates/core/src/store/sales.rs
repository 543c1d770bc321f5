//! What the vendas report reads: the live vendas dated in a range, grouped in SQLite by
//! day, vendedor, canal or item (joining `venda_itens`), and a summary per situação that
//! says what the cancelled ones, left out, amounted to. By month and per situação they
//! come from the kept monthly sums (`vendas_monthly`, migration 00019), a row per month,
//! loja and situação however many vendas; the sums' month is the date's first 7
//! characters, and a report's range is whole months, so both give the same figures.

use super::Store;
use super::report_scope::push_scope;
use crate::domain::IntegrationId;
use crate::domain::period::Granularity;
use crate::domain::report_query::{ReportScope, SalesGrouping};
use crate::error::Result;
use chrono::NaiveDate;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

/// Which vendas are not sales: a cancelled situação. Situação names are free text per
/// company ("Cancelado", "Cancelada", "Venda cancelada"), so any name with "cancel" in it
/// (LIKE ignores ASCII case).
pub(super) const CANCELLED: &str = "coalesce(v.nome_situacao, '') LIKE '%cancel%'";
/// The same over the kept sums (`vendas_monthly v`), whose situação is '' for none.
const KEPT_CANCELLED: &str = "v.nome_situacao LIKE '%cancel%'";

/// The vendas of one group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupSum {
    /// `None` for canais, which have no id and merge across integrations.
    pub integration_id: Option<IntegrationId>,
    /// Day (`YYYY-MM-DD`), vendedor id, canal name, or `produto:<id>` / `servico:<id>`.
    pub key: Option<String>,
    pub label: Option<String>,
    pub vendas: i64,
    /// Items only.
    pub quantity_milesimos: Option<i64>,
    pub revenue: i64,
    pub cost: i64,
}

/// The vendas of one situação: all counted ones together, each excluded one apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SituacaoSum {
    pub excluded: bool,
    /// Only for excluded ones.
    pub nome_situacao: Option<String>,
    pub vendas: i64,
    pub revenue: i64,
    pub cost: i64,
    /// How many have at least one item; `None` when read from the kept sums, which do not
    /// know (only the report by item needs it).
    pub with_items: Option<i64>,
}

impl SituacaoSum {
    /// A row of either read; `with_items` when it selected that column.
    fn from_row(row: &SqliteRow, with_items: bool) -> Result<SituacaoSum> {
        Ok(SituacaoSum {
            excluded: row.try_get("excluded")?,
            nome_situacao: row.try_get("nome_situacao")?,
            vendas: row.try_get("vendas")?,
            revenue: row.try_get("revenue")?,
            cost: row.try_get("cost")?,
            with_items: if with_items {
                Some(row.try_get("with_items")?)
            } else {
                None
            },
        })
    }
}

/// `FROM vendas v … WHERE` the live vendas dated in `[start, end)` in `scope`.
fn push_vendas(
    query: &mut QueryBuilder<'_, Sqlite>,
    start: NaiveDate,
    end: NaiveDate,
    scope: &ReportScope,
) {
    query
        .push(" WHERE v.deactivated_at IS NULL AND v.data >= ")
        .push_bind(start.to_string())
        .push(" AND v.data < ")
        .push_bind(end.to_string());
    push_scope(query, scope, "v");
}

impl Store {
    /// The vendas per situação, with how many have items (a read of every venda).
    pub(crate) async fn sales_by_situacao(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<SituacaoSum>> {
        let mut query = QueryBuilder::new(format!(
            "SELECT {CANCELLED} AS excluded,
                    CASE WHEN {CANCELLED} THEN v.nome_situacao END AS nome_situacao,
                    count(*) AS vendas, sum(v.valor_total_centavos) AS revenue,
                    sum(v.valor_custo_centavos) AS cost,
                    sum(EXISTS (SELECT 1 FROM venda_itens i WHERE i.venda_id = v.id)) AS with_items
             FROM vendas v"
        ));
        push_vendas(&mut query, start, end, scope);
        query.push(" GROUP BY 1, 2");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| SituacaoSum::from_row(row, true))
            .collect()
    }

    /// The vendas per situação from the kept monthly sums, without how many have items.
    /// `start` and `end` are first days of months, as a report's range gives them.
    pub(crate) async fn kept_sales_by_situacao(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<SituacaoSum>> {
        let mut query = QueryBuilder::new(format!(
            "SELECT {KEPT_CANCELLED} AS excluded,
                    CASE WHEN {KEPT_CANCELLED} THEN v.nome_situacao END AS nome_situacao,
                    sum(v.vendas) AS vendas, sum(v.revenue) AS revenue, sum(v.cost) AS cost
             FROM vendas_monthly v"
        ));
        push_months(&mut query, start, end, scope);
        // A kept row whose vendas all went is no row.
        query.push(" GROUP BY 1, 2 HAVING sum(v.vendas) <> 0");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| SituacaoSum::from_row(row, false))
            .collect()
    }

    /// The counted vendas per group. Periods come back per day; the caller buckets them.
    pub(crate) async fn sales_groups(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        grouping: SalesGrouping,
        scope: &ReportScope,
    ) -> Result<Vec<GroupSum>> {
        // Venda figures: its valor_total (with frete) and its valor_custo (the cost of what
        // it sold). Item figures: the item's valor_total (after its discount), and its
        // valor_custo, a unit cost, times the quantity in milésimos.
        let venda_figures = "count(*) AS vendas, NULL AS quantity,
            sum(v.valor_total_centavos) AS revenue, sum(v.valor_custo_centavos) AS cost";
        let (select, join, group) = match grouping {
            SalesGrouping::Period(Granularity::Monthly) => {
                return self.kept_sales_by_month(start, end, scope).await;
            }
            SalesGrouping::Period(_) => (
                format!(
                    "NULL AS integration_id, substr(v.data, 1, 10) AS group_key, NULL AS label, {venda_figures}"
                ),
                "",
                "group_key",
            ),
            SalesGrouping::Vendedor => (
                format!(
                    "v.integration_id, v.vendedor_id AS group_key,
                     coalesce(max(v.nome_vendedor), 'Vendedor ' || v.vendedor_id, 'Sem vendedor') AS label,
                     {venda_figures}"
                ),
                "",
                "v.integration_id, coalesce(v.vendedor_id, v.nome_vendedor)",
            ),
            SalesGrouping::Canal => (
                format!(
                    "NULL AS integration_id, v.nome_canal_venda AS group_key,
                     coalesce(v.nome_canal_venda, 'Sem canal') AS label, {venda_figures}"
                ),
                "",
                "v.nome_canal_venda",
            ),
            SalesGrouping::Produto => (
                "v.integration_id, i.tipo || ':' || coalesce(i.produto_id, i.servico_id, '') AS group_key,
                 coalesce(max(i.nome), CASE i.tipo WHEN 'servico' THEN 'Serviço ' ELSE 'Produto ' END
                          || coalesce(i.produto_id, i.servico_id, 'sem id')) AS label,
                 count(DISTINCT v.id) AS vendas, sum(i.quantidade_milesimos) AS quantity,
                 sum(i.valor_total_centavos) AS revenue,
                 CAST(round(sum(i.valor_custo_centavos * i.quantidade_milesimos) / 1000.0) AS INTEGER) AS cost"
                    .to_string(),
                " JOIN venda_itens i ON i.venda_id = v.id",
                // Variations of a product together; items without an id by name.
                "v.integration_id, i.tipo, coalesce(i.produto_id, i.servico_id), \
                 CASE WHEN coalesce(i.produto_id, i.servico_id) IS NULL THEN i.nome END",
            ),
        };
        let mut query = QueryBuilder::new(format!("SELECT {select} FROM vendas v{join}"));
        push_vendas(&mut query, start, end, scope);
        query.push(format!(" AND NOT {CANCELLED} GROUP BY {group}"));
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter().map(group_sum).collect()
    }

    /// The counted vendas per month (keyed by its first day), from the kept monthly sums.
    async fn kept_sales_by_month(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<GroupSum>> {
        let mut query = QueryBuilder::new(
            "SELECT NULL AS integration_id, v.month || '-01' AS group_key, NULL AS label,
                    sum(v.vendas) AS vendas, NULL AS quantity, sum(v.revenue) AS revenue,
                    sum(v.cost) AS cost
             FROM vendas_monthly v",
        );
        push_months(&mut query, start, end, scope);
        query.push(format!(" AND NOT {KEPT_CANCELLED} GROUP BY v.month"));
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter().map(group_sum).collect()
    }
}

/// A row of `sales_groups`' columns.
fn group_sum(row: &SqliteRow) -> Result<GroupSum> {
    Ok(GroupSum {
        integration_id: row.try_get("integration_id")?,
        key: row.try_get("group_key")?,
        label: row.try_get("label")?,
        vendas: row.try_get("vendas")?,
        quantity_milesimos: row.try_get("quantity")?,
        revenue: row.try_get("revenue")?,
        cost: row.try_get("cost")?,
    })
}

/// ` WHERE` the kept months (`vendas_monthly v`) of `[start, end)` in `scope`, both first
/// days of months. A month of '' (no date) is before every month, so never in the range.
fn push_months(
    query: &mut QueryBuilder<'_, Sqlite>,
    start: NaiveDate,
    end: NaiveDate,
    scope: &ReportScope,
) {
    let month = |day: NaiveDate| day.format("%Y-%m").to_string();
    query
        .push(" WHERE v.month >= ")
        .push_bind(month(start))
        .push(" AND v.month < ")
        .push_bind(month(end));
    push_scope(query, scope, "v");
}
