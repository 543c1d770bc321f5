//! Injected faults: queued ones in order, then the configured rates; all counted.

use super::{config, get, start};
use ponte_sandbox::{FaultKind, Faults};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

#[tokio::test]
async fn queued_faults_are_served_in_order_and_counted() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    handle.fail_next(1, FaultKind::ServerError);
    handle.fail_next(
        1,
        FaultKind::TooManyRequests {
            retry_after_secs: Some(2),
        },
    );
    handle.fail_next(1, FaultKind::Malformed);
    handle.fail_next(1, FaultKind::Delay { ms: 150 });

    assert_eq!(
        get(&sandbox, "/clientes").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let limited = get(&sandbox, "/clientes").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "2");
    let malformed = get(&sandbox, "/recebimentos").await;
    assert_eq!(malformed.status, StatusCode::OK);
    assert!(serde_json::from_str::<serde_json::Value>(&malformed.body).is_err());
    let started = Instant::now();
    assert_eq!(get(&sandbox, "/clientes").await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(get(&sandbox, "/clientes").await.status, StatusCode::OK);

    assert_eq!(handle.request_count(), 5);
    assert_eq!(handle.requests_by_resource()["clientes"], 4);
    assert_eq!(handle.requests_by_resource()["recebimentos"], 1);
    assert_eq!(handle.rate_limited_count(), 1);
    handle.reset_request_counts();
    assert_eq!(handle.request_count(), 0);
}

#[tokio::test]
async fn a_full_failure_rate_fails_every_request_until_cleared() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    handle.set_faults(Faults {
        failure_rate: 1.0,
        ..Faults::default()
    });
    for _ in 0..3 {
        assert_eq!(
            get(&sandbox, "/lojas").await.status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
    handle.set_faults(Faults::default());
    assert_eq!(get(&sandbox, "/lojas").await.status, StatusCode::OK);
}
