//! Opening and closing a relay channel from the desktop: `POST /v1/channels` with the
//! relay account's token, `DELETE /v1/channels/{id}` with the channel's own pull token;
//! and registering the desktop's sealing keys on a channel, `PUT /v1/channels/{id}/keys`
//! with its pull token. Tokens travel in the `Authorization` header and nowhere else.

use super::relay_errors::{status_detail, status_error, transport_error};
use crate::credentials::Secret;
use crate::error::{Error, Result};
use ponte_webhooks::relay_api::{
    ChannelCredentials, CreateChannelRequest, ErrorReply, RecipientKey, RegisterKeysRequest,
};
use ponte_webhooks::{AuthMode, Provider};
use reqwest::StatusCode;
use std::time::Duration;

/// A person is waiting on the form: long enough for a slow relay, short enough to say so.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A new channel on the relay at `relay_url`, its events sealed to `sealing_keys` (the
/// desktop's key and the recovery key, `DesktopKeys::recipients`); its secrets are given
/// this once.
pub async fn open_channel(
    relay_url: &str,
    account_token: &Secret,
    provider: Provider,
    auth_mode: AuthMode,
    sealing_keys: Vec<RecipientKey>,
) -> Result<ChannelCredentials> {
    request_channel(relay_url, account_token, provider, auth_mode, sealing_keys)
        .await
        .map_err(|error| match error {
            // Nothing exists yet that could wait for the relay to come back: the operator
            // is told to check the address and try again, not that nothing is lost.
            Error::RelayUnavailable { detail } => Error::RelayUnreachable {
                relay_url: relay_url.to_string(),
                detail,
            },
            other => other,
        })
}

async fn request_channel(
    relay_url: &str,
    account_token: &Secret,
    provider: Provider,
    auth_mode: AuthMode,
    sealing_keys: Vec<RecipientKey>,
) -> Result<ChannelCredentials> {
    let response = client()?
        .post(format!("{}/v1/channels", relay_url.trim_end_matches('/')))
        .bearer_auth(account_token.expose())
        .json(&CreateChannelRequest {
            provider,
            auth_mode,
            sealing_keys,
        })
        .send()
        .await
        .map_err(transport_error)?;
    match response.status() {
        StatusCode::CREATED => response.json().await.map_err(transport_error),
        StatusCode::UNAUTHORIZED => Err(Error::RelayAccountRejected),
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => Err(Error::RelayProvisioningDisabled {
            relay_url: relay_url.to_string(),
        }),
        status => Err(refused(status, response).await),
    }
}

/// Deletes the channel with every event it still holds. One already gone is fine.
pub async fn close_channel(relay_url: &str, channel: &str, pull_token: &Secret) -> Result<()> {
    let response = client()?
        .delete(format!(
            "{}/v1/channels/{channel}",
            relay_url.trim_end_matches('/')
        ))
        .bearer_auth(pull_token.expose())
        .send()
        .await
        .map_err(transport_error)?;
    match response.status() {
        StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => Ok(()),
        StatusCode::UNAUTHORIZED => Err(Error::RelayRefused {
            channel: channel.to_string(),
        }),
        status => Err(refused(status, response).await),
    }
}

/// Makes `keys` (`DesktopKeys::recipients`) what the relay seals the channel's next events
/// to: on connecting a channel made by hand, which takes no webhooks until then, and after
/// a key rotation or a recovery key's export. A relay from before sealing has no such
/// route; it keeps events unsealed, which the desktop still reads, so that is no error.
pub async fn register_keys(
    relay_url: &str,
    channel: &str,
    pull_token: &Secret,
    keys: Vec<RecipientKey>,
) -> Result<()> {
    let response = client()?
        .put(format!(
            "{}/v1/channels/{channel}/keys",
            relay_url.trim_end_matches('/')
        ))
        .bearer_auth(pull_token.expose())
        .json(&RegisterKeysRequest { keys })
        .send()
        .await
        .map_err(transport_error)?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let reply = response.json::<ErrorReply>().await.ok();
    match (status, reply) {
        (StatusCode::NOT_FOUND, Some(reply)) if reply.code == "not_found" => {
            tracing::info!(channel, "relay sem selagem: eventos seguem sem selar");
            Ok(())
        }
        (StatusCode::BAD_REQUEST, Some(reply)) => {
            tracing::warn!(channel, message = reply.message, "relay recusou as chaves");
            Err(Error::RelayUnavailable {
                detail: status_detail(status),
            })
        }
        (status, _) => Err(status_error(status, channel)),
    }
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(transport_error)
}

/// Any other answer: the relay's own words are for the log, the operator gets pt-BR.
async fn refused(status: StatusCode, response: reqwest::Response) -> Error {
    if let Ok(reply) = response.json::<ErrorReply>().await {
        tracing::warn!(%status, message = reply.message, "relay: resposta inesperada");
    }
    Error::RelayUnavailable {
        detail: status_detail(status),
    }
}
