//! Ingest secrets at rest: no row holds a secret in clear (read with SQL), yet each of the
//! four modes still accepts its secret and refuses another; rotation keeps its overlap;
//! `reencrypt_secrets` moves every encrypted secret to the new server key, after which the
//! old key is no longer needed; a ciphertext moved to another channel does not open.

use crate::{Fixture, Location, at};
use chrono::{DateTime, TimeDelta, Utc};
use ponte_relay::store::{EventStore, NewChannel};
use ponte_relay::{RelayError, SecretsKeys, open_store_with_keys};
use ponte_webhooks::{
    AuthMode, Delivery, Outgoing, Provider, WebhookError, generate_secret, sign, verify_held,
};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Row};
use std::sync::Arc;

crate::conformance!(
    no_row_holds_a_clear_secret_and_every_mode_still_verifies,
    rotation_with_an_overlap_accepts_both_secrets_until_it_ends,
    reencrypt_moves_every_secret_to_the_new_key_and_the_old_one_can_go,
    a_sealed_secret_moved_to_another_channel_does_not_open,
);

const BODY: &[u8] = br#"{"id":"evt_1"}"#;

/// One `channel_secrets` row, every column that could hold a secret.
struct SecretRow {
    channel_id: String,
    clear_secret: Option<String>,
    secret_digest: Option<Vec<u8>>,
    secret_sealed: Option<Vec<u8>>,
    key_id: Option<String>,
}

async fn secret_rows(f: &Fixture) -> Vec<SecretRow> {
    const SQL: &str = "SELECT channel_id, clear_secret, secret_digest, secret_sealed, key_id
                       FROM channel_secrets ORDER BY id";
    match &f.location {
        Location::Postgres(database) => {
            let mut conn = database.connect().await;
            let rows = sqlx::query(SQL).fetch_all(&mut conn).await.unwrap();
            rows.iter()
                .map(|row| SecretRow {
                    channel_id: row.get("channel_id"),
                    clear_secret: row.get("clear_secret"),
                    secret_digest: row.get("secret_digest"),
                    secret_sealed: row.get("secret_sealed"),
                    key_id: row.get("key_id"),
                })
                .collect()
        }
        Location::Sqlite(_) => {
            let mut conn = sqlite(f).await;
            let rows = sqlx::query(SQL).fetch_all(&mut conn).await.unwrap();
            rows.iter()
                .map(|row| SecretRow {
                    channel_id: row.get("channel_id"),
                    clear_secret: row.get("clear_secret"),
                    secret_digest: row.get("secret_digest"),
                    secret_sealed: row.get("secret_sealed"),
                    key_id: row.get("key_id"),
                })
                .collect()
        }
    }
}

async fn sqlite(f: &Fixture) -> sqlx::SqliteConnection {
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", f.database()))
        .await
        .unwrap()
}

/// A store on the fixture's database with `keys`, as a relay started with them opens it.
async fn open_with(f: &Fixture, keys: &str) -> Result<Arc<dyn EventStore>, RelayError> {
    open_store_with_keys(&f.database(), SecretsKeys::parse(keys).unwrap()).await
}

pub fn key(id: &str, byte: u8) -> String {
    use base64::Engine;
    format!(
        "{id}:{}",
        base64::engine::general_purpose::STANDARD.encode([byte; 32])
    )
}

async fn create(store: &dyn EventStore, id: &str, mode: AuthMode, secret: &str) {
    store
        .create_channel(&NewChannel {
            id: id.to_string(),
            provider: Provider::GestaoClick,
            auth_mode: mode,
            secret: secret.to_string(),
            pull_token_sha256: "0".repeat(64),
            created_at: at(0),
        })
        .await
        .unwrap();
}

/// Verifies a delivery signed with `signed_with` against the channel's secrets valid at
/// `now`, as ingest does.
pub async fn verifies(
    store: &dyn EventStore,
    id: &str,
    signed_with: &str,
    now: DateTime<Utc>,
) -> Result<(), WebhookError> {
    let channel = store.channel(id).await.unwrap().unwrap();
    let headers = sign(
        channel.auth_mode,
        signed_with,
        &Outgoing {
            id: "msg_1",
            timestamp: now,
            body: BODY,
        },
    )
    .unwrap();
    let delivery = Delivery {
        headers: &headers,
        body: BODY,
        url_token: (channel.auth_mode == AuthMode::UrlToken).then_some(signed_with),
    };
    verify_held(
        channel.auth_mode,
        &channel.secrets_valid_at(now),
        &delivery,
        now,
    )
}

async fn no_row_holds_a_clear_secret_and_every_mode_still_verifies(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    let mut secrets = Vec::new();
    for mode in AuthMode::ALL {
        let id = format!("ch_{}", mode.as_str().replace('-', "_"));
        let secret = generate_secret(mode);
        create(store, &id, mode, &secret).await;
        secrets.push((id, mode, secret));
    }
    let rows = secret_rows(&f).await;
    assert_eq!(rows.len(), 4);
    for (id, mode, secret) in &secrets {
        let row = rows.iter().find(|row| &row.channel_id == id).unwrap();
        assert!(row.clear_secret.is_none(), "{mode}");
        match mode {
            AuthMode::Bearer | AuthMode::UrlToken => {
                assert_eq!(
                    row.secret_digest.as_deref(),
                    Some(Sha256::digest(secret.as_bytes()).as_slice()),
                    "{mode}"
                );
                assert!(
                    row.secret_sealed.is_none() && row.key_id.is_none(),
                    "{mode}"
                );
            }
            AuthMode::Hmac | AuthMode::Standard => {
                assert!(row.secret_digest.is_none(), "{mode}");
                assert!(row.key_id.is_some(), "{mode}");
                let sealed = row.secret_sealed.as_deref().unwrap();
                // Neither the secret nor the key bytes inside it appear in the ciphertext.
                assert!(
                    !sealed
                        .windows(secret.len())
                        .any(|window| window == secret.as_bytes()),
                    "{mode}"
                );
            }
        }
        assert_eq!(verifies(store, id, secret, at(0)).await, Ok(()), "{mode}");
        let wrong = generate_secret(*mode);
        assert_eq!(
            verifies(store, id, &wrong, at(0)).await,
            Err(WebhookError::BadSignature),
            "{mode}"
        );
    }
}

async fn rotation_with_an_overlap_accepts_both_secrets_until_it_ends(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    for (id, mode) in [("ch_h", AuthMode::Hmac), ("ch_b", AuthMode::Bearer)] {
        let old = generate_secret(mode);
        create(store, id, mode, &old).await;
        let new = generate_secret(mode);
        let ends = at(10) + TimeDelta::hours(1);
        assert!(store.rotate_secret(id, &new, at(10), ends).await.unwrap());
        for secret in [&old, &new] {
            assert_eq!(verifies(store, id, secret, at(20)).await, Ok(()), "{mode}");
        }
        let after = ends + TimeDelta::seconds(1);
        assert_eq!(verifies(store, id, &new, after).await, Ok(()), "{mode}");
        assert_eq!(
            verifies(store, id, &old, after).await,
            Err(WebhookError::BadSignature),
            "{mode}"
        );
    }
    assert!(
        secret_rows(&f)
            .await
            .iter()
            .all(|row| row.clear_secret.is_none())
    );
}

async fn reencrypt_moves_every_secret_to_the_new_key_and_the_old_one_can_go(f: Arc<Fixture>) {
    let (k1, k2) = (key("k1", 1), key("k2", 2));
    let old = open_with(&f, &k1).await.unwrap();
    let (hmac, standard, bearer) = (
        generate_secret(AuthMode::Hmac),
        generate_secret(AuthMode::Standard),
        generate_secret(AuthMode::Bearer),
    );
    create(old.as_ref(), "ch_h", AuthMode::Hmac, &hmac).await;
    create(old.as_ref(), "ch_s", AuthMode::Standard, &standard).await;
    create(old.as_ref(), "ch_b", AuthMode::Bearer, &bearer).await;
    old.close().await;

    // Step 1 of a key rotation: both keys, the new one first.
    let both = open_with(&f, &format!("{k2},{k1}")).await.unwrap();
    assert_eq!(verifies(both.as_ref(), "ch_h", &hmac, at(0)).await, Ok(()));
    // Step 2: reencrypt, once; a second run has nothing left to do.
    assert_eq!(both.reencrypt_secrets().await.unwrap(), 2);
    assert_eq!(both.reencrypt_secrets().await.unwrap(), 0);
    both.close().await;
    let key_ids: Vec<Option<String>> = secret_rows(&f)
        .await
        .into_iter()
        .map(|row| row.key_id)
        .collect();
    assert_eq!(key_ids, [Some("k2".into()), Some("k2".into()), None]);

    // Step 3: the new key alone opens everything.
    let new = open_with(&f, &k2).await.unwrap();
    assert_eq!(verifies(new.as_ref(), "ch_h", &hmac, at(0)).await, Ok(()));
    assert_eq!(
        verifies(new.as_ref(), "ch_s", &standard, at(0)).await,
        Ok(())
    );
    assert_eq!(verifies(new.as_ref(), "ch_b", &bearer, at(0)).await, Ok(()));
    new.close().await;
    // The old key alone no longer opens the database, and says which key is missing.
    let refused = open_with(&f, &k1).await.err().unwrap_or_else(|| {
        panic!("a relay without the key k2 must refuse to start");
    });
    assert!(refused.to_string().contains("k2"), "{refused}");
    // Neither does a relay with no key at all.
    let refused = open_store_with_keys(&f.database(), SecretsKeys::none())
        .await
        .err()
        .unwrap_or_else(|| panic!("a relay without keys must refuse to start"));
    assert!(
        refused.to_string().contains("PONTE_RELAY_SECRETS_KEY"),
        "{refused}"
    );
}

async fn a_sealed_secret_moved_to_another_channel_does_not_open(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    create(
        store,
        "ch_a",
        AuthMode::Hmac,
        &generate_secret(AuthMode::Hmac),
    )
    .await;
    let b_secret = generate_secret(AuthMode::Hmac);
    create(store, "ch_b", AuthMode::Hmac, &b_secret).await;
    // Someone with write access copies ch_a's ciphertext over ch_b's.
    const MOVE: &str = "UPDATE channel_secrets SET secret_sealed =
        (SELECT secret_sealed FROM channel_secrets WHERE channel_id = 'ch_a')
        WHERE channel_id = 'ch_b'";
    match &f.location {
        Location::Postgres(database) => {
            let mut conn = database.connect().await;
            sqlx::query(MOVE).execute(&mut conn).await.unwrap();
        }
        Location::Sqlite(_) => {
            let mut conn = sqlite(&f).await;
            sqlx::query(MOVE).execute(&mut conn).await.unwrap();
        }
    }
    let error = store.channel("ch_b").await.err().unwrap_or_else(|| {
        panic!("a ciphertext bound to ch_a must not open as ch_b's");
    });
    assert_eq!(error.code(), "corrupt_record");
    assert!(store.channel("ch_a").await.unwrap().is_some());
}
