//! Where the apps run: an X display (a private Xvfb when DISPLAY is unset) and a private
//! D-Bus session bus, so nothing reaches the user's own session; both live as long as the
//! `Session` and end with it.

use crate::error::BenchError;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The screen: a little larger than the 1180x780 window.
const SCREEN: &str = "1280x860x24";
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// A helper process (Xvfb, dbus-daemon) killed on drop.
struct Helper(Child);

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Session {
    // Held only to end it on drop. Fields drop in declaration order: the bus, then Xvfb.
    _bus: Helper,
    bus_address: String,
    xvfb: Option<Helper>,
    display: String,
}

/// The first line `stdout` prints, within the timeout; the rest is drained in the
/// background so the writer never blocks or dies on a closed pipe.
fn first_line(stdout: ChildStdout, tool: &'static str) -> Result<String, BenchError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = tx.send(reader.read_line(&mut line).map(|_| line));
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    match rx.recv_timeout(READY_TIMEOUT) {
        Ok(Ok(line)) if !line.trim().is_empty() => Ok(line.trim().to_string()),
        Ok(Ok(_)) => Err(BenchError::Desktop(format!(
            "{tool} exited before it was ready"
        ))),
        Ok(Err(error)) => Err(BenchError::Io(error)),
        Err(_) => Err(BenchError::Desktop(format!(
            "{tool} was not ready within {} s",
            READY_TIMEOUT.as_secs()
        ))),
    }
}

fn spawn(tool: &'static str, command: &mut Command) -> Result<(Helper, String), BenchError> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| BenchError::ToolMissing { tool, source })?;
    let stdout = child.stdout.take();
    let helper = Helper(child);
    let line = match stdout {
        Some(stdout) => first_line(stdout, tool)?,
        None => return Err(BenchError::Desktop(format!("{tool}: no stdout"))),
    };
    Ok((helper, line))
}

impl Session {
    pub fn start() -> Result<Session, BenchError> {
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(display) if !display.is_empty() => (None, display),
            _ => {
                // -displayfd: Xvfb picks a free display itself and prints its number once
                // it accepts connections.
                let (xvfb, number) = spawn(
                    "Xvfb",
                    Command::new("Xvfb").args([
                        "-displayfd",
                        "1",
                        "-screen",
                        "0",
                        SCREEN,
                        "-nolisten",
                        "tcp",
                    ]),
                )?;
                (Some(xvfb), format!(":{number}"))
            }
        };
        // Services the bus activates (the accessibility bus, dconf) need the display too.
        let (bus, bus_address) = spawn(
            "dbus-daemon",
            Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
                .env("DISPLAY", &display),
        )?;
        Ok(Session {
            _bus: bus,
            bus_address,
            xvfb,
            display,
        })
    }

    /// What the apps run on, for the report.
    pub fn describe(&self) -> String {
        match self.xvfb {
            Some(_) => format!("Xvfb {} ({SCREEN}, started by the bench)", self.display),
            None => format!(
                "DISPLAY {} (not Xvfb: unset DISPLAY to get one)",
                self.display
            ),
        }
    }

    /// `program` set up to run here: this display (X11 even under Wayland), the private
    /// bus, and WebKit without compositing, which paints blank under Xvfb otherwise.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env("DISPLAY", &self.display)
            .env("GDK_BACKEND", "x11")
            .env_remove("WAYLAND_DISPLAY")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdin(Stdio::null());
        command
    }
}
