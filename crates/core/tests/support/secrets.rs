//! The spellings a leaked secret could take in a file: as is, in standard base64 and in
//! hex, so the no-secret tests (backups, the diagnostics zip) grep for each.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;

/// The secret as is, in standard base64 (without the padding, which a longer value would
/// not have there) and in lower- and uppercase hex.
pub fn spellings(secret: &str) -> Vec<String> {
    let hex = hex::encode(secret);
    vec![
        secret.to_string(),
        STANDARD_NO_PAD.encode(secret.as_bytes()),
        hex.to_uppercase(),
        hex,
    ]
}
