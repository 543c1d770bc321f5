//! Writing a `ReportTable` to a file format, and the file to disk; reading a file the
//! operator brings back (the DRE mapping's CSV). The reports touch files only here.

pub mod csv;
pub mod pdf;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::reports::table::ReportTable;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// `;`, decimal comma, UTF-8 with a BOM: what Excel in pt-BR opens right.
    Csv,
    /// `,` and a decimal point, for other programs.
    CsvPlain,
    Xlsx,
    /// A4, with the heading, "Gerado em" and page numbers on every page.
    Pdf,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::CsvPlain => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// The file's bytes; `sheet` names the XLSX worksheet, `generated_at` (now, for the
/// caller) goes in the PDF's footer.
pub fn encode(
    table: &ReportTable,
    format: ExportFormat,
    sheet: &str,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Csv => csv::to_csv(table, csv::CsvStyle::Brazilian),
        ExportFormat::CsvPlain => csv::to_csv(table, csv::CsvStyle::Plain),
        ExportFormat::Xlsx => xlsx::to_xlsx(table, sheet),
        ExportFormat::Pdf => pdf::to_pdf(table, generated_at),
    }
}

/// The whole file at `path`; the caller says in its own words what could not be read.
pub async fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    tokio::fs::read(path).await
}

/// Writes beside the target and renames over it, so a spreadsheet open on the old file,
/// or a crash halfway, never leaves half a report.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |error: std::io::Error| Error::WriteFile {
        path: path.display().to_string(),
        detail: error.to_string(),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{file_name}.parcial"));
    let mut file = std::fs::File::create(&partial).map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    std::fs::rename(&partial, path).map_err(|error| {
        let _ = std::fs::remove_file(&partial);
        failed(error)
    })
}
