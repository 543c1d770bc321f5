//! Command-line options of the desktop app.

use clap::Parser;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "ponte-desktop",
    // The workspace version, the commit and the build date (build.rs).
    version = env!("PONTE_VERSION_LINE"),
    about = "Ponte: Gestão Click num banco local"
)]
pub struct Args {
    /// Demo mode: an in-process sandbox of Gestão Click, a preconfigured integration and a
    /// separate data folder. Needs no credentials.
    #[arg(long)]
    pub demo: bool,

    /// In demo mode, how many changes per minute the simulated Gestão Click makes and
    /// announces by webhook (0: none, the data stays as seeded).
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub demo_changes_per_minute: u32,

    /// Where the store and logs live (default: the platform's app-data folder, with a
    /// `-demo` sibling in demo mode). Also PONTE_DATA_DIR.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Start in the tray without showing the window (used by autostart at login).
    #[arg(long)]
    pub background: bool,
}

/// The flag autostart adds, so a login start stays in the tray.
pub const BACKGROUND_FLAG: &str = "--background";
