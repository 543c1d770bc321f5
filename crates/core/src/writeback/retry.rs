//! What a failed try of a change leads to: tried again later (backoff with jitter, up to
//! the row's attempts), failed at once for the operator, or put back untouched.

use crate::error::Error;
use backon::{BackoffBuilder, ExponentialBuilder};
use std::time::Duration;

/// Attempts a change gets by default, as the integration guides do.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// What to do after a try failed with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Not tried after all (the app is closing): back to pending, the attempt not counted.
    PutBack,
    /// Tried again after this wait.
    RetryAfter(Duration),
    /// Failed: the operator reads why, and retries or discards.
    Fail,
}

/// A transient failure is retried with backoff until `attempts` reaches `max_attempts`;
/// anything the provider refused with a reason (validation, credentials) fails at once.
pub fn next_step(error: &Error, attempts: u32, max_attempts: u32, min_delay: Duration) -> NextStep {
    let transient = matches!(
        error,
        Error::ProviderUnavailable { .. }
            | Error::RateLimited { .. }
            | Error::KeyringUnavailable { .. }
            | Error::Database(_)
    );
    match error {
        Error::Cancelled => NextStep::PutBack,
        _ if transient && attempts < max_attempts => {
            NextStep::RetryAfter(backoff(attempts, min_delay))
        }
        _ => NextStep::Fail,
    }
}

/// The wait before try `attempts + 1`: exponential from `min_delay`, with jitter, at most
/// a minute.
fn backoff(attempts: u32, min_delay: Duration) -> Duration {
    ExponentialBuilder::default()
        .with_min_delay(min_delay)
        .with_max_delay(Duration::from_secs(60))
        .with_jitter()
        .without_max_times()
        .build()
        .nth(attempts.saturating_sub(1) as usize)
        .unwrap_or(min_delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_millis(500);

    fn unavailable() -> Error {
        Error::ProviderUnavailable {
            provider: "Gestão Click",
            attempts: 1,
            detail: "HTTP 500".into(),
        }
    }

    #[test]
    fn a_transient_failure_is_retried_until_the_attempts_run_out() {
        assert!(matches!(
            next_step(&unavailable(), 1, 3, MIN),
            NextStep::RetryAfter(wait) if wait >= MIN
        ));
        assert!(matches!(
            next_step(&unavailable(), 2, 3, MIN),
            NextStep::RetryAfter(_)
        ));
        assert_eq!(next_step(&unavailable(), 3, 3, MIN), NextStep::Fail);
    }

    #[test]
    fn a_refusal_with_a_reason_fails_at_once() {
        let validation = Error::ProviderValidation {
            provider: "Gestão Click",
            mensagem: "O campo plano_contas_id é obrigatório.".into(),
        };
        assert_eq!(next_step(&validation, 1, 3, MIN), NextStep::Fail);
    }

    #[test]
    fn a_cancelled_try_is_put_back() {
        assert_eq!(next_step(&Error::Cancelled, 3, 3, MIN), NextStep::PutBack);
    }

    #[test]
    fn the_waits_grow() {
        let first = backoff(1, MIN);
        let third = backoff(3, MIN);
        assert!(first >= MIN && first < MIN * 3, "{first:?}");
        assert!(third >= MIN * 4, "{third:?}");
    }
}
