//! The admin CLI against PostgreSQL: `ponte-relay --database postgres://... channel ...`
//! creates, lists, rotates and deletes channels that a running relay then serves, once a
//! desktop has registered its key on them (through the other relay: the key change
//! reaches both).

use super::*;
use crate::serve::relay_command;
use serde_json::Value;
use std::process::Output;

fn cli(database: &str, args: &[&str]) -> Output {
    let output = relay_command(&[&["--database", database, "channel"], args].concat())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_made_with_the_cli_on_postgres_are_served_and_can_be_removed() {
    let cluster = Cluster::start(config(), config()).await;
    let url = cluster.database_url();
    let created = json(&cli(
        &url,
        &[
            "create",
            "--provider",
            "gestaoclick",
            "--auth",
            "hmac",
            "--json",
        ],
    ));
    let channel: ChannelCredentials = serde_json::from_value(created).unwrap();
    // Made by hand: no key yet, so nothing is taken.
    assert_eq!(
        cluster.deliver(&cluster.b, &channel, "from-cli").await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    sealing::register(
        &cluster.http,
        &cluster.a.base_url(),
        &channel.channel_id,
        &channel.pull_token,
    )
    .await;
    // Relay b cached the keyless channel a moment ago; relay a's notice drops it there.
    // The bound for channel changes is 1 s; 5 s leaves room on a loaded machine.
    eventually(
        Duration::from_secs(5),
        "the key reached relay b",
        || async { cluster.deliver(&cluster.b, &channel, "from-cli").await == StatusCode::OK },
    )
    .await;
    assert_eq!(
        cluster.deliver(&cluster.b, &channel, "from-cli").await,
        StatusCode::OK
    );
    let listed = json(&cli(&url, &["list", "--json"]));
    assert_eq!(listed[0]["id"], channel.channel_id.as_str());
    assert_eq!(listed[0]["backlog"], 1);
    let rotated = json(&cli(
        &url,
        &[
            "rotate-secret",
            &channel.channel_id,
            "--overlap",
            "1h",
            "--json",
        ],
    ));
    assert_ne!(rotated["secret"], channel.secret.as_str());
    cli(&url, &["delete", &channel.channel_id]);
    assert_eq!(json(&cli(&url, &["list", "--json"])), serde_json::json!([]));
    cluster.stop().await;
}
