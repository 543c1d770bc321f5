//! Hostile connections: hundreds of stalled requests against a low file limit, a stalled
//! head, a stalled body, an idle keep-alive connection, and a relay whose every
//! connection is busy. A signed ingest and `/healthz` still get through.

use super::*;
use crate::serve::{ServeChild, relay_command_with_file_limit};
use ponte_relay::ConnectionLimits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What a slowloris sends: a head that never ends.
const STALLED_HEAD: &[u8] = b"POST /hooks/x HTTP/1.1\r\nHost: x\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_stalled_connections_under_a_256_file_limit_do_not_block_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let created = run_cli(
        &db,
        &[
            "channel",
            "create",
            "--provider",
            "gestaoclick",
            "--auth",
            "hmac",
            "--json",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let channel: Value = serde_json::from_slice(&created.stdout).unwrap();
    let db_path = db.display().to_string();
    let relay = ServeChild::start(relay_command_with_file_limit(
        256,
        &["--db", &db_path, "serve", "--addr", "127.0.0.1:0"],
    ))
    .await;
    let addr = relay.base_url.trim_start_matches("http://").to_string();
    // Made by hand, so keyless until a desktop registers its key.
    sealing::register(
        &reqwest::Client::new(),
        &relay.base_url,
        channel["channel_id"].as_str().unwrap(),
        channel["pull_token"].as_str().unwrap(),
    )
    .await;

    let mut stalled = Vec::new();
    for _ in 0..300 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        // The relay may already have evicted an older one; what matters is the ingest.
        stream.write_all(STALLED_HEAD).await.ok();
        stalled.push(stream);
    }

    let url = format!(
        "{}/hooks/{}",
        relay.base_url,
        channel["channel_id"].as_str().unwrap()
    );
    let body = body("after-the-flood");
    let headers = signed(
        AuthMode::Hmac,
        channel["secret"].as_str().unwrap(),
        "after-the-flood",
        Utc::now(),
        &body,
    );
    let http = reqwest::Client::new();
    // The issue asks for "within 1 s". The bound here does not time the relay: without the
    // cap and eviction the ingest never succeeds while the stalled heads stay open (they do,
    // to the end of the test), so the bound only turns that hang into a failure. It is wide
    // because CI runs this debug build on two cores beside the other tests.
    let ingest = within(Duration::from_secs(30), "the signed ingest", async {
        http.post(&url)
            .headers(headers)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(ingest.status(), StatusCode::OK);
    let health = within(Duration::from_secs(30), "/healthz", async {
        http.get(format!("{}/healthz", relay.base_url))
            .send()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(health.status(), StatusCode::OK);
    // The room was made by closing the oldest stalled connections, not by luck: at least
    // those beyond the file limit were evicted (the bound only stops a hang).
    eventually(
        Duration::from_secs(30),
        "the relay to evict stalled connections",
        || async { stalled.iter().filter(|stream| is_closed(stream)).count() >= 300 - 256 },
    )
    .await;
}

/// Whether the relay closed `stream` (end of file or a reset), without waiting.
fn is_closed(stream: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.try_read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => error.kind() != std::io::ErrorKind::WouldBlock,
    }
}

fn limits() -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout: Duration::from_secs(300),
        idle_timeout: Duration::from_secs(300),
        body_read_timeout: Duration::from_secs(300),
        max_connections: 64,
    }
}

async fn start_with_limits(limits: ConnectionLimits) -> Harness {
    let mut config = config();
    config.connections = limits;
    start_with(config).await
}

/// Reads until the relay closes the connection, returning what it sent. The bound only
/// keeps a broken relay from hanging the test; the timeouts under test are far shorter.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    within(
        Duration::from_secs(30),
        "the relay to close the connection",
        async {
            let mut received = Vec::new();
            // A reset counts as closed too.
            let _ = stream.read_to_end(&mut received).await;
            String::from_utf8_lossy(&received).into_owned()
        },
    )
    .await
}

#[tokio::test]
async fn a_head_that_never_ends_is_cut_by_the_header_read_timeout() {
    let h = start_with_limits(ConnectionLimits {
        header_read_timeout: Duration::from_millis(200),
        ..limits()
    })
    .await;
    let mut stream = TcpStream::connect(h.relay.addr()).await.unwrap();
    stream.write_all(STALLED_HEAD).await.unwrap();
    read_until_closed(&mut stream).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let h = start_with_limits(ConnectionLimits {
        idle_timeout: Duration::from_millis(200),
        ..limits()
    })
    .await;
    let mut stream = TcpStream::connect(h.relay.addr()).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
}

#[tokio::test]
async fn a_body_that_stalls_gets_408_json() {
    let h = start_with_limits(ConnectionLimits {
        body_read_timeout: Duration::from_millis(200),
        ..limits()
    })
    .await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let mut stream = TcpStream::connect(h.relay.addr()).await.unwrap();
    let head = format!(
        "POST /hooks/{} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\nConnection: close\r\n\r\n{{\"event_id\":",
        channel.channel_id
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains(r#""code":"body_timeout""#), "{received}");
}

/// Sends one request on a fresh connection and returns the whole answer.
async fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.ok();
    read_until_closed(&mut stream).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_every_connection_is_busy_healthz_still_answers_and_the_rest_get_503_json() {
    let h = Arc::new(
        start_with_limits(ConnectionLimits {
            max_connections: 3,
            ..limits()
        })
        .await,
    );
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let addr = h.relay.addr();
    let probe = format!(
        "POST /hooks/{} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        channel.channel_id
    );
    // Fill the three places with long-polls. A probe served normally means one place was
    // not busy yet (the probe may have evicted a long-poll still sending its request), so
    // start another long-poll and look again.
    let mut polls = Vec::new();
    let saturated = within(Duration::from_secs(60), "three busy long-polls", async {
        loop {
            for _ in polls.len()..3 {
                let (h, channel) = (h.clone(), channel.clone());
                polls.push(tokio::spawn(async move {
                    // Each on its own client, so each holds its own connection.
                    let url = format!(
                        "{}/v1/channels/{}/events?wait=3",
                        h.relay.base_url(),
                        channel.channel_id
                    );
                    reqwest::Client::new()
                        .get(url)
                        .bearer_auth(&channel.pull_token)
                        .send()
                        .await
                        .map(|response| response.status())
                }));
            }
            let answer = raw_request(addr, &probe).await;
            if answer.starts_with("HTTP/1.1 503") {
                return answer;
            }
            polls.retain(|poll| !poll.is_finished());
        }
    })
    .await;
    assert!(saturated.contains(r#""code":"overloaded""#), "{saturated}");
    let health = raw_request(
        addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    for poll in &polls {
        poll.abort();
    }
    // Read once the long-polls have ended (they wait 3 s at most), so the metrics request
    // is not shed itself: the probe and /healthz were both served from the headroom.
    eventually(Duration::from_secs(30), "the long-polls to end", || async {
        h.metric(r#"ponte_relay_connections_shed_total{how="headroom"}"#)
            .await
            .is_some_and(|headroom| headroom >= 2.0)
    })
    .await;
    for poll in polls {
        poll.abort();
    }
}
