//! A first sync at the provider's 3 requests/s against the sandbox's strict limit (at most
//! 3 requests in any window of one second, both ends included) is never answered 429, and
//! mirrors the dataset as an unlimited one does.

use crate::support;

use ponte_core::store::IntegrationSettings;
use ponte_sandbox::{SandboxConfig, Scale};
use support::{assert_succeeded, fast_settings, harness};

#[tokio::test]
async fn a_first_sync_at_three_per_second_meets_no_429() {
    let config = SandboxConfig::new(7, Scale::Small);
    assert!(
        config.enforce_limits && !config.lenient_limits,
        "the sandbox is strict by default"
    );
    let settings = IntegrationSettings {
        requests_per_second: 3,
        ..fast_settings()
    };
    let h = harness(config, settings).await;
    let result = h.sync().await;
    assert_succeeded(&result);

    let sandbox = h.sandbox.handle();
    assert_eq!(sandbox.rate_limited_count(), 0, "answered 429");
    h.assert_mirrors_sandbox().await;
    let run = h.core.store().run(result.run_id).await.expect("run row");
    assert_eq!(
        run.requests,
        sandbox.request_count(),
        "every request counted"
    );
}
