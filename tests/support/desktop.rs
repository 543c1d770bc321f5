//! The real window for the desktop tests: `tauri-driver` (which runs WebKitWebDriver,
//! which runs the built `ponte-desktop`) on free loopback ports, a WebDriver session on
//! it, and waits that poll the page until it shows what a test expects.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set by `./dev test`, which provides Xvfb, a private D-Bus session, tauri-driver and
/// WebKitWebDriver.
pub const ENABLE_VAR: &str = "PONTE_DESKTOP_E2E";

/// Whether the real-window tests can run here. In CI they must: a skip would hide them.
pub fn enabled() -> bool {
    if std::env::var(ENABLE_VAR).as_deref() == Ok("1") {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must run the real-window tests: use ./dev test"
    );
    eprintln!("real-window test skipped: run it with ./dev test ({ENABLE_VAR}=1)");
    false
}

/// A `tauri-driver` process, killed on drop with its process group: WebKitWebDriver and
/// the app it started would otherwise outlive the test.
pub struct TauriDriver {
    child: Child,
    pub url: String,
}

impl TauriDriver {
    pub fn start() -> TauriDriver {
        TauriDriver::start_with_env(&[])
    }

    /// tauri-driver with extra environment, which the app it launches inherits.
    pub fn start_with_env(env: &[(&str, String)]) -> TauriDriver {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(tauri_driver())
            .envs(env.iter().map(|(key, value)| (key, value)))
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            // Without it WebKitGTK paints a blank window under Xvfb and in VMs.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            // Its own process group, so dropping it also ends WebKitWebDriver and the app.
            .process_group(0)
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver --version '^2' --locked)");
        let driver = TauriDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        driver.wait_until_listening(port);
        driver
    }

    fn wait_until_listening(&self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A WebDriver session: tauri-driver launches `application` with `args`.
    pub async fn session(&self, application: &Path, args: &[&str]) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": application, "args": args }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        // tauri-driver answers before the WebKitWebDriver it starts for the session is
        // listening, and then drops the connection of that first request: one more try.
        let mut attempt = 1;
        loop {
            // An app that dies at launch (no display, say) leaves WebKitWebDriver waiting.
            let connected =
                tokio::time::timeout(Duration::from_secs(60), builder.connect(&self.url))
                    .await
                    .expect("ponte-desktop did not start within 60 s (is DISPLAY set?)");
            match connected {
                Ok(client) => return client,
                Err(error) if attempt == 1 => {
                    eprintln!("WebDriver session not opened ({error}); trying once more");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(error) => panic!("WebDriver session with ponte-desktop: {error}"),
            }
        }
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// How long one WebDriver call may take. WebKitWebDriver can stop answering (a crashed
/// web process, say); without a bound the test would hang instead of failing.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// Awaits one WebDriver call, failing the test with `what` when it does not answer.
async fn bounded<T>(what: &str, call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(CALL_TIMEOUT, call)
        .await
        .unwrap_or_else(|_| panic!("WebDriver did not answer within {CALL_TIMEOUT:?}: {what}"))
}

/// Polls `selector` until its text satisfies `accept`, and returns that text. The page
/// changes on its own (events, reloads), so one read is never enough.
pub async fn wait_for_text(
    client: &Client,
    selector: &str,
    timeout: Duration,
    accept: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + timeout;
    let mut last = None;
    loop {
        let read = async {
            let element = client.find(Locator::Css(selector)).await?;
            element.text().await
        };
        if let Ok(text) = bounded(&format!("text of {selector}"), read).await {
            if accept(&text) {
                return text;
            }
            last = Some(text);
        }
        assert!(
            Instant::now() < deadline,
            "{selector} did not show what was expected within {timeout:?}; last text: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Clicks `selector` once it is on the page.
pub async fn click(client: &Client, selector: &str) {
    // WebKitWebDriver refuses a click on an element it would have to scroll to inside a
    // scrolled container (a wide table), so it is brought into the view first. Sideways,
    // the nearest edge usually does; a header at the far edge of a table scrolled
    // sideways can stay clipped by the frame, so a refused click is tried again with the
    // element centred, then the nearest edge again (the page may still be laying out),
    // until CALL_TIMEOUT.
    let scrolls = [
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
        "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
    ];
    let deadline = Instant::now() + CALL_TIMEOUT;
    for attempt in 0.. {
        let centre = scrolls[attempt % scrolls.len()];
        let element = bounded(
            &format!("find {selector}"),
            client
                .wait()
                .at_most(CALL_TIMEOUT)
                .for_element(Locator::Css(selector)),
        )
        .await
        .unwrap_or_else(|error| panic!("{selector} not found: {error}"));
        let reference = serde_json::to_value(&element).expect("an element serializes");
        bounded(
            &format!("scroll to {selector}"),
            client.execute(centre, vec![reference]),
        )
        .await
        .unwrap_or_else(|error| panic!("cannot scroll to {selector}: {error}"));
        match bounded(&format!("click {selector}"), element.click()).await {
            Ok(_) => return,
            Err(error) if Instant::now() < deadline && not_interactable(&error) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(error) => panic!("{selector} not clickable: {error:?}"),
        }
    }
}

/// Whether WebDriver refused a click for where the element was (out of view, covered),
/// which a new scroll can mend.
fn not_interactable(error: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    matches!(
        error,
        CmdError::Standard(e)
            if matches!(e.error, ErrorStatus::ElementNotInteractable | ErrorStatus::ElementClickIntercepted)
    )
}

/// Types into the input `selector`.
pub async fn type_into(client: &Client, selector: &str, text: &str) {
    let element = bounded(
        &format!("find {selector}"),
        client.find(Locator::Css(selector)),
    )
    .await
    .unwrap_or_else(|error| panic!("{selector} not found: {error}"));
    bounded(&format!("type into {selector}"), element.send_keys(text))
        .await
        .unwrap_or_else(|error| panic!("cannot type into {selector}: {error}"));
}

/// The page as a PNG. WebKitWebDriver answers a screenshot only after the page's next
/// repaint, and under Xvfb an idle page never repaints, so a few frames of an invisible
/// opacity flicker are kept going until the shot is taken.
pub async fn screenshot(client: &Client) -> Result<Vec<u8>, String> {
    const FLICKER: &str = "
        const root = document.documentElement;
        let frames = 0;
        const flicker = () => {
            root.style.opacity = frames % 2 ? '' : '0.999';
            if (++frames < 600) requestAnimationFrame(flicker); else root.style.opacity = '';
        };
        requestAnimationFrame(flicker);";
    bounded("start repaints", client.execute(FLICKER, Vec::new()))
        .await
        .map_err(|error| error.to_string())?;
    bounded("screenshot", client.screenshot())
        .await
        .map_err(|error| error.to_string())
}

/// A count as the UI prints it, pt-BR: "1.234" is 1234.
pub fn parse_count(text: &str) -> u64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {text:?}"))
}

/// Answers the native (GTK) save dialog titled `title` with `path`: xdotool focuses it,
/// replaces the proposed name with the full path and presses Enter, as an operator would.
pub fn answer_save_dialog(title: &str, path: &Path) {
    let found = Command::new("timeout")
        .args([
            "30",
            "xdotool",
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            title,
        ])
        .output()
        .expect("xdotool runs (./dev test installs it)");
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no save dialog titled {title:?} appeared"));
    let path = path.to_str().expect("utf-8 path");
    for args in [
        vec!["windowfocus", "--sync", window.as_str()],
        vec!["key", "--clearmodifiers", "ctrl+a"],
        vec!["type", "--delay", "5", path],
        vec!["key", "Return"],
    ] {
        let status = Command::new("xdotool")
            .args(&args)
            .status()
            .expect("xdotool runs");
        assert!(status.success(), "xdotool {args:?} failed");
    }
}
