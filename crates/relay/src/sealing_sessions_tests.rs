//! Tests of `sealing_sessions.rs`: which events share a session, when one is renewed, and
//! the cache's bound. An envelope's `enc` names its session; every envelope is opened too.

use super::*;
use ponte_webhooks::seal::{SealingKeyPair, open};

fn content() -> SealedContent {
    SealedContent {
        headers: Default::default(),
        body: br#"{"id":"e"}"#.to_vec(),
    }
}

/// Seals one event of `channel` and answers its session's `enc`, after checking that the
/// envelope opens with `key`.
fn session_of(
    sessions: &SealingSessions,
    channel: &str,
    event: &str,
    recipients: &[PublicKey],
    key: &SealingKeyPair,
) -> String {
    let context = SealContext {
        channel_id: channel,
        event_id: event,
    };
    let envelope = sessions.seal(recipients, &content(), &context).unwrap();
    assert_eq!(
        open(&envelope, &context, std::slice::from_ref(key)).unwrap(),
        content()
    );
    // The `enc` of the first recipient: bytes 12 to 44 of the envelope (magic, count,
    // key id before it).
    hex::encode(&envelope.to_bytes()[12..44])
}

#[test]
fn the_events_of_a_channel_share_a_session_and_channels_do_not() {
    let sessions = SealingSessions::new(SessionLimits::default());
    let desktop = SealingKeyPair::generate();
    let keys = [desktop.public().clone()];
    let first = session_of(&sessions, "ch_a", "e1", &keys, &desktop);
    assert_eq!(session_of(&sessions, "ch_a", "e2", &keys, &desktop), first);
    assert_ne!(session_of(&sessions, "ch_b", "e1", &keys, &desktop), first);
    assert_eq!(sessions.len(), 2);
}

#[test]
fn new_keys_on_a_channel_start_a_new_session() {
    let sessions = SealingSessions::new(SessionLimits::default());
    let desktop = SealingKeyPair::generate();
    let recovery = SealingKeyPair::generate();
    let alone = [desktop.public().clone()];
    let both = [desktop.public().clone(), recovery.public().clone()];
    let first = session_of(&sessions, "ch_a", "e1", &alone, &desktop);
    let second = session_of(&sessions, "ch_a", "e2", &both, &recovery);
    assert_ne!(second, first);
    assert_eq!(session_of(&sessions, "ch_a", "e3", &both, &desktop), second);
}

#[test]
fn a_session_is_renewed_after_its_events() {
    let sessions = SealingSessions::new(SessionLimits {
        max_events: 2,
        ..SessionLimits::default()
    });
    let desktop = SealingKeyPair::generate();
    let keys = [desktop.public().clone()];
    let first = session_of(&sessions, "ch_a", "e1", &keys, &desktop);
    assert_eq!(session_of(&sessions, "ch_a", "e2", &keys, &desktop), first);
    let third = session_of(&sessions, "ch_a", "e3", &keys, &desktop);
    assert_ne!(third, first);
    assert_eq!(session_of(&sessions, "ch_a", "e4", &keys, &desktop), third);
}

#[test]
fn a_session_is_renewed_after_its_age() {
    // An age of zero: every event finds its session too old.
    let sessions = SealingSessions::new(SessionLimits {
        max_age: Duration::ZERO,
        ..SessionLimits::default()
    });
    let desktop = SealingKeyPair::generate();
    let keys = [desktop.public().clone()];
    let first = session_of(&sessions, "ch_a", "e1", &keys, &desktop);
    assert_ne!(session_of(&sessions, "ch_a", "e2", &keys, &desktop), first);
    assert_eq!(sessions.len(), 1);
}

#[test]
fn the_cache_keeps_its_bound_and_forgets_the_oldest() {
    let sessions = SealingSessions::new(SessionLimits {
        capacity: 2,
        ..SessionLimits::default()
    });
    let desktop = SealingKeyPair::generate();
    let keys = [desktop.public().clone()];
    let a = session_of(&sessions, "ch_a", "e1", &keys, &desktop);
    let b = session_of(&sessions, "ch_b", "e1", &keys, &desktop);
    session_of(&sessions, "ch_c", "e1", &keys, &desktop);
    assert_eq!(sessions.len(), 2);
    assert_eq!(session_of(&sessions, "ch_b", "e2", &keys, &desktop), b);
    assert_ne!(session_of(&sessions, "ch_a", "e2", &keys, &desktop), a);
}

#[test]
fn bad_recipient_lists_are_refused() {
    let sessions = SealingSessions::new(SessionLimits::default());
    let context = SealContext {
        channel_id: "ch_a",
        event_id: "e1",
    };
    let error = sessions
        .seal(&[], &content(), &context)
        .err()
        .unwrap_or_else(|| panic!("sealed to no key"));
    assert_eq!(error.code(), "invalid_sealing_key");
    assert_eq!(sessions.len(), 0);
}
