//! A report asked for by name and query, as the screens and the CLI ask for it: computed
//! (each report by its own module's function), turned into its table (with the heading
//! filled from the store), or exported to a file. One path for both, so the app and the
//! CLI cannot disagree.

use super::aging::{self, Aging, AgingSide};
use super::cash_flow::{self, CashFlow};
use super::conferencia::{self, Conferencia, ConferenciaQuery};
use super::dre::request::dre_for;
use super::dre::{Dre, DreQuery};
use super::export::{self, ExportFormat};
use super::heading::report_heading;
use super::indicators::{self, Indicators, IndicatorsQuery};
use super::sales::{self, Sales, SalesGrouping};
use super::table::ReportTable;
use super::{Granularity, Month, MonthRange, ReportScope};
use crate::error::Result;
use crate::store::Store;
use crate::time::today_sao_paulo;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CashFlowQuery {
    #[specta(type = String)]
    pub from: Month,
    #[specta(type = String)]
    pub to: Month,
    pub granularity: Granularity,
    pub scope: ReportScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AgingQuery {
    pub side: AgingSide,
    /// The day the days past due are counted to; `None`: today in São Paulo.
    #[specta(type = Option<String>)]
    pub as_of: Option<NaiveDate>,
    pub scope: ReportScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SalesQuery {
    #[specta(type = String)]
    pub from: Month,
    #[specta(type = String)]
    pub to: Month,
    pub grouping: SalesGrouping,
    pub scope: ReportScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "report", content = "query", rename_all = "snake_case")]
pub enum ReportRequest {
    Indicadores(IndicatorsQuery),
    Dre(DreQuery),
    FluxoCaixa(CashFlowQuery),
    Aging(AgingQuery),
    Vendas(SalesQuery),
    Conferencia(ConferenciaQuery),
}

/// A computed report; as JSON, the report itself (centavos as integers).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Report {
    Indicadores(Indicators),
    Dre(Dre),
    FluxoCaixa(CashFlow),
    Aging(Aging),
    Vendas(Sales),
    Conferencia(Conferencia),
}

impl Report {
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        match self {
            Report::Indicadores(report) => report.to_table(company, filters),
            Report::Dre(report) => report.to_table(company, filters),
            Report::FluxoCaixa(report) => report.to_table(company, filters),
            Report::Aging(report) => report.to_table(company, filters),
            Report::Vendas(report) => report.to_table(company, filters),
            Report::Conferencia(report) => report.to_table(company, filters),
        }
    }
}

impl ReportRequest {
    /// The XLSX sheet's name and the file's default stem.
    pub fn short_name(&self) -> &'static str {
        match self {
            ReportRequest::Indicadores(_) => "Indicadores",
            ReportRequest::Dre(_) => "DRE",
            ReportRequest::FluxoCaixa(_) => "Fluxo de caixa",
            ReportRequest::Aging(query) => match query.side {
                AgingSide::Receber => "Contas a receber",
                AgingSide::Pagar => "Contas a pagar",
            },
            ReportRequest::Vendas(_) => "Vendas",
            ReportRequest::Conferencia(_) => "Conferência",
        }
    }

    /// What a save dialog proposes: `DRE 2026-01 a 2026-12.xlsx`.
    pub fn file_name(&self, format: ExportFormat) -> String {
        let period = match self {
            ReportRequest::Indicadores(IndicatorsQuery { from, to, .. })
            | ReportRequest::Dre(DreQuery { from, to, .. })
            | ReportRequest::FluxoCaixa(CashFlowQuery { from, to, .. })
            | ReportRequest::Vendas(SalesQuery { from, to, .. })
            | ReportRequest::Conferencia(ConferenciaQuery { from, to, .. }) => {
                format!("{from} a {to}")
            }
            ReportRequest::Aging(query) => {
                format!("em {}", query.as_of.unwrap_or_else(today_sao_paulo))
            }
        };
        format!("{} {period}.{}", self.short_name(), format.extension())
    }

    /// Which records it reads, for the heading.
    fn scope(&self) -> ReportScope {
        match self {
            ReportRequest::Dre(query) => ReportScope {
                integration_id: query.filters.integration_id,
                loja: query.filters.loja.clone(),
                centro_custo: query.filters.centro_custo.clone(),
            },
            ReportRequest::Indicadores(IndicatorsQuery { scope, .. })
            | ReportRequest::FluxoCaixa(CashFlowQuery { scope, .. })
            | ReportRequest::Aging(AgingQuery { scope, .. })
            | ReportRequest::Vendas(SalesQuery { scope, .. })
            | ReportRequest::Conferencia(ConferenciaQuery { scope, .. }) => scope.clone(),
        }
    }
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ExportedReport {
    pub path: String,
    pub bytes: u32,
}

/// The report `request` names, computed.
pub(crate) async fn report(store: &Store, request: &ReportRequest) -> Result<Report> {
    Ok(match request {
        ReportRequest::Indicadores(query) => {
            Report::Indicadores(indicators::indicators(store, query).await?)
        }
        ReportRequest::Dre(query) => Report::Dre(dre_for(store, query).await?),
        ReportRequest::FluxoCaixa(query) => Report::FluxoCaixa(
            cash_flow::cash_flow(
                store,
                MonthRange::new(query.from, query.to)?,
                query.granularity,
                &query.scope,
            )
            .await?,
        ),
        ReportRequest::Aging(query) => Report::Aging(
            aging::aging(
                store,
                query.side,
                query.as_of.unwrap_or_else(today_sao_paulo),
                &query.scope,
            )
            .await?,
        ),
        ReportRequest::Vendas(query) => Report::Vendas(
            sales::sales(
                store,
                MonthRange::new(query.from, query.to)?,
                query.grouping,
                &query.scope,
            )
            .await?,
        ),
        ReportRequest::Conferencia(query) => {
            Report::Conferencia(conferencia::conferencia(store, query).await?)
        }
    })
}

/// The report and its table, the heading naming the company and the filters.
pub(crate) async fn report_with_table(
    store: &Store,
    request: &ReportRequest,
) -> Result<(Report, ReportTable)> {
    let scope = request.scope();
    let (report, heading) = tokio::try_join!(
        report(store, request),
        report_heading(
            store,
            scope.integration_id,
            scope.loja.as_deref(),
            scope.centro_custo.as_deref()
        ),
    )?;
    let table = report.to_table(&heading.company, &heading.filters);
    Ok((report, table))
}

/// The report's table written to `path` in `format`.
pub(crate) async fn export_report(
    store: &Store,
    request: &ReportRequest,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportedReport> {
    let (_, table) = report_with_table(store, request).await?;
    let bytes = export::encode(&table, format, request.short_name(), chrono::Utc::now())?;
    export::write_file(path, &bytes)?;
    Ok(ExportedReport {
        path: path.display().to_string(),
        bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
    })
}
