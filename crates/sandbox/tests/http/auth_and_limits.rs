//! Both tokens are required, and 3 requests per second are enforced with 429s.

use super::{config, get, get_with_tokens, start};
use ponte_sandbox::DEFAULT_SECRET_TOKEN;
use reqwest::StatusCode;

#[tokio::test]
async fn wrong_or_missing_tokens_get_401_with_the_error_shape() {
    let sandbox = start(config()).await;
    let wrong = get_with_tokens(&sandbox, "/clientes", "nope", DEFAULT_SECRET_TOKEN).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let body = wrong.json();
    assert_eq!(body["code"], 401);
    assert_eq!(body["status"], "error");
    assert!(body["data"]["mensagem"].is_string());
    let missing = reqwest::get(format!("{}/clientes", sandbox.base_url()))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sandbox.handle().request_count(), 2);
}

#[tokio::test]
async fn bursting_past_three_per_second_gets_429_with_retry_after() {
    let mut limited = config();
    limited.enforce_limits = true;
    let sandbox = start(limited).await;
    let mut refused = 0;
    for _ in 0..8 {
        let answer = get(&sandbox, "/lojas").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
            assert_eq!(answer.headers["retry-after"], "1");
            assert_eq!(
                answer.json()["data"],
                "O limite de requisicoes foi atingido"
            );
        } else {
            assert_eq!(answer.status, StatusCode::OK);
        }
    }
    assert!(refused >= 1, "8 requests in a burst were all admitted");
    let handle = sandbox.handle();
    assert_eq!(handle.rate_limited_count(), refused);
    assert_eq!(handle.request_count(), 8);

    handle.set_enforce_limits(false);
    for _ in 0..8 {
        assert_eq!(get(&sandbox, "/lojas").await.status, StatusCode::OK);
    }
}
