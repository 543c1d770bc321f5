//! Server errors, 429s, timeouts and malformed bodies: retried while attempts remain,
//! then a clear error. Either way no page is half applied, and the next sync completes
//! the mirror from the checkpoint.

use crate::support;

use ponte_core::credentials::Credentials;
use ponte_core::domain::EntityKind;
use ponte_core::store::{IntegrationSettings, RunOutcome};
use ponte_sandbox::{FaultKind, Faults};
use support::{
    Harness, assert_succeeded, fast_settings, harness, harness_with_credentials, small_unlimited,
};

/// Responses slowed a little so a fault lands while the scan is still mid-list.
async fn slowed_harness(settings: IntegrationSettings) -> Harness {
    let mut config = small_unlimited(5);
    config.faults = Faults {
        latency_ms: 20,
        ..Faults::default()
    };
    harness(config, settings).await
}

async fn assert_persistent_fault_fails_cleanly(fault: FaultKind, code: &str) {
    let settings = IntegrationSettings {
        timeout_ms: 500,
        ..fast_settings()
    };
    let attempts = settings.max_attempts;
    let h = slowed_harness(settings).await;
    let result = h
        .sync_acting_after(EntityKind::Venda, 2, |h, _| {
            h.sandbox.handle().fail_next(attempts, fault)
        })
        .await;
    assert_eq!(result.outcome, RunOutcome::Failed, "{fault:?}");
    assert_eq!(result.error_code.as_deref(), Some(code), "{fault:?}");
    let message = result.error_message.unwrap_or_default();
    assert!(
        message.contains("tentativas"),
        "the message says what happened: {message}"
    );
    h.assert_whole_pages().await;

    let resumed = h.sync().await;
    assert_succeeded(&resumed);
    h.assert_mirrors_sandbox().await;
}

#[tokio::test]
async fn persistent_server_errors_fail_with_whole_pages_then_resume() {
    assert_persistent_fault_fails_cleanly(FaultKind::ServerError, "provider_unavailable").await;
}

#[tokio::test]
async fn persistent_malformed_bodies_fail_with_whole_pages_then_resume() {
    assert_persistent_fault_fails_cleanly(FaultKind::Malformed, "provider_unavailable").await;
}

#[tokio::test]
async fn persistent_timeouts_fail_with_whole_pages_then_resume() {
    assert_persistent_fault_fails_cleanly(FaultKind::Delay { ms: 1_500 }, "provider_unavailable")
        .await;
}

#[tokio::test]
async fn rate_limit_answers_are_waited_out() {
    let h = slowed_harness(fast_settings()).await;
    let fault = FaultKind::TooManyRequests {
        retry_after_secs: Some(1),
    };
    let result = h
        .sync_acting_after(EntityKind::Venda, 2, |h, _| {
            h.sandbox.handle().fail_next(2, fault)
        })
        .await;
    assert_succeeded(&result);
    assert_eq!(
        h.sandbox.handle().rate_limited_count(),
        2,
        "both 429s were served"
    );
    h.assert_mirrors_sandbox().await;
}

#[tokio::test]
async fn occasional_faults_are_retried_to_an_exact_mirror() {
    let mut config = small_unlimited(9);
    config.faults = Faults {
        failure_rate: 0.1,
        latency_ms: 0,
        malformed_rate: 0.05,
    };
    // Ten attempts make a spurious failure of the whole run vanishingly unlikely.
    let h = harness(
        config,
        IntegrationSettings {
            max_attempts: 10,
            ..fast_settings()
        },
    )
    .await;
    let result = h.sync().await;
    assert_succeeded(&result);
    h.assert_mirrors_sandbox().await;
}

#[tokio::test]
async fn invalid_tokens_fail_at_once_without_retrying() {
    let wrong = Credentials::new("errado", "errado").expect("tokens");
    let h = harness_with_credentials(small_unlimited(5), fast_settings(), wrong).await;
    let result = h.sync().await;
    assert_eq!(result.outcome, RunOutcome::Failed);
    assert_eq!(result.error_code.as_deref(), Some("invalid_credentials"));
    assert!(
        result
            .error_message
            .unwrap_or_default()
            .contains("Credenciais inválidas")
    );
    assert_eq!(
        h.sandbox.handle().request_count(),
        1,
        "a 401 is not retried"
    );
}
