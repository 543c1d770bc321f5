//! Relatórios: the Painel de indicadores, the DRE with its drill-down, the Conferência, the
//! DRE's mapping editor, the filters' options, the fluxo de caixa's saldos iniciais, and
//! exports. Files are picked in the native dialog by the window (the capability allows
//! only the save and open dialogs); the core reads and writes them.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::domain::IntegrationId;
use ponte_core::reports::cash_flow::opening::OpeningBalanceInput;
use ponte_core::reports::conferencia::{Conferencia, ConferenciaQuery};
use ponte_core::reports::dre::{
    AccountClass, Dre, DreCell, DreEntries, DreMapping, DreQuery, MappingImport,
};
use ponte_core::reports::export::ExportFormat;
use ponte_core::reports::indicators::{Indicators, IndicatorsQuery};
use ponte_core::reports::{ExportedReport, ReportRequest, ReportTable};
use ponte_core::store::{ContaOpening, OpeningBalance, ReferenceKind, ReferenceOption};
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn indicators(
    state: State<'_, AppState>,
    query: IndicatorsQuery,
) -> IpcResult<Indicators> {
    Ok(state.core.reports().indicators(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn dre(state: State<'_, AppState>, query: DreQuery) -> IpcResult<Dre> {
    Ok(state.core.reports().dre_for(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn dre_entries(
    state: State<'_, AppState>,
    query: DreQuery,
    cell: DreCell,
) -> IpcResult<DreEntries> {
    Ok(state.core.reports().dre_entries(&query, &cell).await?)
}

/// The Conferência under the DRE and the fluxo de caixa.
#[tauri::command]
#[specta::specta]
pub async fn conferencia(
    state: State<'_, AppState>,
    query: ConferenciaQuery,
) -> IpcResult<Conferencia> {
    Ok(state.core.reports().conferencia(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn dre_mapping(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<DreMapping> {
    Ok(state.core.reports().dre_mapping(integration_id).await?)
}

/// `None` forgets the choice: the account follows its parent, or the default.
#[tauri::command]
#[specta::specta]
pub async fn set_dre_choice(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    plano_external_id: String,
    line_class: Option<AccountClass>,
) -> IpcResult<()> {
    Ok(state
        .core
        .reports()
        .set_dre_choice(integration_id, &plano_external_id, line_class)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn export_dre_mapping(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    path: PathBuf,
) -> IpcResult<ExportedReport> {
    Ok(state
        .core
        .reports()
        .export_dre_mapping(integration_id, &path)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn import_dre_mapping(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    path: PathBuf,
) -> IpcResult<MappingImport> {
    Ok(state
        .core
        .reports()
        .import_dre_mapping_file(integration_id, &path)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn reference_options(
    state: State<'_, AppState>,
    kind: ReferenceKind,
    integration_id: Option<IntegrationId>,
) -> IpcResult<Vec<ReferenceOption>> {
    Ok(state
        .core
        .reports()
        .reference_options(kind, integration_id)
        .await?)
}

/// Any report as the table its exports write: what the Fluxo de caixa, Contas a receber /
/// a pagar and Vendas tabs show.
#[tauri::command]
#[specta::specta]
pub async fn report_table(
    state: State<'_, AppState>,
    request: ReportRequest,
) -> IpcResult<ReportTable> {
    Ok(state.core.reports().report_table(&request).await?)
}

/// The contas bancárias with their saldo inicial, for the Fluxo de caixa's form.
#[tauri::command]
#[specta::specta]
pub async fn contas_with_openings(
    state: State<'_, AppState>,
    integration_id: Option<IntegrationId>,
) -> IpcResult<Vec<ContaOpening>> {
    Ok(state
        .core
        .reports()
        .contas_with_openings(integration_id)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_opening_balance(
    state: State<'_, AppState>,
    input: OpeningBalanceInput,
) -> IpcResult<OpeningBalance> {
    Ok(state.core.reports().set_opening_balance(&input).await?)
}

/// `false` when the conta had none.
#[tauri::command]
#[specta::specta]
pub async fn clear_opening_balance(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    conta_bancaria_id: String,
) -> IpcResult<bool> {
    Ok(state
        .core
        .reports()
        .clear_opening_balance(integration_id, &conta_bancaria_id)
        .await?)
}

/// The name a save dialog proposes for the export.
#[tauri::command]
#[specta::specta]
pub fn export_file_name(request: ReportRequest, format: ExportFormat) -> String {
    request.file_name(format)
}

#[tauri::command]
#[specta::specta]
pub async fn export_report(
    state: State<'_, AppState>,
    request: ReportRequest,
    format: ExportFormat,
    path: PathBuf,
) -> IpcResult<ExportedReport> {
    Ok(state
        .core
        .reports()
        .export_report(&request, format, &path)
        .await?)
}
