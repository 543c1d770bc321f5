//! "Exportar diagnóstico": one zip for support with what it takes to understand a problem
//! without access to the operator's machine: the log files of the recent days, the
//! doctor's report, the versions (app, schema, system) and the settings. Nothing secret
//! goes in: the tokens and relay secrets live in the keyring, the settings are written
//! field by field (never the keyring entry names or an address's user and password), and
//! the logs never hold a secret (`crate::logging`).

use super::Finding;
use crate::Core;
use crate::backups::BackupSettings;
use crate::error::{Error, Result};
use crate::logs::list_log_files;
use crate::paths::logs_dir;
use crate::store::{Preferences, newest_schema_version};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// How many days of log files go in, today included.
pub const LOG_DAYS: i64 = 7;

/// What went into an exported diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DiagnosticsExport {
    #[specta(type = String)]
    pub path: PathBuf,
    /// The names inside the zip, in the order written.
    pub entries: Vec<String>,
}

#[derive(Serialize)]
struct Versions {
    app: &'static str,
    /// The store is migrated to this build's newest schema when it opens.
    schema: i64,
    os: &'static str,
    arch: &'static str,
    exported_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct SettingsWithoutSecrets {
    preferences: Preferences,
    backups: BackupSettings,
    integrations: Vec<IntegrationSummary>,
    relay_channels: Vec<RelayChannelSummary>,
}

#[derive(Serialize)]
struct IntegrationSummary {
    id: i64,
    provider: String,
    name: String,
    base_url: String,
    settings: crate::store::IntegrationSettings,
    schedule_interval_minutes: Option<i64>,
    enabled: bool,
    include_in_reports: bool,
    realtime_only: bool,
    created_at: String,
}

#[derive(Serialize)]
struct RelayChannelSummary {
    integration_id: i64,
    relay_url: String,
    auth_mode: String,
    cursor: i64,
}

/// Runs the doctor's checks and writes the zip to `destination` (through a temporary file
/// beside it, renamed when complete).
pub async fn export_diagnostics(core: &Core, destination: &Path) -> Result<DiagnosticsExport> {
    let findings = core.doctor().check().await?;
    let settings = settings_without_secrets(core).await?;
    let now = Utc::now();
    let versions = Versions {
        app: env!("CARGO_PKG_VERSION"),
        schema: newest_schema_version(),
        os: std::env::consts::OS,
        arch: std::env::consts::ARCH,
        exported_at: now,
    };
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("versoes.json".into(), to_json(&versions)?),
        ("diagnostico.json".into(), to_json(&findings)?),
        (
            "diagnostico.txt".into(),
            findings_text(&findings).into_bytes(),
        ),
        ("configuracoes.json".into(), to_json(&settings)?),
    ];
    let oldest_day = (now - chrono::Duration::days(LOG_DAYS - 1)).date_naive();
    for file in list_log_files(&logs_dir(core.data_dir())) {
        if file.day < oldest_day {
            continue;
        }
        let bytes = tokio::fs::read(&file.path)
            .await
            .map_err(access(&file.path, "ler"))?;
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        entries.push((format!("logs/{name}"), bytes));
    }
    let destination = destination.to_path_buf();
    let names = entries.iter().map(|(name, _)| name.clone()).collect();
    let written = destination.clone();
    tokio::task::spawn_blocking(move || write_zip(&written, &entries))
        .await
        .map_err(|error| Error::FileAccess {
            path: destination.display().to_string(),
            action: "gravar",
            source: std::io::Error::other(error.to_string()),
        })??;
    Ok(DiagnosticsExport {
        path: destination,
        entries: names,
    })
}

async fn settings_without_secrets(core: &Core) -> Result<SettingsWithoutSecrets> {
    let integrations = core
        .integrations()
        .list()
        .await?
        .into_iter()
        .map(|i| IntegrationSummary {
            id: i.id,
            provider: i.provider.to_string(),
            name: i.name,
            base_url: without_userinfo(&i.base_url),
            settings: i.settings,
            schedule_interval_minutes: i.schedule_interval_minutes,
            enabled: i.enabled,
            include_in_reports: i.include_in_reports,
            realtime_only: i.realtime_only,
            created_at: i.created_at,
        })
        .collect();
    let relay_channels = core
        .store()
        .relay_channels()
        .await?
        .into_iter()
        .map(|c| RelayChannelSummary {
            integration_id: c.integration_id,
            relay_url: without_userinfo(&c.relay_url),
            auth_mode: c.auth_mode.to_string(),
            cursor: c.cursor,
        })
        .collect();
    Ok(SettingsWithoutSecrets {
        preferences: core.settings().preferences().await?,
        backups: core.backups().settings().await?,
        integrations,
        relay_channels,
    })
}

/// An address without its user, password, query and fragment: the parts a secret could
/// hide in.
fn without_userinfo(address: &str) -> String {
    match reqwest::Url::parse(address) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => "(endereço inválido)".to_string(),
    }
}

fn findings_text(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("[{}] {}\n", f.severity.label(), f.message))
        .collect()
}

fn to_json(value: &impl Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(|error| Error::FileAccess {
        path: "diagnóstico".into(),
        action: "gerar",
        source: std::io::Error::other(error.to_string()),
    })
}

fn access(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.display().to_string();
    move |source| Error::FileAccess {
        path,
        action,
        source,
    }
}

fn write_zip(destination: &Path, entries: &[(String, Vec<u8>)]) -> Result<()> {
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = destination.with_file_name(format!(".{name}.tmp"));
    let written = write_entries(&temporary, entries).and_then(|()| {
        std::fs::rename(&temporary, destination).map_err(access(destination, "gravar"))
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn write_entries(path: &Path, entries: &[(String, Vec<u8>)]) -> Result<()> {
    let file = std::fs::File::create(path).map_err(access(path, "criar"))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)
            .map_err(|error| access(path, "gravar")(std::io::Error::other(error.to_string())))?;
        zip.write_all(bytes).map_err(access(path, "gravar"))?;
    }
    let file = zip
        .finish()
        .map_err(|error| access(path, "gravar")(std::io::Error::other(error.to_string())))?;
    file.sync_all().map_err(access(path, "gravar"))
}
