//! Payloads sealed to the desktop: what the relay keeps of a delivery (its body and the
//! headers Ponte needs) encrypted to the desktop's X25519 key, and optionally to a recovery
//! key, so that the relay's database, its backups and its operator hold only ciphertext.
//!
//! **Scheme (v2): sealing sessions.** The relay pays for the asymmetric work once per
//! [`SealingSession`] (one channel, one recipient set), not once per event: for each
//! recipient it runs one HPKE sender setup (RFC 9180 base mode: DHKEM(X25519, HKDF-SHA256),
//! HKDF-SHA256, ChaCha20-Poly1305, `info` [`INFO`]), keeps its encapsulated key `enc`, and
//! takes from that context a 32-byte key-encryption key with the RFC's secret export
//! (§5.3): `kek = Export("ponte relay kek v2", 32)`. Per event, only symmetric work: a fresh
//! random content key encrypts the payload (ChaCha20-Poly1305, random nonce), and the
//! content key is wrapped for each recipient with ChaCha20-Poly1305 under that recipient's
//! `kek` (random 96-bit nonce). The desktop derives `kek` from its secret key and `enc`
//! (one DH) and remembers it by `enc` ([`SealingKeyPair`] keeps a bounded cache), so a
//! drain of thousands of events of one session costs one DH too.
//!
//! Why: in v1 every event ran one HPKE setup per recipient (an X25519 key generation and
//! a DH, ~120 µs of CPU on the benchmark machine), which took the relay's ingest to 0.64
//! of its throughput without sealing (issue 18's goal is ≥ 0.9); a session makes that
//! work once per channel every few minutes, and an event's sealing a few µs.
//!
//! What a session shares: every event of a session is protected by one HPKE context's
//! exported secret; the content keys stay per event. A leaked `kek` (the relay's memory
//! while the session lives, or the desktop's cache) exposes that session of that one
//! channel, which the relay bounds in age and in event count (`ponte-relay`'s
//! `sealing_sessions`), never another channel's events or later ones. The relay could read
//! every payload in clear anyway as it arrives: what sealing protects is what it stores.
//! It is still RFC 9180 base mode: the setup, the key schedule and the exporter are the
//! RFC's, unchanged (the A.2.1 vector checks them, exported values included); only the
//! context's exporter is used instead of its sequence-numbered `Seal`, which would tie
//! the events of a session to an order the desktop does not open them in.
//!
//! **Binding (the AAD).** Both layers take the same AAD: a version label, the channel id,
//! the event id and every recipient's key id, each length-prefixed. The relay seals before
//! the commit assigns the seq, so the seq cannot be bound; the event id can, because the
//! relay knows it before sealing and serves it with the row: the provider's event id (or
//! the keyed hash of it the relay stores instead), and for a delivery that names none, an
//! id the relay draws with [`unnamed_event_id`]. A ciphertext copied into another channel,
//! or into a row of another event, then fails to open. Copying it with its event id into a
//! second row of the same channel only replays that event, which the desktop's inbox
//! already drops as a duplicate. Naming the key ids keeps a recipient from being stripped or
//! swapped unnoticed.
//!
//! What sealing does not give: authenticity. Anyone with the public key can seal, the relay
//! included; the desktop still checks the provider's signature on the opened payload, as it
//! did on plaintext.
//!
//! **Payload format**, big-endian: `u16` header count, then per header `u16` name length,
//! name, `u16` value length, value; the body is the rest.
//!
//! **Envelope format (v2)**: `b"PS2"`, `u8` recipient count (1 to [`MAX_RECIPIENTS`]), then
//! per recipient 8 bytes of key id, 32 bytes of the session's HPKE `enc`, the 12-byte wrap
//! nonce and 48 bytes of wrapped content key (32 + tag); then the payload's 12-byte nonce;
//! the payload's ciphertext (with its 16-byte tag) is the rest. Version 1 (`b"PS1"`, one
//! HPKE seal per recipient and event) is gone: nothing sealed with it was ever deployed.

use crate::error::WebhookError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, Payload as AeadPayload};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use hpke::aead::ChaCha20Poly1305 as HpkeChaCha;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, OpModeR, OpModeS, Serializable};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

type KemPublic = <X25519HkdfSha256 as Kem>::PublicKey;
type KemSecret = <X25519HkdfSha256 as Kem>::PrivateKey;
type Encapped = <X25519HkdfSha256 as Kem>::EncappedKey;

/// Recipients one envelope may name: the desktop's key, a recovery key, and room for a
/// rotation in flight.
pub const MAX_RECIPIENTS: usize = 4;
/// The HPKE `info` of every session's setup, and the AAD's label: the scheme's name and
/// version.
pub const INFO: &[u8] = b"ponte relay seal v2";
/// The exporter context a session's key-encryption key is exported under (RFC 9180 §5.3).
const KEK_CONTEXT: &[u8] = b"ponte relay kek v2";
const MAGIC: &[u8] = b"PS2";
const KEY_ID_LEN: usize = 8;
const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;
const ENC_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
const RECIPIENT_LEN: usize = KEY_ID_LEN + ENC_LEN + NONCE_LEN + WRAPPED_LEN;
/// Sessions whose `kek` one key pair remembers: a day of one channel's sessions renewed
/// every 10 minutes is 144; more channels or a long backlog still fit, and past this the
/// oldest is forgotten and costs one DH again if it comes back.
const KEKS_REMEMBERED: usize = 1024;

/// A key's short name: the first 8 bytes of the SHA-256 of its public key, as 16 hex
/// digits. Not secret; it tells the desktop which of its keys opens an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; KEY_ID_LEN]);

impl KeyId {
    fn of(public: &KemPublic) -> KeyId {
        let digest = Sha256::digest(public.to_bytes());
        let mut id = [0; KEY_ID_LEN];
        id.copy_from_slice(&digest[..KEY_ID_LEN]);
        KeyId(id)
    }

    pub fn parse(hex_id: &str) -> Result<KeyId, WebhookError> {
        let mut id = [0; KEY_ID_LEN];
        hex::decode_to_slice(hex_id, &mut id).map_err(|_| WebhookError::InvalidSealingKey {
            detail: "o id da chave não tem 16 dígitos hexadecimais",
        })?;
        Ok(KeyId(id))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// A recipient's public key, as the desktop registers it on its channels.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: KemPublic,
    id: KeyId,
}

impl PublicKey {
    /// The 32-byte X25519 key in standard base64.
    pub fn from_base64(text: &str) -> Result<PublicKey, WebhookError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| WebhookError::InvalidSealingKey {
                detail: "a chave pública não é base64",
            })?;
        let key = KemPublic::from_bytes(&bytes).map_err(|_| WebhookError::InvalidSealingKey {
            detail: "a chave pública não é uma chave X25519 de 32 bytes",
        })?;
        let id = KeyId::of(&key);
        Ok(PublicKey { key, id })
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.key.to_bytes())
    }

    pub fn id(&self) -> KeyId {
        self.id
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id)
    }
}

/// A key pair that opens envelopes: the desktop's (its secret in the OS keyring) or the
/// recovery key (its secret in a file the operator keeps). `Debug` never shows the secret.
///
/// It remembers the key-encryption keys it derived, by the session's `enc` (bounded, the
/// oldest forgotten first), so that opening the events of one session costs one DH; its
/// clones share that memory.
#[derive(Clone)]
pub struct SealingKeyPair {
    secret: KemSecret,
    public: PublicKey,
    keks: Arc<Mutex<KekCache>>,
}

impl SealingKeyPair {
    pub fn generate() -> SealingKeyPair {
        let (secret, key) = X25519HkdfSha256::gen_keypair();
        SealingKeyPair::from_parts(secret, key)
    }

    /// The pair back from [`SealingKeyPair::secret_base64`].
    pub fn from_secret_base64(text: &str) -> Result<SealingKeyPair, WebhookError> {
        let invalid = || WebhookError::InvalidSealingKey {
            detail: "a chave privada não é uma chave X25519 de 32 bytes em base64",
        };
        let bytes = STANDARD.decode(text.trim()).map_err(|_| invalid())?;
        let secret = KemSecret::from_bytes(&bytes).map_err(|_| invalid())?;
        let key = X25519HkdfSha256::sk_to_pk(&secret);
        Ok(SealingKeyPair::from_parts(secret, key))
    }

    fn from_parts(secret: KemSecret, key: KemPublic) -> SealingKeyPair {
        let id = KeyId::of(&key);
        SealingKeyPair {
            secret,
            public: PublicKey { key, id },
            keks: Arc::default(),
        }
    }

    /// The secret in standard base64: only for the keyring entry or the recovery file.
    pub fn secret_base64(&self) -> String {
        STANDARD.encode(self.secret.to_bytes())
    }

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    pub fn id(&self) -> KeyId {
        self.public.id
    }
}

impl fmt::Debug for SealingKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SealingKeyPair({}, secret redacted)", self.public.id)
    }
}

impl SealingKeyPair {
    /// The key-encryption key of the session `enc` names: remembered, or derived (one DH)
    /// and not yet remembered; [`SealingKeyPair::remember`] keeps it once it opened
    /// something, so a forged `enc` never pushes a real session out.
    fn kek(&self, enc: &[u8; ENC_LEN]) -> Result<(ChaCha20Poly1305, bool), WebhookError> {
        if let Some(kek) = self.cache().get(enc) {
            return Ok((kek.clone(), true));
        }
        let broken = |_| WebhookError::SealBroken;
        let encapped = Encapped::from_bytes(enc).map_err(broken)?;
        let context = hpke::setup_receiver::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &self.secret,
            &encapped,
            INFO,
        )
        .map_err(broken)?;
        let mut kek = [0; KEY_LEN];
        context.export(KEK_CONTEXT, &mut kek).map_err(broken)?;
        Ok((content_cipher(&kek)?, false))
    }

    fn remember(&self, enc: [u8; ENC_LEN], kek: ChaCha20Poly1305) {
        self.cache().insert(enc, kek);
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, KekCache> {
        // A cache, whole after any panic of its holder.
        self.keks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Key-encryption keys by `enc`, at most [`KEKS_REMEMBERED`], the oldest forgotten first.
#[derive(Default)]
struct KekCache {
    keks: HashMap<[u8; ENC_LEN], ChaCha20Poly1305>,
    order: VecDeque<[u8; ENC_LEN]>,
}

impl KekCache {
    fn get(&self, enc: &[u8; ENC_LEN]) -> Option<&ChaCha20Poly1305> {
        self.keks.get(enc)
    }

    fn insert(&mut self, enc: [u8; ENC_LEN], kek: ChaCha20Poly1305) {
        if self.keks.insert(enc, kek).is_some() {
            return;
        }
        self.order.push_back(enc);
        if self.order.len() > KEKS_REMEMBERED
            && let Some(oldest) = self.order.pop_front()
        {
            self.keks.remove(&oldest);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.keks.len()
    }
}

/// What the relay keeps of a delivery: the kept headers (lowercase names) and the exact
/// body bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedContent {
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl SealedContent {
    /// The payload format of the module doc.
    pub fn encode(&self) -> Result<Vec<u8>, WebhookError> {
        let too_long = || WebhookError::Malformed {
            detail: "cabeçalhos grandes demais para selar",
        };
        let headers_len: usize = self
            .headers
            .iter()
            .map(|(n, v)| 4 + n.len() + v.len())
            .sum();
        let mut out = Vec::with_capacity(2 + headers_len + self.body.len());
        let count = u16::try_from(self.headers.len()).map_err(|_| too_long())?;
        out.extend_from_slice(&count.to_be_bytes());
        for (name, value) in &self.headers {
            for part in [name, value] {
                let len = u16::try_from(part.len()).map_err(|_| too_long())?;
                out.extend_from_slice(&len.to_be_bytes());
                out.extend_from_slice(part.as_bytes());
            }
        }
        out.extend_from_slice(&self.body);
        Ok(out)
    }

    pub fn decode(bytes: &[u8]) -> Result<SealedContent, WebhookError> {
        let malformed = || WebhookError::Malformed {
            detail: "o conteúdo aberto não segue o formato selado",
        };
        let mut reader = Reader(bytes);
        let count = reader.u16().ok_or_else(malformed)?;
        let mut headers = BTreeMap::new();
        for _ in 0..count {
            let mut text = || {
                let len = reader.u16()?;
                let part = reader.take(usize::from(len))?;
                String::from_utf8(part.to_vec()).ok()
            };
            let (Some(name), Some(value)) = (text(), text()) else {
                return Err(malformed());
            };
            headers.insert(name, value);
        }
        Ok(SealedContent {
            headers,
            body: reader.0.to_vec(),
        })
    }
}

/// Which row an envelope belongs to; see the module doc for why the event id and not the
/// seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealContext<'a> {
    pub channel_id: &'a str,
    pub event_id: &'a str,
}

impl SealContext<'_> {
    fn aad(&self, key_ids: &[KeyId]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64 + self.channel_id.len() + self.event_id.len());
        aad.extend_from_slice(INFO);
        for part in [self.channel_id, self.event_id] {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            aad.extend_from_slice(&(part.len() as u64).to_be_bytes());
            aad.extend_from_slice(part.as_bytes());
        }
        aad.push(key_ids.len() as u8);
        for id in key_ids {
            aad.extend_from_slice(&id.0);
        }
        aad
    }
}

/// An id for a delivery that names no event of its own, drawn by the relay before sealing
/// so that its envelope is bound to one row all the same.
pub fn unnamed_event_id() -> String {
    format!("{UNNAMED_PREFIX}{}", crate::random_token())
}

const UNNAMED_PREFIX: &str = "relay-";

/// Whether `event_id` is one [`unnamed_event_id`] drew: the desktop then names the event
/// by its body, as it names a delivery without an id. A provider's own id of this form
/// (only a Standard sender could sign one) is then named by its body on the desktop too,
/// which changes nothing but the inbox's name for it.
pub fn is_unnamed_event_id(event_id: &str) -> bool {
    event_id.starts_with(UNNAMED_PREFIX)
}

/// A sealed payload, as the relay stores it and the desktop pulls it.
#[derive(Clone, PartialEq, Eq)]
pub struct Envelope {
    recipients: Vec<Recipient>,
    nonce: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq)]
struct Recipient {
    id: KeyId,
    /// The session's encapsulated key: the same in every envelope of the session.
    enc: [u8; ENC_LEN],
    wrap_nonce: [u8; NONCE_LEN],
    wrapped_key: [u8; WRAPPED_LEN],
}

impl Envelope {
    /// The recipients' key ids, in the envelope's order.
    pub fn key_ids(&self) -> Vec<KeyId> {
        self.recipients.iter().map(|r| r.id).collect()
    }

    /// The envelope format of the module doc.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            MAGIC.len()
                + 1
                + self.recipients.len() * RECIPIENT_LEN
                + NONCE_LEN
                + self.ciphertext.len(),
        );
        out.extend_from_slice(MAGIC);
        out.push(self.recipients.len() as u8);
        for recipient in &self.recipients {
            out.extend_from_slice(&recipient.id.0);
            out.extend_from_slice(&recipient.enc);
            out.extend_from_slice(&recipient.wrap_nonce);
            out.extend_from_slice(&recipient.wrapped_key);
        }
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.ciphertext);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Envelope, WebhookError> {
        let malformed = || WebhookError::Malformed {
            detail: "o envelope selado está truncado ou não é da versão 2",
        };
        let mut reader = Reader(bytes);
        if reader.take(MAGIC.len()) != Some(MAGIC) {
            return Err(malformed());
        }
        let count = usize::from(*reader.take(1).ok_or_else(malformed)?.first().unwrap_or(&0));
        if count == 0 || count > MAX_RECIPIENTS {
            return Err(malformed());
        }
        let mut recipients = Vec::with_capacity(count);
        for _ in 0..count {
            let (Some(id), Some(enc), Some(wrap_nonce), Some(wrapped_key)) = (
                reader.array::<KEY_ID_LEN>(),
                reader.array::<ENC_LEN>(),
                reader.array::<NONCE_LEN>(),
                reader.array::<WRAPPED_LEN>(),
            ) else {
                return Err(malformed());
            };
            recipients.push(Recipient {
                id: KeyId(id),
                enc,
                wrap_nonce,
                wrapped_key,
            });
        }
        let nonce = reader.array::<NONCE_LEN>().ok_or_else(malformed)?;
        if reader.0.len() < TAG_LEN {
            return Err(malformed());
        }
        Ok(Envelope {
            recipients,
            nonce,
            ciphertext: reader.0.to_vec(),
        })
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.to_bytes())
    }

    pub fn from_base64(text: &str) -> Result<Envelope, WebhookError> {
        let bytes = STANDARD.decode(text).map_err(|_| WebhookError::Malformed {
            detail: "o envelope selado não é base64",
        })?;
        Envelope::from_bytes(&bytes)
    }
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<String> = self.recipients.iter().map(|r| r.id.to_string()).collect();
        write!(
            f,
            "Envelope(to {}, {} bytes)",
            ids.join(","),
            self.ciphertext.len()
        )
    }
}

/// One channel's sealing session to one recipient set: per recipient, the `enc` of one
/// HPKE sender setup and the key-encryption key exported from it (see the module doc).
/// Sealing an event with it is symmetric work only. `Debug` never shows a key.
pub struct SealingSession {
    recipients: Vec<SessionRecipient>,
}

struct SessionRecipient {
    id: KeyId,
    enc: [u8; ENC_LEN],
    kek: ChaCha20Poly1305,
}

impl SealingSession {
    /// A session to every one of `recipients` (1 to [`MAX_RECIPIENTS`], distinct): one
    /// HPKE setup (an X25519 key generation and DH) per recipient.
    pub fn new(recipients: &[PublicKey]) -> Result<SealingSession, WebhookError> {
        let ids: Vec<KeyId> = recipients.iter().map(PublicKey::id).collect();
        let distinct = ids.iter().collect::<std::collections::BTreeSet<_>>().len();
        if ids.is_empty() || ids.len() > MAX_RECIPIENTS || distinct != ids.len() {
            return Err(WebhookError::InvalidSealingKey {
                detail: "um envelope leva de 1 a 4 chaves distintas",
            });
        }
        let failed = |_| WebhookError::SealFailed;
        let mut session = Vec::with_capacity(recipients.len());
        for recipient in recipients {
            let (enc, context) = hpke::setup_sender::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Base,
                &recipient.key,
                INFO,
            )
            .map_err(failed)?;
            let mut kek = [0; KEY_LEN];
            context.export(KEK_CONTEXT, &mut kek).map_err(failed)?;
            let enc = enc
                .to_bytes()
                .as_slice()
                .try_into()
                .map_err(|_| WebhookError::SealFailed)?;
            session.push(SessionRecipient {
                id: recipient.id,
                enc,
                kek: content_cipher(&kek).map_err(|_| WebhookError::SealFailed)?,
            });
        }
        Ok(SealingSession {
            recipients: session,
        })
    }

    /// The recipients' key ids, in the session's order.
    pub fn key_ids(&self) -> Vec<KeyId> {
        self.recipients.iter().map(|r| r.id).collect()
    }

    /// Seals `content` for the row `context` names: a fresh content key, wrapped under
    /// each recipient's key-encryption key.
    pub fn seal(
        &self,
        content: &SealedContent,
        context: &SealContext<'_>,
    ) -> Result<Envelope, WebhookError> {
        let aad = context.aad(&self.key_ids());
        let failed = |_| WebhookError::SealFailed;
        let content_key: [u8; KEY_LEN] = rand::random();
        let nonce: [u8; NONCE_LEN] = rand::random();
        let ciphertext = content_cipher(&content_key)
            .map_err(|_| WebhookError::SealFailed)?
            .encrypt(
                &Nonce::from(nonce),
                AeadPayload {
                    msg: &content.encode()?,
                    aad: &aad,
                },
            )
            .map_err(failed)?;
        let mut recipients = Vec::with_capacity(self.recipients.len());
        for recipient in &self.recipients {
            let wrap_nonce: [u8; NONCE_LEN] = rand::random();
            let wrapped = recipient
                .kek
                .encrypt(
                    &Nonce::from(wrap_nonce),
                    AeadPayload {
                        msg: &content_key,
                        aad: &aad,
                    },
                )
                .map_err(failed)?;
            recipients.push(Recipient {
                id: recipient.id,
                enc: recipient.enc,
                wrap_nonce,
                wrapped_key: wrapped.try_into().map_err(|_| WebhookError::SealFailed)?,
            });
        }
        Ok(Envelope {
            recipients,
            nonce,
            ciphertext,
        })
    }
}

impl fmt::Debug for SealingSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<String> = self.recipients.iter().map(|r| r.id.to_string()).collect();
        write!(f, "SealingSession(to {}, keys redacted)", ids.join(","))
    }
}

/// Seals `content` to every one of `recipients` in a session of its own: one HPKE setup
/// per recipient for this one event. For a single envelope (tests, tools); the relay keeps
/// its sessions instead.
pub fn seal(
    content: &SealedContent,
    context: &SealContext<'_>,
    recipients: &[PublicKey],
) -> Result<Envelope, WebhookError> {
    SealingSession::new(recipients)?.seal(content, context)
}

/// Opens `envelope` with whichever of `keys` it was sealed to; a key derives its session's
/// key-encryption key once (one DH) and remembers it for the session's next events.
///
/// - [`WebhookError::SealedToOtherKey`]: none of `keys` is a recipient (a lost or replaced
///   key; only the recovery key, if registered, opens it now);
/// - [`WebhookError::SealBroken`]: a key matches but the envelope does not open: its bytes
///   were altered, or it was moved to another channel or event. The two look alike on
///   purpose: AEAD tells only "not this".
pub fn open(
    envelope: &Envelope,
    context: &SealContext<'_>,
    keys: &[SealingKeyPair],
) -> Result<SealedContent, WebhookError> {
    let (recipient, key) = envelope
        .recipients
        .iter()
        .find_map(|r| keys.iter().find(|k| k.id() == r.id).map(|k| (r, k)))
        .ok_or_else(|| WebhookError::SealedToOtherKey {
            key_ids: envelope
                .key_ids()
                .iter()
                .map(KeyId::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let aad = context.aad(&envelope.key_ids());
    let broken = |_| WebhookError::SealBroken;
    let (kek, remembered) = key.kek(&recipient.enc)?;
    let content_key = kek
        .decrypt(
            &Nonce::from(recipient.wrap_nonce),
            AeadPayload {
                msg: &recipient.wrapped_key,
                aad: &aad,
            },
        )
        .map_err(broken)?;
    if !remembered {
        key.remember(recipient.enc, kek);
    }
    let plain = content_cipher(&content_key)?
        .decrypt(
            &Nonce::from(envelope.nonce),
            AeadPayload {
                msg: &envelope.ciphertext,
                aad: &aad,
            },
        )
        .map_err(broken)?;
    SealedContent::decode(&plain)
}

/// The payload's cipher under `key`; a key of another length (which a well-formed envelope
/// cannot carry) is a broken seal.
fn content_cipher(key: &[u8]) -> Result<ChaCha20Poly1305, WebhookError> {
    ChaCha20Poly1305::new_from_slice(key).map_err(|_| WebhookError::SealBroken)
}

/// A cursor over bytes that never reads past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if self.0.len() < len {
            return None;
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(head)
    }

    fn u16(&mut self) -> Option<u16> {
        self.array::<2>().map(u16::from_be_bytes)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
}

#[cfg(test)]
#[path = "seal_tests.rs"]
mod tests;
