//! Reading secrets pairs (the provider's tokens, a relay channel's pull token and ingest
//! secret): a hidden prompt on a terminal, else two lines on stdin (so scripts can pipe
//! them from a secret manager). The values go straight to the keyring.

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

/// Two values: prompted without echo on a terminal, else the first two lines of stdin.
fn read_pair(prompts: [&str; 2]) -> std::io::Result<(String, String)> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok((
            rpassword::prompt_password(prompts[0])?,
            rpassword::prompt_password(prompts[1])?,
        ));
    }
    let mut lines = stdin.lock().lines();
    let mut next = || lines.next().transpose().map(Option::unwrap_or_default);
    Ok((next()?, next()?))
}
