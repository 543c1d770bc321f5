//! Tempo real of an integration: its status page, "Ligar tempo real" (Ponte opens the
//! channel), connecting it to an existing relay channel (the secrets go to the keyring),
//! the webhook URL and secret for the provider's panel, "Verificar", and "Reprocessar" for
//! its quarantine. Also the relay account, with which Ponte opens channels itself. The
//! ingest secret is the one secret a command returns: the operator has to paste it into
//! the provider.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::credentials::Secret;
use ponte_core::domain::IntegrationId;
use ponte_core::integrations::RelayAccountStatus;
use ponte_core::realtime::{RelayConnection, RelayRoundTrip, ReprocessReport, WebhookSetup};
use ponte_core::store::RealtimeStatus;
use tauri::State;

/// Its relay channel and what arrived, for the status page.
#[tauri::command]
#[specta::specta]
pub async fn realtime_status(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<RealtimeStatus> {
    Ok(state.core.realtime().status(integration_id).await?)
}

/// "Ligar tempo real": Ponte opens a channel on the relay account, connects the
/// integration to it, and answers with what to paste into the provider's panel.
#[tauri::command]
#[specta::specta]
pub async fn enable_realtime(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<WebhookSetup> {
    Ok(state
        .core
        .integrations()
        .enable_realtime(integration_id)
        .await?)
}

/// A channel the operator already has: checked on the relay first, then the integration
/// points at it; its poller switches at once.
#[tauri::command]
#[specta::specta]
pub async fn connect_relay(
    state: State<'_, AppState>,
    connection: RelayConnection,
) -> IpcResult<()> {
    Ok(state
        .core
        .realtime()
        .connect_relay(&connection.channel(), &connection.secrets())
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn webhook_setup(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<WebhookSetup> {
    Ok(state.core.realtime().webhook_setup(integration_id).await?)
}

/// "Verificar": a signed test event through the relay and back.
#[tauri::command]
#[specta::specta]
pub async fn verify_relay(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<RelayRoundTrip> {
    Ok(state.core.realtime().verify_relay(integration_id).await?)
}

/// "Reprocessar": the quarantined events pulled again, verified and decoded anew.
#[tauri::command]
#[specta::specta]
pub async fn reprocess_quarantine(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<ReprocessReport> {
    Ok(state
        .core
        .realtime()
        .reprocess_quarantine(integration_id)
        .await?)
}

/// Configurações › Relay de webhooks: the address, and whether a token is saved.
#[tauri::command]
#[specta::specta]
pub async fn relay_account(state: State<'_, AppState>) -> IpcResult<RelayAccountStatus> {
    Ok(state.core.integrations().relay_account_status().await?)
}

/// A blank or absent token keeps the saved one.
#[tauri::command]
#[specta::specta]
pub async fn set_relay_account(
    state: State<'_, AppState>,
    relay_url: String,
    token: Option<Secret>,
) -> IpcResult<RelayAccountStatus> {
    Ok(state
        .core
        .integrations()
        .set_relay_account(&relay_url, token)
        .await?)
}
