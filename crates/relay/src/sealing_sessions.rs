//! The relay's sealing sessions (`ponte_webhooks::seal::SealingSession`): one per channel
//! and recipient set, so that ingest pays the HPKE setups (an X25519 key generation and DH
//! per recipient, ~120 µs of CPU each) once per session rather than once per event, and
//! seals an event with symmetric work only.
//!
//! A session is renewed after [`SessionLimits::max_age`] or [`SessionLimits::max_events`],
//! whichever comes first: that bounds what one leaked key-encryption key exposes to one
//! channel's events of a few minutes. Sessions are keyed by the channel id and its
//! recipients' key ids, so a channel whose keys change (a rotation, a recovery key) gets a
//! new session at its next event; the old one is never used again and leaves the cache when
//! it is the oldest of [`SessionLimits::capacity`]. They live in this process's memory
//! only: a restart, or a second relay, only costs a new session.

use crate::locks::lock;
use ponte_webhooks::WebhookError;
use ponte_webhooks::seal::{
    Envelope, KeyId, PublicKey, SealContext, SealedContent, SealingSession,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// When sessions are renewed, and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SessionLimits {
    pub max_age: Duration,
    pub max_events: u64,
    pub capacity: usize,
}

impl Default for SessionLimits {
    fn default() -> SessionLimits {
        SessionLimits {
            // Ten minutes and 100,000 events keep the setups' cost negligible (one per
            // channel every few minutes) while bounding what one session covers.
            max_age: Duration::from_secs(10 * 60),
            max_events: 100_000,
            // At 4 recipients, ~100 bytes of keys each: about 4 MB at most.
            capacity: 10_000,
        }
    }
}

/// The sessions of this relay process.
pub(crate) struct SealingSessions {
    limits: SessionLimits,
    live: Mutex<HashMap<SessionKey, Live>>,
}

type SessionKey = (String, Vec<KeyId>);

struct Live {
    session: Arc<SealingSession>,
    started: Instant,
    sealed: u64,
}

impl SealingSessions {
    pub fn new(limits: SessionLimits) -> SealingSessions {
        SealingSessions {
            limits,
            live: Mutex::default(),
        }
    }

    /// Seals `content` for the row `context` names, to `recipients`, in the channel's
    /// current session (a new one when it has none, or an old one).
    pub fn seal(
        &self,
        recipients: &[PublicKey],
        content: &SealedContent,
        context: &SealContext<'_>,
    ) -> Result<Envelope, WebhookError> {
        self.session(context.channel_id, recipients)?
            .seal(content, context)
    }

    fn session(
        &self,
        channel_id: &str,
        recipients: &[PublicKey],
    ) -> Result<Arc<SealingSession>, WebhookError> {
        let key: SessionKey = (
            channel_id.to_string(),
            recipients.iter().map(PublicKey::id).collect(),
        );
        if let Some(live) = lock(&self.live).get_mut(&key)
            && live.started.elapsed() < self.limits.max_age
            && live.sealed < self.limits.max_events
        {
            live.sealed += 1;
            return Ok(Arc::clone(&live.session));
        }
        // The setups run outside the lock, so that other channels' ingest never waits on
        // them; two deliveries racing here each make one, and the last one stays.
        let session = Arc::new(SealingSession::new(recipients)?);
        let mut live = lock(&self.live);
        if live.remove(&key).is_none() && live.len() >= self.limits.capacity {
            // A linear scan, only when a new session meets a full cache: cheaper than the
            // setups that just ran.
            let oldest = live
                .iter()
                .min_by_key(|(_, l)| l.started)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                live.remove(&oldest);
            }
        }
        live.insert(
            key,
            Live {
                session: Arc::clone(&session),
                started: Instant::now(),
                sealed: 1,
            },
        );
        Ok(session)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.live).len()
    }
}

#[cfg(test)]
#[path = "sealing_sessions_tests.rs"]
mod tests;
