//! `ponte` on bad paths and bad input, as an operator meets them: each is refused at once
//! with exit code 1, its error code, and a pt-BR message that names the file or folder and
//! the next step. A read-only `ponte.db` still answers the read-only commands.

use ponte_e2e::{Ponte, bin};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn add_args<'a>(name: &'a str, base_url: &'a str) -> Vec<&'a str> {
    vec![
        "integration",
        "add",
        "gestaoclick",
        "--name",
        name,
        "--base-url",
        base_url,
        "--no-store-credentials",
    ]
}

/// Asserts `output` failed with exit code 1, `code`, and a message holding each of `says`.
fn assert_refused(output: &Output, code: &str, says: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("erro [{code}]")), "{stderr}");
    for words in says {
        assert!(stderr.contains(words), "no \"{words}\" in: {stderr}");
    }
}

fn integration_names(ponte: &Ponte) -> Vec<String> {
    let listed: Value =
        serde_json::from_str(&ponte.ok(&["integration", "list", "--json"], None)).expect("json");
    let rows = listed.as_array().cloned().unwrap_or_default();
    rows.iter()
        .map(|row| row["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn an_api_address_that_is_not_http_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());
    for bad in ["not a url", "file:///etc/passwd", "ftp://"] {
        let output = ponte.run(&add_args("Loja", bad), None);
        assert_refused(&output, "invalid_input", &["endereço da API", bad]);
    }
    assert!(integration_names(&ponte).is_empty(), "nothing was kept");
}

#[test]
fn an_integration_name_of_five_thousand_characters_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());
    let name = "a".repeat(5_000);
    let output = ponte.run(&add_args(&name, "http://127.0.0.1:9"), None);
    assert_refused(
        &output,
        "invalid_input",
        &["5000 caracteres", "o limite é 80"],
    );
    assert!(integration_names(&ponte).is_empty(), "nothing was kept");
}

#[test]
fn a_data_directory_under_a_file_names_the_folder_and_the_option() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("arquivo");
    std::fs::write(&file, "não é pasta").expect("a file");
    let data_dir = file.join("dados");
    let output = Ponte::new(&data_dir).run(&["status"], None);
    assert_refused(
        &output,
        "data_dir",
        &[&data_dir.display().to_string(), "--data-dir"],
    );
}

#[test]
fn a_store_that_cannot_be_opened_names_the_folder_and_the_option() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("ponte.db")).expect("a folder in the file's place");
    let output = Ponte::new(dir.path()).run(&["status"], None);
    assert_refused(
        &output,
        "store_unopenable",
        &[&dir.path().display().to_string(), "--data-dir"],
    );
}

#[cfg(unix)]
#[test]
fn a_data_directory_whose_name_is_not_utf8_is_refused_in_portuguese() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join(std::ffi::OsStr::from_bytes(b"dados-\xff"));
    let output = Ponte::new(&data_dir).run(&["status"], None);
    assert_refused(
        &output,
        "data_dir_not_utf8",
        &["dados-\u{fffd}", "Renomeie a pasta"],
    );
}

/// Runs `ponte` as a user who may not write what root created: root itself ignores file
/// permissions, so as root the command runs as `nobody` (through `setpriv`).
fn run_unprivileged(data_dir: &Path, args: &[&str]) -> Output {
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    let mut command = match as_root {
        true => {
            let mut setpriv = Command::new("setpriv");
            setpriv.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
            setpriv.arg(bin("ponte"));
            setpriv
        }
        false => Command::new(bin("ponte")),
    };
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PONTE_GESTAOCLICK_ACCESS_TOKEN")
        .env_remove("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN")
        .output()
        .expect("ponte runs")
}

#[cfg(unix)]
#[test]
fn a_read_only_store_answers_status_and_refuses_writes_naming_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("dados");
    let ponte = Ponte::new(&data_dir);
    ponte.ok(&add_args("Loja Centro", "http://127.0.0.1:9"), None);
    let database = data_dir.join("ponte.db");
    // Everyone may enter the folders and create SQLite's side files; nobody but the owner
    // may write the store itself.
    for folder in [dir.path(), &data_dir, &data_dir.join("logs")] {
        if folder.exists() {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o777))
                .expect("folder open to all");
        }
    }
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o444))
        .expect("read-only store");

    let status = run_unprivileged(&data_dir, &["status", "--json"]);
    assert!(
        status.status.success(),
        "status on a read-only store: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stdout).contains("Loja Centro"));

    let write = run_unprivileged(&data_dir, &add_args("Loja Sul", "http://127.0.0.1:9"));
    assert_refused(
        &write,
        "read_only_store",
        &["somente leitura", &database.display().to_string()],
    );
}
