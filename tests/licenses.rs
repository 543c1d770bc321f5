//! `ui/src/lib/licenses.json`, the licences Sobre lists, must match what the app links
//! and bundles now, and every package must declare a licence. Offline: Cargo.lock and
//! ui/node_modules only. `PONTE_UPDATE_LICENSES=1 cargo nextest run -p ponte-e2e --test
//! licenses` (or `scripts/dev/licenses.sh`) rewrites it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const UNDECLARED: &str = "licença não declarada";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The script's output; with `write`, it rewrites the committed file instead.
fn run_script(write: bool) -> String {
    let mut command = Command::new("bash");
    command.arg(workspace().join("scripts/dev/licenses.sh"));
    if !write {
        command.arg("--stdout");
    }
    let output = command.output().expect("bash runs");
    assert!(
        output.status.success(),
        "scripts/dev/licenses.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_licence_list_is_current_and_complete() {
    let committed_path = workspace().join("ui/src/lib/licenses.json");
    if std::env::var_os("PONTE_UPDATE_LICENSES").is_some() {
        run_script(true);
    } else {
        let fresh = run_script(false);
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            fresh == committed,
            "ui/src/lib/licenses.json is stale: run scripts/dev/licenses.sh"
        );
    }

    let listing: Value =
        serde_json::from_str(&std::fs::read_to_string(&committed_path).expect("read"))
            .expect("JSON");
    let names = |kind: &str| -> Vec<String> {
        listing[kind]
            .as_array()
            .unwrap_or_else(|| panic!("no {kind} list"))
            .iter()
            .map(|package| package["name"].as_str().expect("name").to_string())
            .collect()
    };
    // The shell, the CLI's parser and the UI framework are there; our own crates are not.
    let (rust, npm) = (names("rust"), names("npm"));
    for expected in ["tauri", "clap", "sqlx-core"] {
        assert!(
            rust.iter().any(|name| name == expected),
            "{expected} missing"
        );
    }
    for expected in ["svelte", "@tauri-apps/api", "chart.js"] {
        assert!(
            npm.iter().any(|name| name == expected),
            "{expected} missing"
        );
    }
    assert!(
        !rust.iter().any(|name| name.starts_with("ponte")),
        "{rust:?}"
    );

    let undeclared: Vec<String> = ["rust", "npm"]
        .iter()
        .flat_map(|kind| listing[kind].as_array().into_iter().flatten())
        .filter(|package| package["license"] == UNDECLARED)
        .map(|package| format!("{} {}", package["name"], package["version"]))
        .collect();
    assert!(
        undeclared.is_empty(),
        "these packages declare no licence; read the licence file each ships and decide \
         whether Ponte may bundle it: {undeclared:?}"
    );
}
