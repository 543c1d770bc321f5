//! Reading the token pair: a hidden prompt on a terminal, else two lines on stdin (so
//! scripts can pipe them from a secret manager). The values go straight to the keyring.

use crate::error::CliError;
use ponte_core::credentials::Credentials;
use std::io::{BufRead, IsTerminal};

pub fn read_credentials() -> Result<Credentials, CliError> {
    let stdin = std::io::stdin();
    let (access, secret) = if stdin.is_terminal() {
        let access = rpassword::prompt_password("access-token: ").map_err(CliError::TokenInput)?;
        let secret =
            rpassword::prompt_password("secret-access-token: ").map_err(CliError::TokenInput)?;
        (access, secret)
    } else {
        let mut lines = stdin.lock().lines();
        let mut next = || -> Result<String, CliError> {
            lines
                .next()
                .transpose()
                .map_err(CliError::TokenInput)
                .map(Option::unwrap_or_default)
        };
        (next()?, next()?)
    };
    Ok(Credentials::new(&access, &secret)?)
}
