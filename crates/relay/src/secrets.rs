//! Ingest secrets at rest. A leaked relay database must not hand anyone a channel's
//! secret, so no secret is stored in clear:
//!
//! - **Bearer and url-token** secrets travel in every request, so checking one only needs
//!   its digest: the relay keeps `SHA-256(secret)` (`secret_digest`) and compares the
//!   digest of what a request presents, in constant time. Plain SHA-256 rather than a
//!   keyed hash, because every secret is 256 random bits (`generate_secret`; the relay
//!   never takes a secret from outside), so a digest cannot be reversed offline; and
//!   because it needs no key, a relay whose channels are all bearer or url-token runs
//!   without one, and key rotation never touches digests.
//! - **HMAC and Standard Webhooks** secrets are MAC keys the relay must use, so they are
//!   encrypted (`secret_sealed`, `key_id`): ChaCha20-Poly1305 under a server key, a random
//!   96-bit nonce per secret, and the channel id and key id as associated data, so a
//!   ciphertext copied to another channel's row does not open.
//!
//! **Server keys.** 32 random bytes, base64, each with an id. The operator gives them as
//! `PONTE_RELAY_SECRETS_KEYS=id1:base64,id2:base64` (the first encrypts, all decrypt), as
//! `PONTE_RELAY_SECRETS_KEY=base64` (one key; its id is `k` + 8 hex digits of its SHA-256),
//! or in a file, `--secrets-key-file PATH`, holding either form (one entry per line or
//! comma-separated, `#` comments), readable by its owner only (`chmod 600`): the relay
//! refuses a file the group or others can read. Generate a key with
//! `head -c 32 /dev/urandom | base64`. A relay that holds encrypted secrets under a key it
//! was not given refuses to start and names the missing key id; a relay with no HMAC or
//! Standard channel runs without any key.
//!
//! **Rotating the server key**, with relays running throughout:
//! 1. generate the new key and give every relay and the admin CLI both keys, new first:
//!    `PONTE_RELAY_SECRETS_KEYS=k2:NEW,k1:OLD`; restart the relays one at a time (each
//!    decrypts with either key, new secrets are encrypted under k2);
//! 2. run `ponte-relay secrets reencrypt` once (same keys): every secret under another key
//!    is rewritten under k2; it prints how many;
//! 3. drop the old key: `PONTE_RELAY_SECRETS_KEYS=k2:NEW` (or `PONTE_RELAY_SECRETS_KEY`),
//!    restart the relays one at a time, then destroy the old key.
//!
//! A relay started with a key missing refuses to start instead of refusing webhooks: step 3
//! before step 2 is caught at once. The admin CLI (`channel ...`, `secrets reencrypt`)
//! takes the keys the same way as `serve`.
//!
//! **Upgrading** a database from before this (clear secrets): on the first start with this
//! version, after the SQL migrations, each store converts its clear secrets (digests need no
//! key; HMAC and Standard ones need a key, or the relay refuses to start and says so), then
//! rewrites the SQLite file (`VACUUM`) or the PostgreSQL table (`VACUUM FULL`) so no freed
//! page keeps the old text. Backups, and PostgreSQL's WAL archive, from before the upgrade
//! still hold the clear secrets: if those may leak, rotate the channels' secrets
//! (`ponte-relay channel rotate-secret`).

use crate::error::{RelayError, Result};
use crate::store::SecretValue;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use ponte_webhooks::AuthMode;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The key bytes: ChaCha20-Poly1305's key size.
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
/// Key ids go into the database and into error messages: short and plain.
const MAX_KEY_ID_LEN: usize = 32;
/// Binds the associated data to this use, so a ciphertext made for anything else with the
/// same key does not open here.
const AAD_LABEL: &[u8] = b"ponte-relay ingest secret v1";

/// What to tell an operator whose relay lacks a key.
const HOW_TO_GIVE_KEYS: &str = "defina PONTE_RELAY_SECRETS_KEYS=id:base64 (ou PONTE_RELAY_SECRETS_KEY=base64, ou --secrets-key-file ARQUIVO) com a chave usada até agora";

/// The server keys a relay encrypts HMAC and Standard secrets with: the first encrypts,
/// every one decrypts. Cheap to clone.
#[derive(Clone)]
pub struct SecretsKeys {
    keys: Arc<[NamedKey]>,
}

struct NamedKey {
    id: String,
    cipher: ChaCha20Poly1305,
}

/// Only the ids: the keys never reach a log.
impl fmt::Debug for SecretsKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.keys.iter().map(|key| &key.id))
            .finish()
    }
}

impl SecretsKeys {
    /// No key: bearer and url-token channels only.
    pub fn none() -> SecretsKeys {
        SecretsKeys { keys: Arc::new([]) }
    }

    /// One fresh random key, for a database that lives no longer than the keys do.
    pub fn generate() -> SecretsKeys {
        let bytes: [u8; KEY_LEN] = rand::random();
        SecretsKeys::from_named(vec![(fingerprint(&bytes), bytes)])
            .unwrap_or_else(|_| SecretsKeys::none())
    }

    /// One random key shared by every store this process opens without keys of its own
    /// (`SqliteStore::open`, `open_store`): the demo, whose relay file is new at each
    /// launch, and the tests. A database kept past the process needs the operator's keys
    /// (`open_store_with_keys`); reopened with another process's key, it refuses to open.
    pub fn for_this_process() -> SecretsKeys {
        static KEYS: OnceLock<SecretsKeys> = OnceLock::new();
        KEYS.get_or_init(SecretsKeys::generate).clone()
    }

    /// Parses `id:base64` and bare `base64` entries separated by commas or new lines;
    /// blank lines and `#` comments are skipped. The first entry encrypts.
    pub fn parse(text: &str) -> Result<SecretsKeys> {
        let mut named = Vec::new();
        for entry in text
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
        {
            let (id, encoded) = match entry.split_once(':') {
                Some((id, encoded)) => (Some(id.trim()), encoded.trim()),
                None => (None, entry),
            };
            let bytes: [u8; KEY_LEN] = STANDARD
                .decode(encoded)
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or_else(|| {
                    invalid("uma chave não é base64 de 32 bytes (gere com `head -c 32 /dev/urandom | base64`)")
                })?;
            let id = id.map_or_else(|| fingerprint(&bytes), str::to_string);
            named.push((id, bytes));
        }
        if named.is_empty() {
            return Err(invalid("nenhuma chave informada"));
        }
        SecretsKeys::from_named(named)
    }

    /// Reads `parse`'s format from `path`, which its owner alone may read.
    pub fn from_file(path: &Path) -> Result<SecretsKeys> {
        use std::os::unix::fs::MetadataExt;
        let shown = path.display();
        let unreadable = |error: std::io::Error| {
            RelayError::SecretsKey(format!(
                "Não foi possível ler o arquivo de chaves {shown}: {error}."
            ))
        };
        let mode = std::fs::metadata(path).map_err(unreadable)?.mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(RelayError::SecretsKey(format!(
                "O arquivo de chaves {shown} pode ser lido por outros usuários (modo {mode:04o}). \
                 Rode `chmod 600 {shown}` e inicie de novo."
            )));
        }
        let text = std::fs::read_to_string(path).map_err(unreadable)?;
        SecretsKeys::parse(&text)
    }

    fn from_named(named: Vec<(String, [u8; KEY_LEN])>) -> Result<SecretsKeys> {
        let mut keys: Vec<NamedKey> = Vec::with_capacity(named.len());
        for (id, bytes) in named {
            let plain = id
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
            if id.is_empty() || id.len() > MAX_KEY_ID_LEN || !plain {
                return Err(invalid(
                    "o id de uma chave tem de 1 a 32 letras, dígitos, '-', '_' ou '.'",
                ));
            }
            if keys.iter().any(|key| key.id == id) {
                return Err(RelayError::SecretsKey(format!(
                    "Chaves de segredos: o id {id} aparece duas vezes. Dê um id diferente a cada chave."
                )));
            }
            let cipher = ChaCha20Poly1305::new_from_slice(&bytes)
                .map_err(|_| invalid("uma chave não tem 32 bytes"))?;
            keys.push(NamedKey { id, cipher });
        }
        Ok(SecretsKeys { keys: keys.into() })
    }

    /// The id new secrets are encrypted under, if there is a key.
    pub fn current_id(&self) -> Option<&str> {
        self.keys.first().map(|key| key.id.as_str())
    }

    /// How `secret`, a `mode` channel's ingest secret, is kept at rest.
    pub(crate) fn store(
        &self,
        mode: AuthMode,
        channel_id: &str,
        secret: &str,
    ) -> Result<StoredSecret> {
        match mode {
            AuthMode::Bearer | AuthMode::UrlToken => Ok(StoredSecret::Digest(
                Sha256::digest(secret.as_bytes()).into(),
            )),
            AuthMode::Hmac | AuthMode::Standard => {
                let key = self.keys.first().ok_or_else(|| {
                    RelayError::SecretsKey(format!(
                        "Canais {mode} guardam o segredo cifrado e este relay não tem chave de segredos: \
                         defina PONTE_RELAY_SECRETS_KEY (base64 de 32 bytes, gere com \
                         `head -c 32 /dev/urandom | base64`) ou use --secrets-key-file."
                    ))
                })?;
                Ok(StoredSecret::Sealed {
                    sealed: seal(key, channel_id, secret)?,
                    key_id: key.id.clone(),
                })
            }
        }
    }

    /// A secret row read back: its digest, or its decrypted key.
    pub(crate) fn read(
        &self,
        channel_id: &str,
        digest: Option<Vec<u8>>,
        sealed: Option<Vec<u8>>,
        key_id: Option<String>,
    ) -> Result<SecretValue> {
        match (digest, sealed, key_id) {
            (Some(digest), None, None) => {
                let digest: [u8; 32] = digest
                    .try_into()
                    .map_err(|_| corrupt(channel_id, "digest sem 32 bytes"))?;
                Ok(SecretValue::Sha256(digest))
            }
            (None, Some(sealed), Some(key_id)) => {
                let key = self.key(&key_id)?;
                Ok(SecretValue::Clear(open(key, channel_id, &sealed)?))
            }
            _ => Err(corrupt(channel_id, "sem digest nem segredo cifrado")),
        }
    }

    /// The secret sealed again under the current key; `None` when it already is.
    pub(crate) fn reseal(
        &self,
        channel_id: &str,
        key_id: &str,
        sealed: &[u8],
    ) -> Result<Option<StoredSecret>> {
        let current = self.keys.first().ok_or_else(|| {
            RelayError::SecretsKey(format!(
                "Recifrar precisa das chaves: {HOW_TO_GIVE_KEYS}, com a nova primeiro."
            ))
        })?;
        if current.id == key_id {
            return Ok(None);
        }
        let secret = open(self.key(key_id)?, channel_id, sealed)?;
        Ok(Some(StoredSecret::Sealed {
            sealed: seal(current, channel_id, &secret)?,
            key_id: current.id.clone(),
        }))
    }

    /// Refuses to go on when the database holds secrets under a key this relay lacks.
    pub(crate) fn check_known<'a>(&self, key_ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for key_id in key_ids {
            self.key(key_id)?;
        }
        Ok(())
    }

    fn key(&self, key_id: &str) -> Result<&NamedKey> {
        self.keys.iter().find(|key| key.id == key_id).ok_or_else(|| {
            if self.keys.is_empty() {
                RelayError::SecretsKey(format!(
                    "Este relay guarda segredos de canais HMAC/Standard cifrados com a chave {key_id} \
                     e foi iniciado sem chave de segredos: {HOW_TO_GIVE_KEYS}."
                ))
            } else {
                RelayError::SecretsKey(format!(
                    "Este relay guarda segredos cifrados com a chave {key_id}, que não está entre \
                     as informadas ({}): {HOW_TO_GIVE_KEYS}.",
                    self.keys
                        .iter()
                        .map(|key| key.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        })
    }
}

/// A secret as a row keeps it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum StoredSecret {
    /// Bearer and url-token: SHA-256 of the secret.
    Digest([u8; 32]),
    /// HMAC and Standard: nonce + ciphertext + tag, under the key `key_id`.
    Sealed { key_id: String, sealed: Vec<u8> },
}

impl StoredSecret {
    /// The `(secret_digest, secret_sealed, key_id)` columns.
    pub(crate) fn columns(&self) -> (Option<&[u8]>, Option<&[u8]>, Option<&str>) {
        match self {
            StoredSecret::Digest(digest) => (Some(digest.as_slice()), None, None),
            StoredSecret::Sealed { key_id, sealed } => {
                (None, Some(sealed.as_slice()), Some(key_id.as_str()))
            }
        }
    }
}

fn seal(key: &NamedKey, channel_id: &str, secret: &str) -> Result<Vec<u8>> {
    let nonce: [u8; NONCE_LEN] = rand::random();
    let ciphertext = key
        .cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: secret.as_bytes(),
                aad: &aad(&key.id, channel_id),
            },
        )
        .map_err(|_| invalid("a cifragem falhou"))?;
    let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

fn open(key: &NamedKey, channel_id: &str, sealed: &[u8]) -> Result<String> {
    let broken = || corrupt(channel_id, "o segredo cifrado não abre com a chave dele");
    if sealed.len() < NONCE_LEN {
        return Err(broken());
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| broken())?;
    let clear = key
        .cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad(&key.id, channel_id),
            },
        )
        .map_err(|_| broken())?;
    String::from_utf8(clear).map_err(|_| broken())
}

/// Label, then the key id and the channel id, each length-prefixed so no two pairs
/// encode alike.
fn aad(key_id: &str, channel_id: &str) -> Vec<u8> {
    let mut aad = AAD_LABEL.to_vec();
    for part in [key_id, channel_id] {
        aad.extend_from_slice(&u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

/// The id of a key given without one: `k` + the first 8 hex digits of its SHA-256.
fn fingerprint(bytes: &[u8; KEY_LEN]) -> String {
    format!("k{}", &hex::encode(Sha256::digest(bytes))[..8])
}

fn invalid(detail: &str) -> RelayError {
    RelayError::SecretsKey(format!("Chaves de segredos inválidas: {detail}."))
}

fn corrupt(channel_id: &str, detail: &str) -> RelayError {
    RelayError::CorruptRecord {
        detail: format!("segredo do canal {channel_id}: {detail}"),
    }
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
