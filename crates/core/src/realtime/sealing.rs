//! The desktop's sealing keys: the X25519 key pair the relay seals this install's events
//! to (`ponte_webhooks::seal`), its secret in the OS keyring under one entry for the whole
//! install, made the first time a channel needs it. A rotation keeps every earlier secret,
//! by key id, so events sealed before it still open. The optional recovery key's secret is
//! written once to a file the operator keeps elsewhere; only its public half stays here, to
//! be registered beside the desktop's key.
//!
//! Every channel this install follows has the current recipients registered on it: when
//! it is connected (`connect_relay`), and again after a rotation or a recovery key's
//! export ([`Realtime::rotate_sealing_key`], [`Realtime::export_recovery_key`]).
//!
//! The pollers read the keys lazily ([`OpeningKeys`]): a relay that does not seal never
//! makes them touch the keyring.

use super::channels::register_keys;
use super::service::Realtime;
use crate::credentials::{CredentialStore, Secret};
use crate::error::{Error, Result};
use crate::locks::lock;
use ponte_webhooks::relay_api::{EventPage, KeyRole, RecipientKey};
use ponte_webhooks::seal::{PublicKey, SealingKeyPair};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The keyring entry's JSON.
#[derive(Serialize, Deserialize)]
struct Filed {
    /// The key id of the key channels register now.
    current: String,
    /// Every secret this install had, by key id, the current one included.
    secrets: BTreeMap<String, String>,
    /// The recovery key's public half, when the operator exported one.
    #[serde(default)]
    recovery: Option<String>,
}

/// This install's keys, as read from the keyring.
#[derive(Debug, Clone)]
pub struct DesktopKeys {
    current: SealingKeyPair,
    /// Every key that may open an event, the current one first.
    opening: Vec<SealingKeyPair>,
    recovery: Option<PublicKey>,
}

impl DesktopKeys {
    fn new() -> DesktopKeys {
        let current = SealingKeyPair::generate();
        DesktopKeys {
            opening: vec![current.clone()],
            current,
            recovery: None,
        }
    }

    fn from_filed(json: &Secret) -> Result<DesktopKeys> {
        let damaged = |detail: &str| Error::KeyringUnavailable {
            detail: format!(
                "a entrada das chaves de selagem está danificada ({detail}); os eventos selados para ela não abrem mais"
            ),
        };
        let filed: Filed =
            serde_json::from_str(json.expose()).map_err(|_| damaged("não é JSON válido"))?;
        let mut opening = Vec::with_capacity(filed.secrets.len());
        for secret in filed.secrets.values() {
            opening.push(
                SealingKeyPair::from_secret_base64(secret).map_err(|e| damaged(&e.to_string()))?,
            );
        }
        let at = opening
            .iter()
            .position(|key| key.id().to_string() == filed.current)
            .ok_or_else(|| damaged("a chave atual não está entre as guardadas"))?;
        let current = opening.remove(at);
        opening.insert(0, current.clone());
        let recovery = filed
            .recovery
            .as_deref()
            .map(PublicKey::from_base64)
            .transpose()
            .map_err(|e| damaged(&e.to_string()))?;
        Ok(DesktopKeys {
            current,
            opening,
            recovery,
        })
    }

    fn to_filed(&self) -> Result<Secret> {
        let filed = Filed {
            current: self.current.id().to_string(),
            secrets: self
                .opening
                .iter()
                .map(|key| (key.id().to_string(), key.secret_base64()))
                .collect(),
            recovery: self.recovery.as_ref().map(PublicKey::to_base64),
        };
        serde_json::to_string(&filed)
            .map(Secret::new)
            .map_err(|e| Error::InvalidInput {
                field: "chaves de selagem",
                detail: e.to_string(),
            })
    }

    /// A new current key; the old ones keep opening what was sealed to them.
    fn rotated(mut self) -> DesktopKeys {
        self.current = SealingKeyPair::generate();
        self.opening.insert(0, self.current.clone());
        self
    }

    /// `key` (a recovery key read back from its file) opens events too, and stays the
    /// recovery recipient channels register.
    fn opening_too(mut self, key: SealingKeyPair) -> DesktopKeys {
        self.recovery = Some(key.public().clone());
        if !self.opening.iter().any(|known| known.id() == key.id()) {
            self.opening.push(key);
        }
        self
    }

    pub fn current(&self) -> &SealingKeyPair {
        &self.current
    }

    pub fn opening(&self) -> &[SealingKeyPair] {
        &self.opening
    }

    pub fn recovery(&self) -> Option<&PublicKey> {
        self.recovery.as_ref()
    }

    /// What a channel registers: the desktop's current key, and the recovery key if any.
    pub fn recipients(&self) -> Vec<RecipientKey> {
        std::iter::once(RecipientKey::new(self.current.public(), KeyRole::Desktop))
            .chain(
                self.recovery
                    .iter()
                    .map(|key| RecipientKey::new(key, KeyRole::Recovery)),
            )
            .collect()
    }
}

/// The keys, made and filed on first need.
pub async fn desktop_keys(credentials: &CredentialStore) -> Result<DesktopKeys> {
    if let Some(json) = credentials.load_sealing_keys().await? {
        return DesktopKeys::from_filed(&json);
    }
    let keys = DesktopKeys::new();
    credentials.save_sealing_keys(&keys.to_filed()?).await?;
    Ok(keys)
}

/// A new current key, the old ones kept. Channels seal to the new one once it is
/// registered on them.
pub async fn rotate_desktop_key(credentials: &CredentialStore) -> Result<DesktopKeys> {
    let keys = desktop_keys(credentials).await?.rotated();
    credentials.save_sealing_keys(&keys.to_filed()?).await?;
    Ok(keys)
}

impl Realtime {
    /// `ponte relay chave-recuperacao ARQUIVO`: see [`export_recovery_key`]; then the
    /// recovery key is registered beside the desktop's on every channel followed.
    pub async fn export_recovery_key(&self, path: &Path) -> Result<String> {
        let id = export_recovery_key(self.credentials(), path).await?;
        let keys = desktop_keys(self.credentials()).await?;
        self.register_everywhere(&keys).await?;
        Ok(id)
    }

    /// `ponte relay usar-chave-recuperacao ARQUIVO`: the recovery key's secret, read back
    /// from the file `export_recovery_key` wrote, joins the keys that open events (after
    /// the keyring's entry was lost, say), and the keys are registered again on every
    /// channel followed. Events quarantined as sealed to another key open with
    /// "Reprocessar" afterwards. Answers the recovery key's id.
    pub async fn use_recovery_key(&self, path: &Path) -> Result<String> {
        let recovery = read_recovery_file(path)?;
        let id = recovery.id().to_string();
        let keys = desktop_keys(self.credentials())
            .await?
            .opening_too(recovery);
        self.credentials()
            .save_sealing_keys(&keys.to_filed()?)
            .await?;
        self.register_everywhere(&keys).await?;
        Ok(id)
    }

    /// A new desktop key (the old ones kept, so what was sealed to them still opens),
    /// registered on every channel followed. Answers its key id.
    pub async fn rotate_sealing_key(&self) -> Result<String> {
        let keys = rotate_desktop_key(self.credentials()).await?;
        self.register_everywhere(&keys).await?;
        Ok(keys.current().id().to_string())
    }

    /// Registers `keys` on every channel this install follows. Tries them all; a relay
    /// that is down keeps sealing that channel to the previous keys, which still open, and
    /// the first failure is answered so the operator can run it again.
    async fn register_everywhere(&self, keys: &DesktopKeys) -> Result<()> {
        let mut first_failure = None;
        for channel in self.store().relay_channels().await? {
            let registered = async {
                let integration = self.store().integration(channel.integration_id).await?;
                let secrets = self.credentials().load_relay(&integration).await?;
                register_keys(
                    &channel.relay_url,
                    &channel.channel,
                    &secrets.pull_token,
                    keys.recipients(),
                )
                .await
            }
            .await;
            if let Err(error) = registered {
                tracing::warn!(%error, channel = channel.channel, "chaves não registradas no canal");
                first_failure.get_or_insert(error);
            }
        }
        first_failure.map_or(Ok(()), Err)
    }
}

/// Makes a recovery key, writes its secret to `path` (a new file, readable by its owner
/// only) and files its public half beside the desktop's key, so that the channels opened
/// from now on seal to both. Answers its key id. The secret is never kept here: the file
/// is the only copy.
async fn export_recovery_key(credentials: &CredentialStore, path: &Path) -> Result<String> {
    let mut keys = desktop_keys(credentials).await?;
    let recovery = SealingKeyPair::generate();
    let id = recovery.id().to_string();
    let text = format!(
        "# Chave de recuperação da Ponte (eventos selados do relay), id {id}.\n\
         # Abre os eventos desta instalação se a chave do chaveiro se perder. Guarde este\n\
         # arquivo fora deste computador, em lugar seguro: quem o tiver lê os eventos.\n{}\n",
        recovery.secret_base64()
    );
    write_new_private_file(path, text.as_bytes())?;
    keys.recovery = Some(recovery.public().clone());
    credentials.save_sealing_keys(&keys.to_filed()?).await?;
    Ok(id)
}

/// The key in a file `export_recovery_key` wrote: its one line that is not a `#` comment.
fn read_recovery_file(path: &Path) -> Result<SealingKeyPair> {
    let invalid = |detail: String| Error::InvalidInput {
        field: "arquivo da chave de recuperação",
        detail,
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        invalid(format!(
            "não foi possível ler {}: {error}; confira o caminho do arquivo",
            path.display()
        ))
    })?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .ok_or_else(|| {
            invalid("o arquivo não tem a linha da chave; use o arquivo que `ponte relay chave-recuperacao` gravou".into())
        })?;
    SealingKeyPair::from_secret_base64(line).map_err(|error| {
        invalid(format!(
            "{error}; use o arquivo que `ponte relay chave-recuperacao` gravou, sem alterações"
        ))
    })
}

fn write_new_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |error: std::io::Error| Error::WriteFile {
        path: path.display().to_string(),
        detail: if error.kind() == std::io::ErrorKind::AlreadyExists {
            "o arquivo já existe; escolha um nome novo para não sobrescrever outra chave".into()
        } else {
            error.to_string()
        },
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)
}

/// The opening keys of one poller or replay, read from the keyring the first time a page
/// holds a sealed event, and again when an event names a key not among them (a rotation
/// by another process since).
///
/// Kept between pages, the keys also keep what they derived: each remembers the
/// key-encryption key of every relay session it opened (by key id and the session's `enc`,
/// bounded; see `ponte_webhooks::seal`), so a drain of thousands of events of one session
/// costs one DH, not one per event. A reload keeps the keys already held, and with them
/// that memory.
#[derive(Clone)]
pub struct OpeningKeys {
    credentials: CredentialStore,
    loaded: Arc<Mutex<Option<Arc<Vec<SealingKeyPair>>>>>,
}

impl OpeningKeys {
    pub fn new(credentials: CredentialStore) -> OpeningKeys {
        OpeningKeys {
            credentials,
            loaded: Arc::default(),
        }
    }

    /// The keys `page` needs: none for a page without sealed events. An install without
    /// keys yet gets an empty list, so its sealed events are quarantined as unreadable
    /// rather than opened by a key made now, which could not open them anyway.
    pub async fn for_page(&self, page: &EventPage) -> Result<Arc<Vec<SealingKeyPair>>> {
        let sealed: Vec<_> = page
            .events
            .iter()
            .filter_map(|e| e.sealed.as_ref())
            .collect();
        if sealed.is_empty() {
            return Ok(Arc::default());
        }
        let cached = lock(&self.loaded).clone();
        if let Some(keys) = &cached {
            let known = |id: &String| keys.iter().any(|key| key.id().to_string() == *id);
            if sealed.iter().all(|s| s.key_ids.iter().any(known)) {
                return Ok(Arc::clone(keys));
            }
        }
        let mut keys = match self.credentials.load_sealing_keys().await? {
            Some(json) => DesktopKeys::from_filed(&json)?.opening,
            None => Vec::new(),
        };
        if let Some(held) = &cached {
            for key in &mut keys {
                if let Some(same) = held.iter().find(|h| h.id() == key.id()) {
                    *key = same.clone();
                }
            }
        }
        let keys = Arc::new(keys);
        *lock(&self.loaded) = Some(Arc::clone(&keys));
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filed_keys_come_back_with_the_current_one_first() {
        let keys = DesktopKeys::new().rotated().rotated();
        let back = DesktopKeys::from_filed(&keys.to_filed().unwrap()).unwrap();
        assert_eq!(back.current().public(), keys.current().public());
        assert_eq!(back.opening().len(), 3);
        assert_eq!(back.opening()[0].public(), keys.current().public());
        let ids = |k: &DesktopKeys| {
            let mut ids: Vec<_> = k.opening().iter().map(|k| k.id()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&back), ids(&keys));
    }

    #[test]
    fn recipients_are_the_current_key_and_the_recovery_key() {
        let mut keys = DesktopKeys::new().rotated();
        assert_eq!(keys.recipients().len(), 1);
        assert_eq!(keys.recipients()[0].role, KeyRole::Desktop);
        let recovery = SealingKeyPair::generate();
        keys.recovery = Some(recovery.public().clone());
        let recipients = keys.recipients();
        assert_eq!(recipients.len(), 2);
        assert_eq!(
            recipients[0].public_key().unwrap(),
            *keys.current().public()
        );
        assert_eq!(recipients[1].public_key().unwrap(), *recovery.public());
        assert_eq!(recipients[1].role, KeyRole::Recovery);
    }

    #[test]
    fn a_damaged_entry_says_so_without_its_contents() {
        for json in ["not json", r#"{"current":"x","secrets":{}}"#] {
            let error = DesktopKeys::from_filed(&Secret::new(json))
                .err()
                .unwrap_or_else(|| panic!("{json} was accepted"));
            assert!(error.to_string().contains("danificada"), "{error}");
        }
        let keys = DesktopKeys::new();
        let broken = keys
            .to_filed()
            .unwrap()
            .expose()
            .replace(&keys.current().secret_base64(), "AAAA");
        let error = DesktopKeys::from_filed(&Secret::new(broken))
            .err()
            .unwrap_or_else(|| panic!("a broken secret was accepted"));
        assert!(error.to_string().contains("danificada"), "{error}");
        assert!(!error.to_string().contains("AAAA"));
    }

    #[test]
    fn the_recovery_file_is_new_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recuperacao.txt");
        write_new_private_file(&path, b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = write_new_private_file(&path, b"y")
            .err()
            .unwrap_or_else(|| panic!("an existing file was overwritten"));
        assert!(again.to_string().contains("já existe"), "{again}");
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }
}
