//! `Reports`: the reports' front door, which `Core::reports` hands out. It holds the store
//! (for its SQL, nothing of sync) and offers every report operation the screens, the CLI,
//! the tests and the benchmarks ask for, each a delegation to the function of the module
//! that owns it (`request`, `heading`, `indicators`, `dre::*`, `cash_flow`, `aging`,
//! `sales`, `conferencia`) or to the store. The reports never name `Reports`: they take
//! the store and call one another's functions, so this file depends on them and none of
//! them on it.

use super::aging::{self, Aging, AgingBucket, AgingSide, AgingTitles};
use super::cash_flow::opening::{self, OpeningBalanceInput};
use super::cash_flow::{self, CashFlow};
use super::conferencia::{self, Conferencia, ConferenciaQuery};
use super::dre::{
    AccountClass, Basis, Comparison, Dre, DreCell, DreEntries, DreFilters, DreMapping, DreQuery,
    MappingImport, drill, mapping_csv, mapping_view, report as dre_report, request as dre_request,
};
use super::export::ExportFormat;
use super::heading::{self, ReportHeading};
use super::indicators::{self, Indicators, IndicatorsQuery};
use super::request::{self, AgingQuery, ExportedReport, Report, ReportRequest};
use super::sales::{self, Sales, SalesGrouping};
use super::table::ReportTable;
use super::{Granularity, MonthRange, ReportScope};
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::store::{
    BrowseFilter, BrowsePage, ContaOpening, Dataset, OpeningBalance, ReferenceKind,
    ReferenceOption, Store, VendaSituacao,
};
use chrono::NaiveDate;
use std::path::Path;

/// The reports over one store. Cheap to clone: clones share the store's pool.
#[derive(Clone, Debug)]
pub struct Reports {
    pub(super) store: Store,
}

impl Reports {
    pub fn new(store: Store) -> Reports {
        Reports { store }
    }
}

/// A report asked for by name: computed, as a table, exported (`request`), and the
/// heading its table gets (`heading`).
impl Reports {
    pub async fn report(&self, request: &ReportRequest) -> Result<Report> {
        request::report(&self.store, request).await
    }

    /// The report and its table, the heading naming the company and the filters.
    pub async fn report_with_table(
        &self,
        request: &ReportRequest,
    ) -> Result<(Report, ReportTable)> {
        request::report_with_table(&self.store, request).await
    }

    pub async fn report_table(&self, request: &ReportRequest) -> Result<ReportTable> {
        Ok(self.report_with_table(request).await?.1)
    }

    pub async fn export_report(
        &self,
        request: &ReportRequest,
        format: ExportFormat,
        path: &Path,
    ) -> Result<ExportedReport> {
        request::export_report(&self.store, request, format, path).await
    }

    pub async fn report_heading(
        &self,
        integration_id: Option<IntegrationId>,
        loja: Option<&str>,
        centro_custo: Option<&str>,
    ) -> Result<ReportHeading> {
        heading::report_heading(&self.store, integration_id, loja, centro_custo).await
    }
}

/// Each report by its own arguments.
impl Reports {
    pub async fn indicators(&self, query: &IndicatorsQuery) -> Result<Indicators> {
        indicators::indicators(&self.store, query).await
    }

    /// The indicators with "today" given, so tests can fix it.
    pub async fn indicators_as_of(
        &self,
        query: &IndicatorsQuery,
        today: NaiveDate,
    ) -> Result<Indicators> {
        indicators::indicators_as_of(&self.store, query, today).await
    }

    pub async fn dre(
        &self,
        range: MonthRange,
        basis: Basis,
        comparison: Comparison,
        filters: &DreFilters,
    ) -> Result<Dre> {
        dre_report::dre(&self.store, range, basis, comparison, filters).await
    }

    pub async fn dre_for(&self, query: &DreQuery) -> Result<Dre> {
        dre_request::dre_for(&self.store, query).await
    }

    /// The lançamentos behind one cell of the DRE.
    pub async fn dre_entries(&self, query: &DreQuery, cell: &DreCell) -> Result<DreEntries> {
        drill::dre_entries(&self.store, query, cell).await
    }

    pub async fn cash_flow(
        &self,
        range: MonthRange,
        granularity: Granularity,
        scope: &ReportScope,
    ) -> Result<CashFlow> {
        cash_flow::cash_flow(&self.store, range, granularity, scope).await
    }

    /// The position on `as_of`: what was issued and not yet settled on that day, even if
    /// settled since. Usually today in São Paulo (`crate::time::today_sao_paulo`), and then
    /// it is what is open now.
    pub async fn aging(
        &self,
        side: AgingSide,
        as_of: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Aging> {
        aging::aging(&self.store, side, as_of, scope).await
    }

    /// The títulos behind one bucket of the aging `query` asks for (drill-down); no date
    /// is today in São Paulo, as for the aging itself.
    pub async fn aging_titles(
        &self,
        query: &AgingQuery,
        bucket: AgingBucket,
    ) -> Result<AgingTitles> {
        let as_of = query.as_of.unwrap_or_else(crate::time::today_sao_paulo);
        aging::aging_titles(&self.store, query.side, as_of, &query.scope, bucket).await
    }

    pub async fn sales(
        &self,
        range: MonthRange,
        grouping: SalesGrouping,
        scope: &ReportScope,
    ) -> Result<Sales> {
        sales::sales(&self.store, range, grouping, scope).await
    }

    pub async fn conferencia(&self, query: &ConferenciaQuery) -> Result<Conferencia> {
        conferencia::conferencia(&self.store, query).await
    }
}

/// The DRE mapping: its editor, its CSV (`dre::mapping_view`, `dre::mapping_csv`).
impl Reports {
    pub async fn dre_mapping(&self, integration_id: IntegrationId) -> Result<DreMapping> {
        mapping_view::dre_mapping(&self.store, integration_id).await
    }

    /// Sets (or, with `None`, forgets) the DRE line of a plano de contas and its subtree.
    pub async fn set_dre_choice(
        &self,
        integration_id: IntegrationId,
        plano_external_id: &str,
        class: Option<AccountClass>,
    ) -> Result<()> {
        self.store
            .set_dre_choice(integration_id, plano_external_id, class)
            .await
    }

    pub async fn export_dre_mapping(
        &self,
        integration_id: IntegrationId,
        path: &Path,
    ) -> Result<ExportedReport> {
        mapping_csv::export_dre_mapping(&self.store, integration_id, path).await
    }

    pub async fn import_dre_mapping_file(
        &self,
        integration_id: IntegrationId,
        path: &Path,
    ) -> Result<MappingImport> {
        mapping_csv::import_dre_mapping_file(&self.store, integration_id, path).await
    }

    /// Reads a mapping CSV and applies it to `integration_id` whole, or not at all.
    pub async fn import_dre_mapping(
        &self,
        integration_id: IntegrationId,
        bytes: &[u8],
    ) -> Result<MappingImport> {
        mapping_csv::import_dre_mapping(&self.store, integration_id, bytes).await
    }
}

/// What the screens need around the reports: the filters' options, Dados' browse and the
/// saldos iniciais.
impl Reports {
    /// The lojas or centros de custo a report can be filtered by.
    pub async fn reference_options(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ReferenceOption>> {
        self.store.reference_options(kind, integration_id).await
    }

    /// A loja or centro de custo as typed (its name or its id), as its provider id.
    pub async fn find_reference(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
        text: &str,
    ) -> Result<Option<String>> {
        self.store.find_reference(kind, integration_id, text).await
    }

    /// Dados: page `page` (from 1) of `dataset` under `filter`, with the totals of every
    /// match.
    pub async fn browse(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
        page: u32,
        page_size: u32,
    ) -> Result<BrowsePage> {
        self.store.browse(dataset, filter, page, page_size).await
    }

    /// The situações of the live vendas, for Dados' filter, each saying whether the
    /// reports leave it out as cancelled.
    pub async fn venda_situacoes(&self) -> Result<Vec<VendaSituacao>> {
        self.store.venda_situacoes().await
    }

    /// The contas bancárias with their saldo inicial, for the Fluxo de caixa's form.
    pub async fn contas_with_openings(
        &self,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ContaOpening>> {
        self.store.contas_with_openings(integration_id).await
    }

    /// Enters (or replaces) a conta's saldo inicial, as typed; refuses a conta the
    /// integration does not know.
    pub async fn set_opening_balance(&self, input: &OpeningBalanceInput) -> Result<OpeningBalance> {
        opening::set_opening_balance(&self.store, input).await
    }

    /// Forgets a conta's saldo inicial; `false` when there was none.
    pub async fn clear_opening_balance(
        &self,
        integration_id: IntegrationId,
        conta_bancaria_id: &str,
    ) -> Result<bool> {
        self.store
            .clear_opening_balance(integration_id, conta_bancaria_id)
            .await
    }
}
