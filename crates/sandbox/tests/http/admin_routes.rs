//! The `/__sandbox` routes drive a sandbox from another process, uncounted and unlimited.

use super::{config, get, start};
use ponte_sandbox::{DatasetSummary, MutationOutcome};
use serde_json::{Value, json};

#[tokio::test]
async fn admin_routes_report_mutate_and_switch_without_being_counted() {
    let mut limited = config();
    limited.enforce_limits = true;
    let sandbox = start(limited).await;
    let admin = sandbox.base_url().replace("/api", "/__sandbox");
    let client = reqwest::Client::new();

    let summary: DatasetSummary = client
        .get(format!("{admin}/summary"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary, sandbox.handle().summary());

    let batch = json!({"creates": 2, "updates": 2, "deletes": 1, "seed": 3});
    let outcomes: Vec<MutationOutcome> = client
        .post(format!("{admin}/mutations"))
        .json(&batch)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 5);
    assert_ne!(sandbox.handle().summary(), summary);

    let limits = client
        .post(format!("{admin}/limits"))
        .json(&json!({"enforce": false}))
        .send()
        .await
        .unwrap();
    assert!(limits.status().is_success());
    for _ in 0..6 {
        assert!(get(&sandbox, "/lojas").await.status.is_success());
    }
    let faults = json!({"failure_rate": 1.0});
    let response = client
        .post(format!("{admin}/faults"))
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(get(&sandbox, "/lojas").await.status, 500);

    let requests: Value = client
        .get(format!("{admin}/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        requests,
        json!({"total": 7, "by_resource": {"lojas": 7}, "rate_limited": 0})
    );
    let reset = client
        .post(format!("{admin}/requests/reset"))
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success());
    assert_eq!(sandbox.handle().request_count(), 0);
}
