//! `ponte --version` and `ponte-desktop --version`, as an operator (or the install test)
//! runs them: the workspace version, the commit the binary was built from, and the build
//! date, all on one line.

use ponte_e2e::bin;
use std::process::Command;

/// The fields of "NAME VERSION (commit HASH, compilado em YYYY-MM-DD)".
fn version_fields(program: &str) -> (String, String, String) {
    let output = Command::new(bin(program))
        .arg("--version")
        .output()
        .expect("program runs");
    assert!(output.status.success(), "{program} --version failed");
    let line = String::from_utf8(output.stdout).expect("utf-8");
    let rest = line
        .trim_end()
        .strip_prefix(&format!("{program} "))
        .unwrap_or_else(|| panic!("no program name in {line:?}"));
    let (version, rest) = rest.split_once(" (commit ").expect("a commit field");
    let (commit, rest) = rest.split_once(", compilado em ").expect("a date field");
    let date = rest.strip_suffix(')').expect("closing parenthesis");
    (version.into(), commit.into(), date.into())
}

/// The commit HEAD is at, when this is a git checkout with git installed.
fn head_commit() -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn assert_build_facts(program: &str) {
    let (version, commit, date) = version_fields(program);
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "{program}: version");
    match head_commit() {
        Some(head) => assert_eq!(commit, head, "{program}: commit"),
        None => assert_eq!(commit, "desconhecido", "{program}: commit"),
    }
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        parts.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&parts)
                .all(|(len, part)| part.len() == *len
                    && part.bytes().all(|byte| byte.is_ascii_digit())),
        "{program}: build date {date:?} is not YYYY-MM-DD"
    );
}

#[test]
fn ponte_version_names_commit_and_build_date() {
    assert_build_facts("ponte");
}

#[test]
fn ponte_desktop_version_names_commit_and_build_date() {
    assert_build_facts("ponte-desktop");
}
