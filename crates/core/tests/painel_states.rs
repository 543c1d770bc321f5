//! The Painel's state of an integration says what is known: "Nunca sincronizada" until a
//! first run has ended, then the outcome of the newest one.

use crate::support;

use ponte_core::overview::IntegrationState;
use ponte_core::store::RunTrigger;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

#[tokio::test]
async fn an_integration_never_synced_says_so_until_its_first_run_ends() {
    let h = harness(small_unlimited(11), fast_settings()).await;
    let state = |cards: Vec<ponte_core::overview::IntegrationCard>| {
        cards
            .into_iter()
            .find(|card| card.integration.id == h.integration.id)
            .map(|card| card.state)
            .expect("its card")
    };
    assert_eq!(
        state(h.core.overview().await.expect("painel")),
        IntegrationState::NeverSynced
    );

    let run = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_succeeded(&run.wait().await);

    assert_eq!(
        state(h.core.overview().await.expect("painel")),
        IntegrationState::Ok
    );
    h.core.shutdown().await;
}
