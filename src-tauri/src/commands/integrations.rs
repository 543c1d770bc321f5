//! Integrações: list, test, add (with tokens, or with a relay channel Ponte opens for a
//! webhook-only provider), re-token, schedule, enable and remove. Tokens only come in: no
//! command returns them.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::credentials::Secret;
use ponte_core::domain::IntegrationId;
use ponte_core::integrations::{
    AddedWebhookIntegration, ConnectionCheck, IntegrationDraft, WebhookIntegrationDraft,
};
use ponte_core::store::Integration;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_integrations(state: State<'_, AppState>) -> IpcResult<Vec<Integration>> {
    Ok(state.core.integrations().list().await?)
}

/// "Testar conexão" in the add form: nothing is kept.
#[tauri::command]
#[specta::specta]
pub async fn test_draft(
    state: State<'_, AppState>,
    draft: IntegrationDraft,
) -> IpcResult<ConnectionCheck> {
    Ok(state.core.integrations().test_draft(draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_integration(
    state: State<'_, AppState>,
    draft: IntegrationDraft,
) -> IpcResult<Integration> {
    Ok(state.core.integrations().add_draft(draft).await?)
}

/// "Adicionar Coinzz": the integration with its own relay channel, and the webhook URL
/// to paste into the provider's panel.
#[tauri::command]
#[specta::specta]
pub async fn add_webhook_integration(
    state: State<'_, AppState>,
    draft: WebhookIntegrationDraft,
) -> IpcResult<AddedWebhookIntegration> {
    Ok(state
        .core
        .integrations()
        .add_webhook_integration(draft)
        .await?)
}

/// "Testar conexão" on a saved integration, with the tokens in the keyring.
#[tauri::command]
#[specta::specta]
pub async fn check_connection(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<ConnectionCheck> {
    Ok(state
        .core
        .integrations()
        .check_connection(integration_id)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn replace_tokens(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    access_token: Secret,
    secret_access_token: Secret,
) -> IpcResult<()> {
    Ok(state
        .core
        .integrations()
        .replace_tokens(integration_id, access_token, secret_access_token)
        .await?)
}

/// `None` turns scheduled syncs off.
#[tauri::command]
#[specta::specta]
pub async fn set_schedule(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    interval_minutes: Option<i64>,
) -> IpcResult<()> {
    Ok(state
        .core
        .integrations()
        .set_schedule(integration_id, interval_minutes)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_enabled(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    enabled: bool,
) -> IpcResult<()> {
    Ok(state
        .core
        .integrations()
        .set_enabled(integration_id, enabled)
        .await?)
}

/// Whether its numbers count in the reports of all integrations.
#[tauri::command]
#[specta::specta]
pub async fn set_include_in_reports(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    included: bool,
) -> IpcResult<()> {
    Ok(state
        .core
        .integrations()
        .set_include_in_reports(integration_id, included)
        .await?)
}

/// "Permitir alterações no Gestão Click".
#[tauri::command]
#[specta::specta]
pub async fn set_allow_writes(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
    allowed: bool,
) -> IpcResult<()> {
    Ok(state
        .core
        .integrations()
        .set_allow_writes(integration_id, allowed)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_integration(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<()> {
    Ok(state.core.integrations().remove(integration_id).await?)
}
