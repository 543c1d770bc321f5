//! `./dev`'s UI toolchain needs no system Node: the UI's checks run on the pinned Node that
//! `scripts/dev/install.sh` puts under `.dev/node/`, with `PATH` stripped of every other
//! `node` and `npm`. Also keeps `ui/package.json`'s `engines` on the pinned version.
//!
//! Runs svelte-check only, not `check_ui`'s Vitest too: under `./dev test` on two cores the
//! pair takes over a minute, and svelte-check already goes through everything Vitest would
//! (the pinned npm, its run-script, a Node tool from `node_modules/.bin`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a system Node install puts on `PATH`: none may be reachable.
const NODE_COMMANDS: [&str; 5] = ["node", "nodejs", "npm", "npx", "corepack"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// `DEV_NODE_VERSION`, read the way `./dev` reads it.
fn pinned_version(root: &Path) -> String {
    let output = Command::new("bash")
        .arg("-c")
        .arg("source scripts/dev/lib.sh; source scripts/dev/install.sh; printf %s \"$DEV_NODE_VERSION\"")
        .current_dir(root)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "sourcing scripts/dev/install.sh failed"
    );
    let version = String::from_utf8(output.stdout).expect("UTF-8 version");
    assert!(!version.is_empty(), "DEV_NODE_VERSION is empty");
    version
}

/// `PATH` with every directory holding a Node command replaced by a copy (symlinks) without
/// those commands: on merged-/usr systems `/usr/bin` holds node next to bash and env, so
/// dropping the directory would drop the shell too.
fn path_without_node(scratch: &Path) -> OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = Vec::new();
    for (index, dir) in std::env::split_paths(&path).enumerate() {
        if !NODE_COMMANDS.iter().any(|name| dir.join(name).exists()) {
            dirs.push(dir);
            continue;
        }
        let mirror = scratch.join(index.to_string());
        std::fs::create_dir(&mirror).expect("mirror dir");
        for entry in std::fs::read_dir(&dir).expect("PATH dir readable") {
            let entry = entry.expect("PATH dir entry");
            let name = entry.file_name();
            if NODE_COMMANDS.iter().any(|node| name == *node) {
                continue;
            }
            std::os::unix::fs::symlink(entry.path(), mirror.join(&name)).expect("symlink");
        }
        dirs.push(mirror);
    }
    std::env::join_paths(dirs).expect("PATH joins")
}

#[test]
fn ui_checks_run_on_the_pinned_node_without_a_system_node() {
    let root = repo_root();
    let version = pinned_version(&root);
    let node = root.join(".dev/node").join(&version).join("bin/node");
    assert!(
        node.exists(),
        "{} is missing: run ./dev test, which installs the pinned Node.js {version}",
        node.display()
    );
    let scratch = tempfile::tempdir().expect("scratch dir");
    let output = Command::new("bash")
        .arg("-c")
        .arg(
            r#"set -euo pipefail
source scripts/dev/lib.sh; source scripts/dev/install.sh; source scripts/dev/ui.sh
if command -v node npm; then echo "PATH still reaches a node or npm" >&2; exit 90; fi
use_dev_node
printf 'node=%s npm=%s\n' "$(node --version)" "$(command -v npm)"
step "ui: svelte-check" npm --prefix ui run --silent check"#,
        )
        .current_dir(&root)
        .env("PATH", path_without_node(scratch.path()))
        // How npm tells child scripts which node ran it: only PATH may decide.
        .env_remove("NODE")
        .env_remove("npm_node_execpath")
        .env_remove("npm_execpath")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the UI check failed on the pinned Node without a system Node\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let npm = root.join(".dev/node").join(&version).join("bin/npm");
    let expected = format!("node=v{version} npm={}", npm.display());
    assert!(
        stdout.lines().any(|line| line == expected),
        "expected `{expected}` in\n{stdout}"
    );
}

#[test]
fn ui_engines_match_the_pinned_node() {
    let root = repo_root();
    let version = pinned_version(&root);
    let text = std::fs::read_to_string(root.join("ui/package.json")).expect("ui/package.json");
    let package: serde_json::Value = serde_json::from_str(&text).expect("ui/package.json is JSON");
    assert_eq!(
        package["engines"]["node"].as_str(),
        Some(format!(">={version}").as_str()),
        "ui/package.json engines.node must follow DEV_NODE_VERSION in scripts/dev/install.sh"
    );
}
