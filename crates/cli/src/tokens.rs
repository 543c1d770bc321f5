//! Reading secrets (the provider's tokens, a relay channel's pull token and ingest secret,
//! the relay account's token): a hidden prompt on a terminal, else one line per value on
//! stdin (so scripts can pipe them from a secret manager). The values go straight to the
//! keyring.

use crate::error::CliError;
use ponte_core::credentials::{Credentials, RelaySecrets, Secret};
use std::io::{BufRead, IsTerminal};

pub fn read_credentials() -> Result<Credentials, CliError> {
    let (access, secret) =
        read_pair(["access-token: ", "secret-access-token: "]).map_err(CliError::TokenInput)?;
    Ok(Credentials::new(&access, &secret)?)
}

pub fn read_relay_secrets() -> Result<RelaySecrets, CliError> {
    let (pull_token, ingest_secret) =
        read_pair(["token de leitura do canal: ", "segredo de ingestão: "])
            .map_err(CliError::RelaySecretInput)?;
    Ok(RelaySecrets {
        pull_token: Secret::new(pull_token.trim()),
        ingest_secrets: vec![Secret::new(ingest_secret.trim())],
    })
}

/// The relay account's token; `None` when left blank, which keeps the saved one.
pub fn read_relay_account_token() -> Result<Option<Secret>, CliError> {
    let token = read_one("token da conta do relay: ").map_err(CliError::RelayAccountTokenInput)?;
    let token = token.trim();
    Ok((!token.is_empty()).then(|| Secret::new(token)))
}

/// Two values: prompted without echo on a terminal, else the first two lines of stdin.
fn read_pair(prompts: [&str; 2]) -> std::io::Result<(String, String)> {
    Ok((read_one(prompts[0])?, read_one(prompts[1])?))
}

/// One value: prompted without echo on a terminal, else the next line of stdin (empty at
/// its end). Stdin's buffer is process-wide, so successive calls read successive lines.
fn read_one(prompt: &str) -> std::io::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(prompt);
    }
    Ok(stdin.lock().lines().next().transpose()?.unwrap_or_default())
}
