//! The notification center over a real store and a sandbox on loopback: a sync that
//! changes records and a sync that fails each leave one notification, linked to its run
//! and announced to subscribers; a sync that changes nothing leaves none; read state and
//! the level filter hold.

use crate::support;

use ponte_core::credentials::Credentials;
use ponte_core::store::{NotificationLevel, RunOutcome, RunTrigger};
use support::{fast_settings, harness, harness_with_credentials, small_unlimited};

#[tokio::test]
async fn syncs_with_changes_or_failures_notify_and_quiet_ones_do_not() {
    let h = harness(small_unlimited(3), fast_settings()).await;
    let mut announced = h.core.notifications().subscribe();
    let store = h.core.store();

    let first = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_eq!(first.wait().await.outcome, RunOutcome::Succeeded);
    let listed = store.notifications(None, 50).await.expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let changed = &listed[0];
    assert_eq!(changed.level, NotificationLevel::Success);
    assert_eq!(changed.sync_run_id, Some(first.run_id));
    assert!(changed.body.contains("criados"), "{}", changed.body);
    assert_eq!(announced.try_recv().expect("announced"), *changed);

    // Nothing changed upstream: nothing to tell.
    let second = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_eq!(second.wait().await.outcome, RunOutcome::Succeeded);
    assert_eq!(store.notifications(None, 50).await.expect("list").len(), 1);
    assert_eq!(store.unread_notifications().await.expect("unread"), 1);

    store
        .mark_notification_read(changed.id)
        .await
        .expect("read");
    assert_eq!(store.unread_notifications().await.expect("unread"), 0);
    let error = store
        .mark_notification_read(changed.id + 100)
        .await
        .expect_err("missing");
    assert_eq!(error.code(), "notification_not_found");
}

#[tokio::test]
async fn a_failed_sync_notifies_with_its_pt_br_reason() {
    let wrong = Credentials::new("errado", "errado").expect("tokens");
    let h = harness_with_credentials(small_unlimited(5), fast_settings(), wrong).await;
    let run = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_eq!(run.wait().await.outcome, RunOutcome::Failed);

    let store = h.core.store();
    let errors = store
        .notifications(Some(NotificationLevel::Error), 50)
        .await
        .expect("list");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].body.contains("Credenciais inválidas"),
        "{}",
        errors[0].body
    );
    assert_eq!(errors[0].sync_run_id, Some(run.run_id));
    assert!(
        store
            .notifications(Some(NotificationLevel::Success), 50)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        store.mark_all_notifications_read().await.expect("all read"),
        1
    );
    assert_eq!(store.unread_notifications().await.expect("unread"), 0);
}

#[tokio::test]
async fn a_burst_of_new_sales_is_one_notification_until_read() {
    let h = harness(small_unlimited(3), fast_settings()).await;
    let notifier = h.core.notifications();
    let announced = notifier.subscribe();
    let (name, id) = (h.integration.name.clone(), h.integration.id);
    let key = format!("new_sales:{id}");
    let text = |total| ponte_core::notifications::new_sales(&name, id, total);
    for count in [1, 4, 7] {
        notifier
            .notify_burst(&key, count, text)
            .await
            .expect("burst");
    }
    let store = h.core.store();
    let listed = store.notifications(None, 50).await.expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].count, 12);
    assert!(
        listed[0].title.ends_with("12 novas vendas"),
        "{}",
        listed[0].title
    );
    assert_eq!(
        announced.len(),
        3,
        "each burst step is announced, for the badge"
    );

    // Once read, the next sale starts a new notification.
    store
        .mark_notification_read(listed[0].id)
        .await
        .expect("read");
    let next = notifier.notify_burst(&key, 1, text).await.expect("burst");
    assert_ne!(next.id, listed[0].id);
    assert!(next.title.ends_with("1 nova venda"), "{}", next.title);
}
