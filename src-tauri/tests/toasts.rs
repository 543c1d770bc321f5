//! A desktop notification reaches a real notification daemon: dunst on the test's display
//! and private D-Bus session (both provided by `./dev test`), read back from its history.

use ponte_core::store::NotificationLevel;
use ponte_desktop::toasts;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set by `./dev test`, which provides the display and the private bus.
const ENABLE_VAR: &str = "PONTE_DESKTOP_E2E";
const NOTIFICATIONS_BUS_NAME: &str = "org.freedesktop.Notifications";

/// dunst, ended on drop.
struct Dunst(Child);

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_dunst() -> Dunst {
    let child = Command::new("dunst")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("dunst starts (apt-get install dunst)");
    let dunst = Dunst(child);
    // Showing before dunst owns the name would let D-Bus activate some other daemon.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !bus_name_owned(NOTIFICATIONS_BUS_NAME) {
        assert!(
            Instant::now() < deadline,
            "dunst did not take {NOTIFICATIONS_BUS_NAME}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    dunst
}

fn bus_name_owned(name: &str) -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
}

fn dunstctl(args: &[&str]) -> String {
    let out = Command::new("dunstctl")
        .args(args)
        .output()
        .expect("dunstctl runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_error_notification_reaches_the_desktop_daemon() {
    if std::env::var(ENABLE_VAR).as_deref() != Ok("1") {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the notification test: use ./dev test"
        );
        eprintln!("notification test skipped: run it with ./dev test ({ENABLE_VAR}=1)");
        return;
    }
    let _dunst = start_dunst();
    let title = format!(
        "Loja Centro: a sincronização falhou ({})",
        std::process::id()
    );
    let body = "Credenciais inválidas: confira os tokens em Integrações.";
    toasts::show(&title, body, NotificationLevel::Error).expect("the daemon accepts it");

    // dunst keeps a shown notification out of its history until it is closed.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        dunstctl(&["close-all"]);
        let history = dunstctl(&["history"]);
        if history.contains(&title) {
            assert!(history.contains(body), "{history}");
            assert!(history.contains("Ponte"), "the app name: {history}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not in dunst's history: {history}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
