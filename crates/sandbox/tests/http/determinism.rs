//! The same seed, scale and `today` give the same data, byte for byte.

use super::{config, get, start};

#[tokio::test]
async fn same_seed_serves_identical_summaries_and_pages() {
    let first = start(config()).await;
    let second = start(config()).await;
    assert_eq!(first.handle().summary(), second.handle().summary());
    for path in [
        "/vendas?limite=50",
        "/recebimentos?data_inicio=2025-04-01&data_fim=2026-03-31",
        "/clientes",
    ] {
        assert_eq!(
            get(&first, path).await.body,
            get(&second, path).await.body,
            "{path}"
        );
    }
    let mut other_seed = config();
    other_seed.seed = 8;
    let third = start(other_seed).await;
    assert_ne!(
        get(&first, "/clientes").await.body,
        get(&third, "/clientes").await.body
    );
}

#[tokio::test]
async fn summary_without_serving_matches_the_served_dataset() {
    let sandbox = start(config()).await;
    assert_eq!(
        ponte_sandbox::Sandbox::summary(&config()),
        sandbox.handle().summary()
    );
}
