//! The mapping as a CSV the operator can keep, edit in a spreadsheet and bring back: one
//! row per plano de contas with its own choice (`escolha`; empty means "the default or the
//! parent's"), and, to read only, the line it ends up on. An import is checked whole
//! before anything is written, and written in one transaction. The file itself is read
//! and written by `reports::export`.

use super::mapping::{AccountClass, ClassSource};
use super::mapping_view::{DreMapping, dre_mapping};
use super::structure::DreGroup;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::reports::ExportedReport;
use crate::reports::export::{read_file, write_file};
use crate::store::Store;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const COLUMNS: [&str; 5] = [
    "plano_id",
    "classificacao",
    "nome",
    "escolha",
    "linha_resultante",
];

/// The mapping as CSV, in the Brazilian style (`;`, UTF-8 with a BOM).
pub fn mapping_to_csv(mapping: &DreMapping) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |error: csv::Error| Error::Export {
        format: "CSV",
        detail: error.to_string(),
    };
    writer.write_record(COLUMNS).map_err(failed)?;
    for row in &mapping.rows {
        let choice = match row.source {
            ClassSource::Chosen => row.class.as_str(),
            ClassSource::Inherited | ClassSource::Default => "",
        };
        writer
            .write_record([
                row.external_id.as_str(),
                row.classificacao.as_deref().unwrap_or_default(),
                row.nome.as_str(),
                choice,
                row.class.label(),
            ])
            .map_err(failed)?;
    }
    writer.into_inner().map_err(|error| Error::Export {
        format: "CSV",
        detail: error.to_string(),
    })
}

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct MappingImport {
    pub rows: u32,
    pub chosen: u32,
    pub cleared: u32,
}

/// Every choice a CSV states, by plano, checked against the integration's accounts.
pub fn parse_mapping_csv(
    bytes: &[u8],
    known_planos: &HashSet<String>,
) -> Result<Vec<(String, Option<AccountClass>)>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        invalid("o arquivo não está em UTF-8; salve-o como \"CSV UTF-8\" e importe de novo".into())
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| invalid(format!("cabeçalho ilegível: {error}")))?
        .clone();
    let column =
        |name: &str| {
            headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| invalid(format!(
                "falta a coluna \"{name}\"; exporte o mapeamento para ver o formato esperado"
            )))
        };
    let (plano_column, choice_column) = (column("plano_id")?, column("escolha")?);
    let mut choices = Vec::new();
    let mut seen = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        // Line 1 is the header.
        let line = index + 2;
        let record = record.map_err(|error| invalid(format!("linha {line}: {error}")))?;
        let plano = record
            .get(plano_column)
            .unwrap_or_default()
            .trim()
            .to_string();
        if plano.is_empty() {
            continue;
        }
        if !known_planos.contains(&plano) {
            return Err(invalid(format!(
                "linha {line}: a conta \"{plano}\" não existe nesta integração; sincronize ou corrija o plano_id"
            )));
        }
        if let Some(earlier) = seen.insert(plano.clone(), line) {
            return Err(invalid(format!(
                "linha {line}: a conta \"{plano}\" já apareceu na linha {earlier}; deixe uma só"
            )));
        }
        let choice = record.get(choice_column).unwrap_or_default().trim();
        let class = if choice.is_empty() {
            None
        } else {
            Some(parse_choice(choice).ok_or_else(|| invalid(format!(
                "linha {line}: \"{choice}\" não é uma linha do DRE; use {} ou deixe vazio para o padrão",
                valid_choices()
            )))?)
        };
        choices.push((plano, class));
    }
    Ok(choices)
}

/// A code (`cmv`) or the label a screen shows ("(−) CMV/CPV/CSP").
fn parse_choice(text: &str) -> Option<AccountClass> {
    AccountClass::parse(text).or_else(|| {
        all_classes()
            .into_iter()
            .find(|class| class.label().eq_ignore_ascii_case(text))
    })
}

fn all_classes() -> Vec<AccountClass> {
    DreGroup::ALL
        .into_iter()
        .map(AccountClass::Line)
        .chain([
            AccountClass::Transfer,
            AccountClass::Excluded,
            AccountClass::Unclassified,
        ])
        .collect()
}

fn valid_choices() -> String {
    all_classes()
        .into_iter()
        .map(AccountClass::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn invalid(detail: String) -> Error {
    Error::InvalidInput {
        field: "mapeamento do DRE",
        detail,
    }
}

/// Writes `integration_id`'s mapping to `path` as CSV.
pub(crate) async fn export_dre_mapping(
    store: &Store,
    integration_id: IntegrationId,
    path: &Path,
) -> Result<ExportedReport> {
    let bytes = mapping_to_csv(&dre_mapping(store, integration_id).await?)?;
    write_file(path, &bytes)?;
    Ok(ExportedReport {
        path: path.display().to_string(),
        bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
    })
}

/// Reads a mapping CSV from `path` and applies it as `import_dre_mapping` does.
pub(crate) async fn import_dre_mapping_file(
    store: &Store,
    integration_id: IntegrationId,
    path: &Path,
) -> Result<MappingImport> {
    let bytes = read_file(path).await.map_err(|error| {
        invalid(format!(
            "não foi possível ler {}: {error}; escolha o arquivo de novo",
            path.display()
        ))
    })?;
    import_dre_mapping(store, integration_id, &bytes).await
}

/// Reads a mapping CSV and applies it to `integration_id` whole, or not at all.
pub(crate) async fn import_dre_mapping(
    store: &Store,
    integration_id: IntegrationId,
    bytes: &[u8],
) -> Result<MappingImport> {
    let mapping = dre_mapping(store, integration_id).await?;
    let known: HashSet<String> = mapping.rows.into_iter().map(|r| r.external_id).collect();
    let choices = parse_mapping_csv(bytes, &known)?;
    store.replace_dre_choices(integration_id, &choices).await?;
    let chosen = choices.iter().filter(|(_, class)| class.is_some()).count() as u32;
    Ok(MappingImport {
        rows: choices.len() as u32,
        chosen,
        cleared: choices.len() as u32 - chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["p1", "p2", "p3"].into_iter().map(String::from).collect()
    }

    #[test]
    fn reads_codes_labels_blanks_either_delimiter_and_a_bom() {
        let csv = "\u{feff}plano_id;classificacao;nome;escolha;linha_resultante\n\
                   p1;1;Receitas;receita_bruta;x\n\
                   p2;2;Custos;(−) CMV/CPV/CSP;x\n\
                   p3;3;Outros;;x\n";
        let choices = parse_mapping_csv(csv.as_bytes(), &known()).unwrap();
        assert_eq!(
            choices,
            vec![
                (
                    "p1".into(),
                    Some(AccountClass::Line(DreGroup::ReceitaBruta))
                ),
                ("p2".into(), Some(AccountClass::Line(DreGroup::Cmv))),
                ("p3".into(), None),
            ]
        );
        let plain = "plano_id,escolha\np1,excluida\n";
        assert_eq!(
            parse_mapping_csv(plain.as_bytes(), &known()).unwrap(),
            vec![("p1".into(), Some(AccountClass::Excluded))]
        );
    }

    #[test]
    fn refuses_unknown_accounts_lines_repeats_and_missing_columns_saying_where() {
        let message = |csv: &str| {
            parse_mapping_csv(csv.as_bytes(), &known())
                .unwrap_err()
                .to_string()
        };
        assert!(message("plano_id;escolha\np9;cmv\n").contains("linha 2"));
        assert!(message("plano_id;escolha\np1;lucro\n").contains("receita_bruta"));
        assert!(message("plano_id;escolha\np1;cmv\np1;cmv\n").contains("linha 2"));
        assert!(message("plano;escolha\np1;cmv\n").contains("plano_id"));
        assert!(parse_mapping_csv(&[0xff, 0xfe], &known()).is_err());
    }
}
