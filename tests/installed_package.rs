//! The .deb as an operator gets it: `./dev test` bundles the build it has just made with
//! Tauri's bundler (`scripts/dev/package.sh`, the same config as `./dev package`), and this
//! test checks what the package carries, installs it with apt-get, launches the installed
//! `/usr/bin/ponte-desktop --demo` in a real window through tauri-driver (the Painel and a
//! finished "Sincronizar Agora"), runs the installed `ponte --version` and `ponte status`,
//! has the installed CLI open a store the previous release wrote (migrated after a
//! backup, every total kept), removes the package, and checks that the data folder and the
//! keyring entries are still there. Whatever happens, the package is removed again: the
//! machine is left as it was.

use ponte_e2e::desktop::{TauriDriver, click, wait_for_text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Set by `./dev test` after it has bundled the .deb.
const ENABLE_VAR: &str = "PONTE_PACKAGE_TEST";
const PACKAGE: &str = "ponte";
const SYNC_TIMEOUT: Duration = Duration::from_secs(180);
const SCREEN_TIMEOUT: Duration = Duration::from_secs(30);
/// The store in a data folder (`ponte_core::store::DATABASE_FILE`).
const STORE_FILE: &str = "ponte.db";

#[tokio::test(flavor = "multi_thread")]
async fn the_deb_installs_runs_and_uninstalls_without_touching_the_operators_data() {
    if !enabled() {
        return;
    }
    let deb = built_deb();
    package_carries_what_an_operator_needs(&deb);
    assert!(
        !installed(),
        "the package {PACKAGE} is already installed here: remove it (apt-get remove {PACKAGE}) so the test can install its own and leave the machine as it was"
    );

    let home = tempfile::tempdir().expect("temp dir");
    let keyring_entry = KeyringEntry::store();
    let package = InstalledPackage::install(&deb);

    let data_dir = home.path().join("data/ponte-demo");
    demo_syncs_in_the_installed_window(home.path()).await;
    installed_cli_answers(&data_dir);
    an_older_release_store_upgrades_after_a_backup(&home.path().join("upgraded")).await;

    package.remove();
    assert!(
        !Path::new("/usr/bin/ponte-desktop").exists() && !Path::new("/usr/bin/ponte").exists(),
        "removing the package leaves its binaries behind"
    );
    assert!(
        data_dir.join(STORE_FILE).is_file(),
        "removing the package touched the data folder {}",
        data_dir.display()
    );
    assert_eq!(
        keyring_entry.lookup().as_deref(),
        Some(KeyringEntry::SECRET),
        "removing the package touched the keyring"
    );
}

fn enabled() -> bool {
    if std::env::var(ENABLE_VAR).as_deref() == Ok("1") {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must run the install test: use ./dev test"
    );
    eprintln!("install test skipped: ./dev test runs it ({ENABLE_VAR}=1)");
    false
}

/// The one .deb `scripts/dev/package.sh` bundled from this build.
fn built_deb() -> PathBuf {
    let dir = ponte_e2e::bin_dir().join("bundle/deb");
    let debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error} (run ./dev test)", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .collect();
    assert_eq!(debs.len(), 1, "one .deb in {}: {debs:?}", dir.display());
    debs.into_iter().next().expect("one .deb")
}

/// The control fields, the files, and the desktop entry.
fn package_carries_what_an_operator_needs(deb: &Path) {
    let info = stdout(Command::new("dpkg-deb").arg("-I").arg(deb));
    assert!(info.contains(&format!("Package: {PACKAGE}\n")), "{info}");
    assert!(
        info.contains(&format!("Version: {}\n", env!("CARGO_PKG_VERSION"))),
        "the package's version is the workspace's: {info}"
    );
    let depends = control_field(&info, "Depends");
    for needed in [
        "libwebkit2gtk-4.1-0",
        "libgtk-3-0",
        "libayatana-appindicator3-1",
        "libdbus-1-3",
    ] {
        assert!(
            depends.contains(&needed),
            "Depends lacks {needed}: {depends:?}"
        );
    }

    libc_dependency_covers_the_binaries(&info, deb);

    let contents = stdout(Command::new("dpkg-deb").arg("-c").arg(deb));
    for file in [
        "usr/bin/ponte-desktop",
        "usr/bin/ponte",
        "usr/share/applications/Ponte.desktop",
        "usr/share/icons/hicolor/128x128/apps/ponte-desktop.png",
    ] {
        assert!(
            contents
                .lines()
                .any(|line| line.ends_with(&format!(" {file}"))),
            "the package lacks {file}:\n{contents}"
        );
    }

    let entry = file_in_deb(deb, "usr/share/applications/Ponte.desktop");
    for line in [
        "Name=Ponte",
        "Exec=ponte-desktop",
        "Icon=ponte-desktop",
        "Categories=Office;Finance;",
        "Comment[pt_BR]=Espelha o Gestão Click e a Coinzz num banco local, com DRE, fluxo de caixa e relatórios",
        "Exec=ponte-desktop --demo",
    ] {
        assert!(
            entry.lines().any(|l| l == line),
            "desktop entry lacks {line:?}:\n{entry}"
        );
    }
}

/// `libc6 (>= X)` in Depends is at least the newest glibc symbol version the packaged
/// binaries link against: a build machine with a newer glibc must raise it, or the package
/// would install on systems where the binaries cannot start.
fn libc_dependency_covers_the_binaries(info: &str, deb: &Path) {
    let declared = info
        .lines()
        .find_map(|line| line.strip_prefix(" Depends: "))
        .and_then(|depends| {
            depends
                .split(", ")
                .find_map(|dependency| dependency.strip_prefix("libc6 (>= "))
        })
        .and_then(|version| version.strip_suffix(')'))
        .unwrap_or_else(|| panic!("Depends has no versioned libc6:\n{info}"));
    let unpacked = tempfile::tempdir().expect("temp dir");
    let out = Command::new("dpkg-deb")
        .arg("-x")
        .arg(deb)
        .arg(unpacked.path())
        .output()
        .expect("dpkg-deb runs");
    assert_success("dpkg-deb -x", &out);
    for binary in ["usr/bin/ponte-desktop", "usr/bin/ponte"] {
        let symbols = stdout(
            Command::new("objdump")
                .arg("-T")
                .arg(unpacked.path().join(binary)),
        );
        let needed = symbols
            .split_whitespace()
            // Versions print bare ("GLIBC_2.35") or hidden ones in parentheses.
            .map(|word| word.trim_matches(|c| c == '(' || c == ')'))
            .filter_map(|word| word.strip_prefix("GLIBC_"))
            .map(glibc_version)
            .max()
            .expect("dynamic glibc symbols");
        assert!(
            needed <= glibc_version(declared),
            "{binary} needs glibc {needed:?}, Depends says libc6 (>= {declared})"
        );
    }
}

fn glibc_version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|part| part.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn control_field<'a>(info: &'a str, field: &str) -> Vec<&'a str> {
    let prefix = format!(" {field}: ");
    info.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {field} in:\n{info}"))
        .split(',')
        .map(|dependency| dependency.split_whitespace().next().unwrap_or_default())
        .collect()
}

fn file_in_deb(deb: &Path, path: &str) -> String {
    let tar = Command::new("dpkg-deb")
        .arg("--fsys-tarfile")
        .arg(deb)
        .output()
        .expect("dpkg-deb runs");
    assert!(tar.status.success(), "dpkg-deb --fsys-tarfile failed");
    let mut tar_cmd = Command::new("tar");
    tar_cmd
        .args(["-xO", "-f", "-", path])
        .stdin(std::process::Stdio::piped());
    let mut child = tar_cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("tar runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("tar stdin");
        stdin.write_all(&tar.stdout).expect("tar reads the archive");
    }
    let out = child.wait_with_output().expect("tar finishes");
    assert!(out.status.success(), "{path} is not in the package");
    String::from_utf8(out.stdout).expect("utf-8 desktop entry")
}

/// The installed app, with its own empty XDG folders: it finds no store, opens the demo,
/// syncs from its in-process sandbox and shows the result on the Painel.
async fn demo_syncs_in_the_installed_window(home: &Path) {
    let xdg = |name: &str| home.join(name).to_string_lossy().into_owned();
    let driver = TauriDriver::start_with_env(&[
        ("XDG_DATA_HOME", xdg("data")),
        ("XDG_CONFIG_HOME", xdg("config")),
        ("XDG_CACHE_HOME", xdg("cache")),
        ("XDG_STATE_HOME", xdg("state")),
    ]);
    let client = driver
        .session(
            Path::new("/usr/bin/ponte-desktop"),
            &["--demo", "--demo-changes-per-minute", "0"],
        )
        .await;
    let outcome = tokio::spawn({
        let client = client.clone();
        async move {
            wait_for_text(
                &client,
                "[data-testid=demo-banner]",
                SCREEN_TIMEOUT,
                |text| text.contains("Modo demonstração"),
            )
            .await;
            click(&client, "[data-testid=sync-now]").await;
            let last_sync =
                wait_for_text(&client, "[data-testid=last-sync]", SYNC_TIMEOUT, |text| {
                    text.contains("Concluída")
                })
                .await;
            assert!(last_sync.contains("criados"), "{last_sync}");
        }
    })
    .await;
    let _ = client.close().await;
    drop(driver);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

/// The installed CLI: its version, and the status of the store the installed app wrote.
fn installed_cli_answers(data_dir: &Path) {
    let version = stdout(Command::new("/usr/bin/ponte").arg("--version"));
    assert!(
        version.contains(env!("CARGO_PKG_VERSION")),
        "ponte --version: {version}"
    );
    let status = stdout(
        Command::new("/usr/bin/ponte")
            .arg("--data-dir")
            .arg(data_dir)
            .arg("status"),
    );
    assert!(
        status.contains("Gestão Click"),
        "ponte status of the demo's store: {status}"
    );
}

/// The store fixture: written by the previous release (`ponte` at the commit its name
/// gives) syncing the sandbox's seeded account, zipped; beside it what that release's
/// `ponte status --json` said of it and its schema version.
const OLDER_STORE: &str = "fixtures/store-0.1.0-1f5b280";

/// The installed CLI opens a store of the previous release: the pending migrations run
/// after a verified "before-migration" backup of the old file, and every mirrored total is
/// what the old release counted.
async fn an_older_release_store_upgrades_after_a_backup(data_dir: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"));
    let recorded: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join(format!("{OLDER_STORE}.json")))
            .expect("fixture's record"),
    )
    .expect("fixture's record is JSON");
    std::fs::create_dir_all(data_dir).expect("data dir");
    let zipped =
        std::fs::File::open(fixtures.join(format!("{OLDER_STORE}.zip"))).expect("fixture's store");
    let mut archive = zip::ZipArchive::new(zipped).expect("fixture zip");
    let mut store = archive.by_name(STORE_FILE).expect("store in the zip");
    let mut file = std::fs::File::create(data_dir.join(STORE_FILE)).expect("store file");
    std::io::copy(&mut store, &mut file).expect("unzip the store");
    drop(file);

    let older_schema = recorded["schema_version"].as_i64().expect("schema_version");
    assert!(
        older_schema < newest_migration(),
        "the fixture is not older than this build's schema: nothing to upgrade"
    );
    let status: serde_json::Value = serde_json::from_str(&stdout(
        Command::new("/usr/bin/ponte")
            .arg("--data-dir")
            .arg(data_dir)
            .args(["status", "--json"]),
    ))
    .expect("status JSON");
    assert_eq!(
        status[0]["totals"], recorded["totals"],
        "the upgraded store's totals differ from what the previous release counted"
    );

    let backups: serde_json::Value = serde_json::from_str(&stdout(
        Command::new("/usr/bin/ponte")
            .arg("--data-dir")
            .arg(data_dir)
            .args(["backup", "list", "--json"]),
    ))
    .expect("backup list JSON");
    let before_migration: Vec<&serde_json::Value> = backups
        .as_array()
        .expect("a list")
        .iter()
        .filter(|backup| backup["kind"] == "before-migration")
        .collect();
    assert_eq!(before_migration.len(), 1, "{backups}");
    assert_eq!(before_migration[0]["schema_version"], older_schema);
    assert_eq!(before_migration[0]["intact"], true);

    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(data_dir.join(STORE_FILE))
            .read_only(true),
    )
    .await
    .expect("the upgraded store opens");
    let applied: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&pool)
            .await
            .expect("applied migrations");
    pool.close().await;
    assert_eq!(applied, newest_migration(), "not every migration ran");
}

/// The newest migration this build carries (`migrations/NNN_name.sql`).
fn newest_migration() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    std::fs::read_dir(&dir)
        .expect("migrations dir")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.split('_').next()?.parse().ok()
        })
        .max()
        .expect("at least one migration")
}

fn installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", PACKAGE])
        .output()
        .is_ok_and(|out| out.stdout == b"installed")
}

/// The package installed by this test, removed on drop if the test did not get that far.
struct InstalledPackage {
    removed: bool,
}

impl InstalledPackage {
    fn install(deb: &Path) -> InstalledPackage {
        // apt-get wants a path, not a bare name, to install a local file.
        let deb = std::fs::canonicalize(deb).expect("absolute .deb path");
        let out = as_root(&["apt-get", "install", "-y", "-q", "--no-install-recommends"])
            .arg(&deb)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
            .expect("apt-get runs");
        assert_success("apt-get install", &out);
        assert!(installed(), "apt-get left {PACKAGE} uninstalled");
        InstalledPackage { removed: false }
    }

    fn remove(mut self) {
        self.removed = true;
        let out = remove_package();
        assert_success("apt-get remove", &out);
        assert!(!installed(), "apt-get left {PACKAGE} installed");
    }
}

impl Drop for InstalledPackage {
    fn drop(&mut self) {
        if !self.removed {
            let _ = remove_package();
        }
    }
}

fn remove_package() -> Output {
    as_root(&["apt-get", "remove", "-y", "-q", PACKAGE])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .expect("apt-get runs")
}

/// A command run as root: directly when the test is root (CI), else through sudo.
fn as_root(argv: &[&str]) -> Command {
    let root = stdout(Command::new("id").arg("-u")).trim() == "0";
    let mut command = if root {
        Command::new(argv[0])
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", argv[0]]);
        sudo
    };
    command.args(&argv[1..]);
    command
}

/// An entry under the app's keyring service, stored before the install and read back
/// after the removal; deleted on drop.
struct KeyringEntry;

impl KeyringEntry {
    const SECRET: &str = "install-test-secret";
    const ATTRIBUTES: [&str; 4] = ["service", "br.ponte.desktop", "account", "install-test"];

    fn store() -> KeyringEntry {
        let mut child = Command::new("secret-tool")
            .args(["store", "--label", "Ponte install test"])
            .args(Self::ATTRIBUTES)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("secret-tool runs (./dev test provides the keyring)");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("secret-tool stdin");
            stdin
                .write_all(Self::SECRET.as_bytes())
                .expect("secret-tool reads the secret");
        }
        assert!(
            child.wait().expect("secret-tool finishes").success(),
            "secret-tool could not store the entry"
        );
        KeyringEntry
    }

    fn lookup(&self) -> Option<String> {
        let out = Command::new("secret-tool")
            .arg("lookup")
            .args(Self::ATTRIBUTES)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for KeyringEntry {
    fn drop(&mut self) {
        let _ = Command::new("secret-tool")
            .arg("clear")
            .args(Self::ATTRIBUTES)
            .status();
    }
}

fn stdout(command: &mut Command) -> String {
    let out = command.output().expect("command runs");
    assert_success(&format!("{command:?}"), &out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_success(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
