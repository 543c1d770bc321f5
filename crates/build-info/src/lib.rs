//! The build facts `ponte --version`, `ponte-desktop --version` and the Sobre screen show:
//! the commit and the build date, handed to the compiler as `PONTE_COMMIT`,
//! `PONTE_BUILD_DATE` and `PONTE_VERSION_LINE` by each binary's build script.
//!
//! A build without git (a source tarball) says "desconhecido" instead of failing. The
//! script reruns only when HEAD moves or `SOURCE_DATE_EPOCH` changes, so same-day builds
//! keep cargo's caches warm; the date is therefore the day HEAD last moved under this
//! target dir, or the day `SOURCE_DATE_EPOCH` names for reproducible release builds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The commit shown when the source is not a git checkout (or git is not installed).
pub const UNKNOWN_COMMIT: &str = "desconhecido";

/// Prints the `cargo:` lines of a build script. Call from `build.rs`'s `main`.
pub fn emit() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    for watched in git_watch_list(&manifest_dir) {
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    let commit = git(&manifest_dir, &["rev-parse", "--short=12", "HEAD"])
        .unwrap_or_else(|| UNKNOWN_COMMIT.to_string());
    let date = build_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref());
    println!("cargo:rustc-env=PONTE_COMMIT={commit}");
    println!("cargo:rustc-env=PONTE_BUILD_DATE={date}");
    println!(
        "cargo:rustc-env=PONTE_VERSION_LINE={}",
        version_line(&version, &commit, &date)
    );
}

/// What `--version` prints after the program's name.
pub fn version_line(version: &str, commit: &str, date: &str) -> String {
    format!("{version} (commit {commit}, compilado em {date})")
}

/// The files whose change means HEAD moved: HEAD itself (a checkout), the branch it points
/// to (a commit), and packed-refs (a branch packed by `git gc`). Only existing files: cargo
/// reruns a build script on every build when a watched path is missing.
fn git_watch_list(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let git_path = |name: &str| git(dir, &["rev-parse", "--git-path", name]).map(|p| dir.join(p));
    if let Some(head) = git_path("HEAD") {
        paths.push(head);
    }
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        paths.extend(git_path(&branch));
    }
    paths.extend(git_path("packed-refs"));
    paths.retain(|path| path.is_file());
    paths
}

/// One line of git's output, or None when git or the repository is missing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.trim();
    (output.status.success() && !line.is_empty()).then(|| line.to_string())
}

/// `YYYY-MM-DD` in UTC, of `SOURCE_DATE_EPOCH` when it is a number of seconds, else now.
pub fn build_date(source_date_epoch: Option<&str>) -> String {
    let seconds = source_date_epoch
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_secs())
                .unwrap_or(0)
        });
    let (year, month, day) = civil_from_days(seconds / 86_400);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm), so
/// the build scripts need no date crate.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_sets_the_date() {
        assert_eq!(build_date(Some("0")), "1970-01-01");
        assert_eq!(build_date(Some("951782400")), "2000-02-29");
        assert_eq!(build_date(Some("1796601599")), "2026-12-06");
        assert_eq!(build_date(Some("4107542400")), "2100-03-01");
    }

    #[test]
    fn a_malformed_epoch_falls_back_to_the_clock() {
        let date = build_date(Some("ontem"));
        let parts: Vec<&str> = date.split('-').collect();
        assert_eq!(
            parts.iter().map(|part| part.len()).collect::<Vec<_>>(),
            [4, 2, 2]
        );
        assert!(parts[0] >= "2026", "{date}");
    }

    #[test]
    fn the_version_line_names_commit_and_date() {
        assert_eq!(
            version_line("0.1.0", "0123456789ab", "2026-12-06"),
            "0.1.0 (commit 0123456789ab, compilado em 2026-12-06)"
        );
    }
}
