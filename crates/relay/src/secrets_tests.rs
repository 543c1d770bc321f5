//! Unit tests of the key handling and the at-rest forms (pure logic, no database).

use super::*;
use std::os::unix::fs::PermissionsExt;

fn key_text(byte: u8) -> String {
    STANDARD.encode([byte; KEY_LEN])
}

#[test]
fn a_key_list_parses_with_ids_and_the_first_encrypts() {
    let keys = SecretsKeys::parse(&format!("k2:{}, k1:{}", key_text(2), key_text(1))).unwrap();
    assert_eq!(keys.current_id(), Some("k2"));
    let bare = SecretsKeys::parse(&format!("# comment\n{}\n", key_text(7))).unwrap();
    let id = bare.current_id().unwrap();
    assert!(id.starts_with('k') && id.len() == 9, "{id}");
    assert_eq!(format!("{bare:?}"), format!("[\"{id}\"]"));
}

#[test]
fn bad_key_lists_are_refused() {
    for text in [
        "",
        "k1:not-base64!",
        &format!("k1:{}", STANDARD.encode([0u8; 16])),
        &format!("k1:{},k1:{}", key_text(1), key_text(2)),
        &format!("bad id:{}", key_text(1)),
    ] {
        assert!(SecretsKeys::parse(text).is_err(), "{text}");
    }
}

#[test]
fn digests_for_bearer_and_url_token_sealed_for_hmac_and_standard() {
    let keys = SecretsKeys::parse(&format!("k1:{}", key_text(1))).unwrap();
    for mode in [AuthMode::Bearer, AuthMode::UrlToken] {
        let stored = keys.store(mode, "ch_a", "the-secret").unwrap();
        let (digest, sealed, key_id) = stored.columns();
        assert_eq!(digest.unwrap(), Sha256::digest(b"the-secret").as_slice());
        assert!(sealed.is_none() && key_id.is_none());
    }
    for mode in [AuthMode::Hmac, AuthMode::Standard] {
        let stored = keys.store(mode, "ch_a", "the-secret").unwrap();
        let (digest, sealed, key_id) = stored.columns();
        assert!(digest.is_none());
        assert_eq!(key_id, Some("k1"));
        let sealed = sealed.unwrap().to_vec();
        assert!(!sealed.windows(10).any(|w| w == b"the-secret"));
        let read = keys
            .read("ch_a", None, Some(sealed.clone()), Some("k1".into()))
            .unwrap();
        assert!(read == "the-secret");
        // Moved to another channel's row, it does not open.
        assert!(
            keys.read("ch_b", None, Some(sealed), Some("k1".into()))
                .is_err()
        );
    }
}

#[test]
fn hmac_secrets_need_a_key_and_unknown_key_ids_are_named() {
    let none = SecretsKeys::none();
    assert!(none.store(AuthMode::Bearer, "ch_a", "s").is_ok());
    let error = none.store(AuthMode::Hmac, "ch_a", "s").err().unwrap();
    assert!(
        error.to_string().contains("PONTE_RELAY_SECRETS_KEY"),
        "{error}"
    );
    let error = none.check_known(["k9"]).err().unwrap();
    assert!(error.to_string().contains("k9"), "{error}");
}

#[test]
fn reseal_moves_a_secret_to_the_current_key() {
    let old = SecretsKeys::parse(&format!("k1:{}", key_text(1))).unwrap();
    let both = SecretsKeys::parse(&format!("k2:{},k1:{}", key_text(2), key_text(1))).unwrap();
    let new = SecretsKeys::parse(&format!("k2:{}", key_text(2))).unwrap();
    let StoredSecret::Sealed { sealed, key_id } = old.store(AuthMode::Hmac, "ch", "s").unwrap()
    else {
        panic!("an HMAC secret is sealed");
    };
    let Some(StoredSecret::Sealed { sealed, key_id }) =
        both.reseal("ch", &key_id, &sealed).unwrap()
    else {
        panic!("resealed under k2");
    };
    assert_eq!(key_id, "k2");
    assert!(both.reseal("ch", &key_id, &sealed).unwrap().is_none());
    let read = new.read("ch", None, Some(sealed), Some(key_id)).unwrap();
    assert!(read == "s");
}

#[test]
fn a_key_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys");
    std::fs::write(&path, format!("k1:{}\n", key_text(1))).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let error = SecretsKeys::from_file(&path).err().unwrap();
    assert!(error.to_string().contains("chmod 600"), "{error}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        SecretsKeys::from_file(&path).unwrap().current_id(),
        Some("k1")
    );
}
