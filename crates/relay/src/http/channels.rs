//! `POST /v1/channels` (a desktop opens a channel for an integration it adds, with the
//! relay's account token and its sealing keys), `PUT /v1/channels/{channel}/keys` (it
//! registers its keys on a channel made by hand, or after a rotation, with the channel's
//! pull token) and `DELETE /v1/channels/{channel}` (it closes the channel of an
//! integration it removes, with that channel's own pull token).

use super::AppState;
use super::pull::authenticate;
use crate::channels::{ChannelAdmin, token_matches};
use crate::error::{RelayError, Result};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use ponte_webhooks::bearer_token;
use ponte_webhooks::relay_api::{
    ChannelCredentials, CreateChannelRequest, RegisterKeysReply, RegisterKeysRequest,
};
use std::sync::Arc;

pub(super) async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    request: std::result::Result<Json<CreateChannelRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ChannelCredentials>)> {
    let provisioning = state
        .provisioning
        .as_ref()
        .ok_or(RelayError::ProvisioningDisabled)?;
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .ok_or(RelayError::InvalidAccountToken)?;
    if !token_matches(&provisioning.account_token_sha256, presented) {
        return Err(RelayError::InvalidAccountToken);
    }
    let Json(request) = request.map_err(|rejection| RelayError::InvalidRequest {
        detail: rejection.body_text(),
    })?;
    let created = ChannelAdmin::new(state.store.clone(), state.clock.clone())
        .create(
            request.provider,
            request.auth_mode,
            &provisioning.public_url,
            &request.sealing_keys,
        )
        .await?;
    tracing::info!(
        channel = created.channel_id,
        provider = %created.provider,
        auth_mode = %created.auth_mode,
        sealing_keys = request.sealing_keys.len(),
        "channel created through the API"
    );
    Ok((StatusCode::CREATED, Json(created)))
}

pub(super) async fn register_keys(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    request: std::result::Result<Json<RegisterKeysRequest>, JsonRejection>,
) -> Result<Json<RegisterKeysReply>> {
    authenticate(&state, &channel, &headers).await?;
    let Json(request) = request.map_err(|rejection| RelayError::InvalidRequest {
        detail: rejection.body_text(),
    })?;
    let key_ids = ChannelAdmin::new(state.store.clone(), state.clock.clone())
        .set_keys(&channel, &request.keys)
        .await?;
    tracing::info!(
        channel,
        key_ids = key_ids.join(","),
        "channel keys registered"
    );
    Ok(Json(RegisterKeysReply { key_ids }))
}

pub(super) async fn delete(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode> {
    authenticate(&state, &channel, &headers).await?;
    ChannelAdmin::new(state.store.clone(), state.clock.clone())
        .delete(&channel)
        .await?;
    tracing::info!(channel, "channel deleted through the API");
    Ok(StatusCode::NO_CONTENT)
}
