//! Channel administration, behind both the `ponte-relay channel` commands and the tests:
//! creating a channel with fresh secrets, listing, rotating the ingest secret with an
//! overlap, registering the keys its events are sealed to, deleting. Also how a bearer
//! token is kept (hashed) and checked.

use crate::clock::Clock;
use crate::error::{RelayError, Result};
use crate::store::{ChannelKey, ChannelSummary, EventStore, NewChannel};
use chrono::{DateTime, TimeDelta, Utc};
use ponte_webhooks::relay_api::{ChannelCredentials, KeyRole, RecipientKey};
use ponte_webhooks::seal::MAX_RECIPIENTS;
use ponte_webhooks::{AuthMode, Provider, generate_secret, ingest_url, random_token};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use subtle::ConstantTimeEq;

/// What `channel rotate-secret` prints once.
#[derive(Clone, Serialize)]
pub struct RotatedSecret {
    pub channel_id: String,
    pub ingest_url: String,
    pub secret: String,
    /// Until when the previous secrets are still accepted.
    pub previous_valid_until: DateTime<Utc>,
}

/// Longer overlaps are cut to this: an old secret that never expires is no rotation.
const MAX_OVERLAP: TimeDelta = TimeDelta::days(366);

#[derive(Clone)]
pub struct ChannelAdmin {
    store: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
}

impl ChannelAdmin {
    pub fn new(store: Arc<dyn EventStore>, clock: Arc<dyn Clock>) -> ChannelAdmin {
        ChannelAdmin { store, clock }
    }

    /// `public_url` is the relay as providers reach it, e.g. `https://relay.example.com`.
    /// `sealing_keys` are what its events are sealed to (`set_keys`); a channel created
    /// without any takes no webhooks until a desktop registers its keys.
    pub async fn create(
        &self,
        provider: Provider,
        auth_mode: AuthMode,
        public_url: &str,
        sealing_keys: &[RecipientKey],
    ) -> Result<ChannelCredentials> {
        // Checked before anything exists: bad keys leave no channel behind.
        let now = self.clock.now();
        let keys = if sealing_keys.is_empty() {
            Vec::new()
        } else {
            channel_keys(sealing_keys, now)?
        };
        // Not a secret, but unguessable all the same: 96 random bits.
        let channel_id = format!("ch_{}", hex::encode(rand::random::<[u8; 12]>()));
        let secret = generate_secret(auth_mode);
        let pull_token = random_token();
        self.store
            .create_channel(&NewChannel {
                id: channel_id.clone(),
                provider,
                auth_mode,
                secret: secret.clone(),
                pull_token_sha256: token_sha256(&pull_token),
                created_at: now,
            })
            .await?;
        // Its credentials are not out yet, so no provider can post to it in between.
        if !keys.is_empty() {
            self.store.set_channel_keys(&channel_id, &keys).await?;
        }
        Ok(ChannelCredentials {
            ingest_url: ingest_url(public_url, &channel_id, auth_mode, &secret),
            channel_id,
            provider,
            auth_mode,
            secret,
            pull_token,
        })
    }

    pub async fn list(&self) -> Result<Vec<ChannelSummary>> {
        self.store.channel_summaries().await
    }

    /// A new secret, valid from now on; the current ones stay valid for `overlap`, long
    /// enough to paste the new one into the provider's panel.
    pub async fn rotate_secret(
        &self,
        channel_id: &str,
        overlap: Duration,
        public_url: &str,
    ) -> Result<RotatedSecret> {
        let channel =
            self.store
                .channel(channel_id)
                .await?
                .ok_or_else(|| RelayError::UnknownChannel {
                    id: channel_id.to_string(),
                })?;
        let now = self.clock.now();
        let overlap = TimeDelta::from_std(overlap)
            .unwrap_or(TimeDelta::MAX)
            .min(MAX_OVERLAP);
        // Cannot overflow once clamped; were it to, ending the overlap now is the safe side.
        let previous_valid_until = now.checked_add_signed(overlap).unwrap_or(now);
        let secret = generate_secret(channel.auth_mode);
        let rotated = self
            .store
            .rotate_secret(channel_id, &secret, now, previous_valid_until)
            .await?;
        if !rotated {
            return Err(RelayError::UnknownChannel {
                id: channel_id.to_string(),
            });
        }
        Ok(RotatedSecret {
            ingest_url: ingest_url(public_url, channel_id, channel.auth_mode, &secret),
            channel_id: channel_id.to_string(),
            secret,
            previous_valid_until,
        })
    }

    /// Makes `keys` the channel's whole set of recipients: its next events are sealed to
    /// them (those already stored keep theirs). Answers their key ids.
    pub async fn set_keys(&self, channel_id: &str, keys: &[RecipientKey]) -> Result<Vec<String>> {
        let keys = channel_keys(keys, self.clock.now())?;
        if !self.store.set_channel_keys(channel_id, &keys).await? {
            return Err(RelayError::UnknownChannel {
                id: channel_id.to_string(),
            });
        }
        Ok(keys.iter().map(|key| key.key.id().to_string()).collect())
    }

    /// Deletes the channel with every event it still holds.
    pub async fn delete(&self, channel_id: &str) -> Result<()> {
        if self.store.delete_channel(channel_id).await? {
            Ok(())
        } else {
            Err(RelayError::UnknownChannel {
                id: channel_id.to_string(),
            })
        }
    }
}

/// A recipient set as a channel keeps it: 1 to `MAX_RECIPIENTS` distinct keys, each
/// matching its stated id, one of them the desktop's.
fn channel_keys(keys: &[RecipientKey], now: DateTime<Utc>) -> Result<Vec<ChannelKey>> {
    let invalid = |detail: String| RelayError::InvalidSealingKeys { detail };
    if keys.is_empty() || keys.len() > MAX_RECIPIENTS {
        return Err(invalid(format!(
            "envie de 1 a {MAX_RECIPIENTS} chaves, e não {}",
            keys.len()
        )));
    }
    if !keys.iter().any(|key| key.role == KeyRole::Desktop) {
        return Err(invalid(
            "falta a chave do desktop (papel \"desktop\")".into(),
        ));
    }
    let mut parsed: Vec<ChannelKey> = Vec::with_capacity(keys.len());
    for key in keys {
        let public = key
            .public_key()
            .map_err(|error| invalid(format!("chave {}: {error}", shown(&key.key_id))))?;
        if parsed.iter().any(|other| other.key == public) {
            return Err(invalid(format!("a chave {} veio repetida", public.id())));
        }
        parsed.push(ChannelKey {
            key: public,
            role: key.role,
            created_at: now,
        });
    }
    Ok(parsed)
}

/// A key id as an error message shows it: an attacker's long one is cut.
fn shown(key_id: &str) -> String {
    key_id.chars().take(16).collect()
}

/// How a bearer token (a channel's pull token, the relay's account token) is kept: its
/// SHA-256, never the token.
pub(crate) fn token_sha256(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant time: compares the digests' hex, which have a fixed length.
pub(crate) fn token_matches(stored_sha256: &str, presented: &str) -> bool {
    let presented = token_sha256(presented);
    bool::from(stored_sha256.as_bytes().ct_eq(presented.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_webhooks::seal::SealingKeyPair;

    #[test]
    fn a_recipient_set_needs_the_desktops_key_and_no_repeats() {
        let now = Utc::now();
        let desktop = RecipientKey::new(SealingKeyPair::generate().public(), KeyRole::Desktop);
        let recovery = RecipientKey::new(SealingKeyPair::generate().public(), KeyRole::Recovery);
        let ok = channel_keys(&[desktop.clone(), recovery.clone()], now).unwrap();
        assert_eq!(ok.len(), 2);
        let code = |keys: &[RecipientKey]| channel_keys(keys, now).unwrap_err().code();
        assert_eq!(code(&[]), "invalid_sealing_keys");
        assert_eq!(
            code(std::slice::from_ref(&recovery)),
            "invalid_sealing_keys"
        );
        assert_eq!(
            code(&[desktop.clone(), desktop.clone()]),
            "invalid_sealing_keys"
        );
        let wrong_id = RecipientKey {
            key_id: recovery.key_id.clone(),
            ..desktop.clone()
        };
        assert_eq!(code(&[wrong_id]), "invalid_sealing_keys");
        assert_eq!(
            code(&vec![desktop; MAX_RECIPIENTS + 1]),
            "invalid_sealing_keys"
        );
    }

    #[test]
    fn a_pull_token_matches_only_its_own_hash() {
        let stored = token_sha256("token-a");
        assert_eq!(stored.len(), 64);
        assert!(token_matches(&stored, "token-a"));
        assert!(!token_matches(&stored, "token-b"));
        assert!(!token_matches(&stored, ""));
    }
}
