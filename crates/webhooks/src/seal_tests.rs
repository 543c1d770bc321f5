//! Tests of `seal.rs`: round trips, sessions and the opening side's memory of them, every
//! way an envelope must refuse to open, and the RFC 9180 A.2.1 vector (exported values
//! included) run through the same `hpke` calls the scheme uses.

use super::*;
use hpke::rand_core::{Infallible, TryCryptoRng, TryRng};

fn content() -> SealedContent {
    SealedContent {
        headers: BTreeMap::from([
            ("content-type".to_string(), "application/json".to_string()),
            ("webhook-id".to_string(), "msg_1".to_string()),
        ]),
        body: br#"{"event_id":"e1","valor":"123,45"}"#.to_vec(),
    }
}

const HERE: SealContext<'static> = SealContext {
    channel_id: "ch_a",
    event_id: "e1",
};

fn unwrap_err<T>(result: Result<T, WebhookError>) -> WebhookError {
    result
        .err()
        .unwrap_or_else(|| panic!("expected the envelope to refuse to open"))
}

#[test]
fn a_sealed_payload_opens_with_its_key_and_context() {
    let desktop = SealingKeyPair::generate();
    let envelope = seal(&content(), &HERE, &[desktop.public().clone()]).unwrap();
    let text = envelope.to_base64();
    let back = Envelope::from_base64(&text).unwrap();
    assert_eq!(back, envelope);
    assert_eq!(back.key_ids(), vec![desktop.id()]);
    assert_eq!(open(&back, &HERE, &[desktop]).unwrap(), content());
}

#[test]
fn the_body_is_not_in_the_envelope() {
    let desktop = SealingKeyPair::generate();
    let bytes = seal(&content(), &HERE, &[desktop.public().clone()])
        .unwrap()
        .to_bytes();
    let needle = b"123,45";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn the_events_of_one_session_open_with_one_derived_key() {
    let desktop = SealingKeyPair::generate();
    let session = SealingSession::new(&[desktop.public().clone()]).unwrap();
    let second = SealContext {
        channel_id: "ch_a",
        event_id: "e2",
    };
    let first_envelope = session.seal(&content(), &HERE).unwrap();
    let second_envelope = session.seal(&content(), &second).unwrap();
    // One session: one `enc`, while the content keys and nonces are the event's own.
    assert_eq!(
        first_envelope.recipients[0].enc,
        second_envelope.recipients[0].enc
    );
    assert_ne!(first_envelope.ciphertext, second_envelope.ciphertext);
    assert_ne!(
        first_envelope.recipients[0].wrapped_key,
        second_envelope.recipients[0].wrapped_key
    );
    assert_eq!(
        open(&first_envelope, &HERE, std::slice::from_ref(&desktop)).unwrap(),
        content()
    );
    assert_eq!(desktop.cache().len(), 1);
    // The second event opens with the remembered key: a clone of the pair (as a poller
    // holds it) shares that memory, and no second key is derived.
    let clone = desktop.clone();
    assert_eq!(
        open(&second_envelope, &second, &[clone]).unwrap(),
        content()
    );
    assert_eq!(desktop.cache().len(), 1);
    // Each envelope is still bound to its own event.
    assert_eq!(
        unwrap_err(open(
            &second_envelope,
            &HERE,
            std::slice::from_ref(&desktop)
        ))
        .code(),
        "seal_broken"
    );
}

#[test]
fn another_session_opens_too() {
    let desktop = SealingKeyPair::generate();
    let recipients = [desktop.public().clone()];
    let one = SealingSession::new(&recipients)
        .unwrap()
        .seal(&content(), &HERE)
        .unwrap();
    let other = SealingSession::new(&recipients)
        .unwrap()
        .seal(&content(), &HERE)
        .unwrap();
    assert_ne!(one.recipients[0].enc, other.recipients[0].enc);
    for envelope in [&one, &other] {
        assert_eq!(
            open(envelope, &HERE, std::slice::from_ref(&desktop)).unwrap(),
            content()
        );
    }
    assert_eq!(desktop.cache().len(), 2);
}

#[test]
fn a_forged_enc_is_not_remembered() {
    let desktop = SealingKeyPair::generate();
    let mut envelope = seal(&content(), &HERE, &[desktop.public().clone()]).unwrap();
    envelope.recipients[0].enc = *SealingKeyPair::generate().public().key.to_bytes().as_ref();
    assert_eq!(
        unwrap_err(open(&envelope, &HERE, std::slice::from_ref(&desktop))).code(),
        "seal_broken"
    );
    assert_eq!(desktop.cache().len(), 0);
}

#[test]
fn the_remembered_keys_are_bounded() {
    let mut cache = KekCache::default();
    let kek = content_cipher(&[7; KEY_LEN]).unwrap();
    for n in 0..=KEKS_REMEMBERED {
        let mut enc = [0; ENC_LEN];
        enc[..8].copy_from_slice(&(n as u64).to_be_bytes());
        cache.insert(enc, kek.clone());
    }
    assert_eq!(cache.len(), KEKS_REMEMBERED);
    // The oldest went first.
    assert!(cache.get(&[0; ENC_LEN]).is_none());
}

#[test]
fn a_session_does_not_show_its_keys() {
    let desktop = SealingKeyPair::generate();
    let session = SealingSession::new(&[desktop.public().clone()]).unwrap();
    assert_eq!(session.key_ids(), vec![desktop.id()]);
    assert_eq!(
        format!("{session:?}"),
        format!("SealingSession(to {}, keys redacted)", desktop.id())
    );
}

#[test]
fn another_key_does_not_open_it() {
    let desktop = SealingKeyPair::generate();
    let stranger = SealingKeyPair::generate();
    let envelope = seal(&content(), &HERE, &[desktop.public().clone()]).unwrap();
    let error = unwrap_err(open(&envelope, &HERE, &[stranger]));
    assert_eq!(error.code(), "sealed_to_other_key");
    assert!(error.to_string().contains(&desktop.id().to_string()));
}

#[test]
fn a_key_under_a_forged_id_does_not_open_it() {
    // The envelope names the stranger's id, but its content key was sealed to the desktop:
    // the id alone lets nothing open.
    let desktop = SealingKeyPair::generate();
    let stranger = SealingKeyPair::generate();
    let mut envelope = seal(&content(), &HERE, &[desktop.public().clone()]).unwrap();
    envelope.recipients[0].id = stranger.id();
    assert_eq!(
        unwrap_err(open(&envelope, &HERE, &[stranger])).code(),
        "seal_broken"
    );
}

#[test]
fn a_tampered_byte_anywhere_breaks_the_seal() {
    let desktop = SealingKeyPair::generate();
    let bytes = seal(&content(), &HERE, &[desktop.public().clone()])
        .unwrap()
        .to_bytes();
    // Past the magic, the count and the key id: enc, wrap nonce, wrapped key, the payload's
    // nonce and its ciphertext.
    for at in (MAGIC.len() + 1 + KEY_ID_LEN)..bytes.len() {
        let mut altered = bytes.clone();
        altered[at] ^= 0x01;
        let envelope = Envelope::from_bytes(&altered).unwrap();
        assert_eq!(
            unwrap_err(open(&envelope, &HERE, std::slice::from_ref(&desktop))).code(),
            "seal_broken",
            "byte {at}"
        );
    }
}

#[test]
fn moved_to_another_channel_or_event_it_does_not_open() {
    let desktop = SealingKeyPair::generate();
    let envelope = seal(&content(), &HERE, &[desktop.public().clone()]).unwrap();
    let elsewhere = [
        SealContext {
            channel_id: "ch_b",
            event_id: "e1",
        },
        SealContext {
            channel_id: "ch_a",
            event_id: "e2",
        },
        // The same bytes split differently between the two fields.
        SealContext {
            channel_id: "ch_ae",
            event_id: "1",
        },
    ];
    for context in elsewhere {
        assert_eq!(
            unwrap_err(open(&envelope, &context, std::slice::from_ref(&desktop))).code(),
            "seal_broken",
            "{context:?}"
        );
    }
}

#[test]
fn each_of_two_recipients_opens_it_alone() {
    let desktop = SealingKeyPair::generate();
    let recovery = SealingKeyPair::generate();
    let recipients = [desktop.public().clone(), recovery.public().clone()];
    let envelope = seal(&content(), &HERE, &recipients).unwrap();
    assert_eq!(envelope.key_ids(), vec![desktop.id(), recovery.id()]);
    assert_eq!(open(&envelope, &HERE, &[desktop]).unwrap(), content());
    assert_eq!(open(&envelope, &HERE, &[recovery]).unwrap(), content());
}

#[test]
fn dropping_a_recipient_breaks_the_seal() {
    // The key ids are in the AAD: a relay cannot quietly strip the recovery key.
    let desktop = SealingKeyPair::generate();
    let recovery = SealingKeyPair::generate();
    let recipients = [desktop.public().clone(), recovery.public().clone()];
    let mut envelope = seal(&content(), &HERE, &recipients).unwrap();
    envelope.recipients.pop();
    assert_eq!(
        unwrap_err(open(&envelope, &HERE, &[desktop])).code(),
        "seal_broken"
    );
}

#[test]
fn an_old_key_kept_after_rotation_still_opens_its_events() {
    let old = SealingKeyPair::generate();
    let envelope = seal(&content(), &HERE, &[old.public().clone()]).unwrap();
    let new = SealingKeyPair::generate();
    assert_eq!(open(&envelope, &HERE, &[new, old]).unwrap(), content());
}

#[test]
fn bad_recipient_lists_are_refused() {
    let key = SealingKeyPair::generate().public().clone();
    assert_eq!(
        unwrap_err(seal(&content(), &HERE, &[])).code(),
        "invalid_sealing_key"
    );
    assert_eq!(
        unwrap_err(seal(&content(), &HERE, &[key.clone(), key])).code(),
        "invalid_sealing_key"
    );
}

#[test]
fn keys_survive_their_text_form() {
    let pair = SealingKeyPair::generate();
    let again = SealingKeyPair::from_secret_base64(&pair.secret_base64()).unwrap();
    assert_eq!(again.public(), pair.public());
    let public = PublicKey::from_base64(&pair.public().to_base64()).unwrap();
    assert_eq!(public.id(), pair.id());
    assert_eq!(KeyId::parse(&pair.id().to_string()).unwrap(), pair.id());
    assert_eq!(pair.id().to_string().len(), 16);
    assert!(!format!("{pair:?}").contains(&pair.secret_base64()));
    for bad in ["", "***", "AAAA"] {
        assert_eq!(
            unwrap_err(PublicKey::from_base64(bad)).code(),
            "invalid_sealing_key"
        );
        assert_eq!(
            unwrap_err(SealingKeyPair::from_secret_base64(bad)).code(),
            "invalid_sealing_key"
        );
    }
    assert_eq!(
        unwrap_err(KeyId::parse("xyz")).code(),
        "invalid_sealing_key"
    );
}

#[test]
fn garbage_envelopes_are_malformed_not_a_panic() {
    let desktop = SealingKeyPair::generate();
    let good = seal(&content(), &HERE, &[desktop.public().clone()])
        .unwrap()
        .to_bytes();
    for len in 0..(MAGIC.len() + 1 + RECIPIENT_LEN + NONCE_LEN + TAG_LEN) {
        assert_eq!(
            unwrap_err(Envelope::from_bytes(&good[..len])).code(),
            "malformed",
            "{len} bytes"
        );
    }
    let mut five = good.clone();
    five[MAGIC.len()] = 5;
    assert_eq!(unwrap_err(Envelope::from_bytes(&five)).code(), "malformed");
    assert_eq!(unwrap_err(Envelope::from_base64("***")).code(), "malformed");
    // A version 1 envelope is no longer read.
    let mut v1 = good.clone();
    v1[..MAGIC.len()].copy_from_slice(b"PS1");
    assert_eq!(unwrap_err(Envelope::from_bytes(&v1)).code(), "malformed");
    for bytes in [&[0xff][..], &[0, 1, 0, 9, b'a'], &[0, 1, 0, 1, 0xff, 0, 0]] {
        assert_eq!(unwrap_err(SealedContent::decode(bytes)).code(), "malformed");
    }
}

#[test]
fn the_payload_format_keeps_empty_and_binary_bodies() {
    for body in [Vec::new(), vec![0, 0xff, 0x80, 10]] {
        let content = SealedContent {
            headers: BTreeMap::new(),
            body,
        };
        assert_eq!(
            SealedContent::decode(&content.encode().unwrap()).unwrap(),
            content
        );
    }
}

#[test]
fn an_unnamed_delivery_gets_a_fresh_id() {
    assert_ne!(unnamed_event_id(), unnamed_event_id());
    assert!(unnamed_event_id().starts_with("relay-"));
}

/// Hands out the RFC's `ikmE` as the ephemeral key's randomness: `hpke` derives the
/// ephemeral pair from exactly `Nsk` random bytes (`gen_keypair_with_rng`), which is the
/// RFC's `DeriveKeyPair(ikmE)`.
struct FixedIkm(Vec<u8>);

impl TryRng for FixedIkm {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        unreachable!("hpke asks for bytes")
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        unreachable!("hpke asks for bytes")
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        assert_eq!(dst.len(), self.0.len());
        dst.copy_from_slice(&self.0);
        Ok(())
    }
}

impl TryCryptoRng for FixedIkm {}

fn bytes(hex_text: &str) -> Vec<u8> {
    hex::decode(hex_text).unwrap()
}

/// RFC 9180 appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305,
/// base mode, sequence number 0. The crate ships no vectors (its `test-vectors/` folder is
/// left out of the published package), so the RFC's values are copied here.
#[test]
fn rfc_9180_a_2_1_base_mode_vector() {
    let info = bytes("4f6465206f6e2061204772656369616e2055726e");
    let ikm_e = bytes("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b");
    let ikm_r = bytes("1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df");
    let pk_rm = bytes("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
    let sk_rm = bytes("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
    let enc_expected = bytes("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a");
    let pt = bytes("4265617574792069732074727574682c20747275746820626561757479");
    let aad = bytes("436f756e742d30");
    let ct = bytes(
        "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28",
    );

    let (sk_r, pk_r) = X25519HkdfSha256::derive_keypair(&ikm_r);
    assert_eq!(pk_r.to_bytes().as_slice(), pk_rm.as_slice());
    // The appendix prints DeriveKeyPair's expand output; `hpke` keeps the key clamped
    // (RFC 7748 §5), which X25519 applies anyway: the same scalar.
    let mut clamped = sk_rm.clone();
    clamped[0] &= 248;
    clamped[31] = (clamped[31] & 127) | 64;
    assert_eq!(sk_r.to_bytes().as_slice(), clamped.as_slice());

    let (enc, sealed) =
        hpke::single_shot_seal_with_rng::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
            &OpModeS::Base,
            &pk_r,
            &info,
            &pt,
            &aad,
            &mut FixedIkm(ikm_e.clone()),
        )
        .unwrap();
    assert_eq!(enc.to_bytes().as_slice(), enc_expected.as_slice());
    assert_eq!(sealed, ct);

    // And the receiving side, from the RFC's serialized private key.
    let sk = KemSecret::from_bytes(&sk_rm).unwrap();
    let enc = Encapped::from_bytes(&enc_expected).unwrap();
    let opened = hpke::single_shot_open::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
        &OpModeR::Base,
        &sk,
        &enc,
        &info,
        &ct,
        &aad,
    )
    .unwrap();
    assert_eq!(opened, pt);

    // The secret export (RFC 9180 §5.3) a session's key-encryption key comes from: the
    // appendix's exported values, from the sender's context as the relay sets it up and
    // from the receiver's as the desktop does.
    let exported = [
        (
            "",
            "4bbd6243b8bb54cec311fac9df81841b6fd61f56538a775e7c80a9f40160606e",
        ),
        (
            "00",
            "8c1df14732580e5501b00f82b10a1647b40713191b7c1240ac80e2b68808ba69",
        ),
        (
            "54657374436f6e74657874",
            "5acb09211139c43b3090489a9da433e8a30ee7188ba8b0a9a1ccf0c229283e53",
        ),
    ];
    let (enc, sender) = hpke::setup_sender_with_rng::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
        &OpModeS::Base,
        &pk_r,
        &info,
        &mut FixedIkm(ikm_e),
    )
    .unwrap();
    assert_eq!(enc.to_bytes().as_slice(), enc_expected.as_slice());
    let receiver = hpke::setup_receiver::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
        &OpModeR::Base,
        &sk,
        &enc,
        &info,
    )
    .unwrap();
    for (context, value) in exported {
        let (mut sent, mut received) = ([0; 32], [0; 32]);
        sender.export(&bytes(context), &mut sent).unwrap();
        receiver.export(&bytes(context), &mut received).unwrap();
        assert_eq!(
            sent.as_slice(),
            bytes(value).as_slice(),
            "context {context:?}"
        );
        assert_eq!(received, sent, "context {context:?}");
    }
}
