//! `ponte report dre` and `ponte report classify`: the DRE from the command line, as a
//! table, JSON (centavos as integers), CSV or XLSX, through the same core code as the app.

use crate::args::{ClassifyArgs, CompareWith, DreArgs, ReportFormat};
use crate::error::CliError;
use ponte_core::Core;
use ponte_core::error::Error;
use ponte_core::reports::MonthRange;
use ponte_core::reports::dre::{AccountClass, Basis, Comparison, DreFilters};
use ponte_core::reports::export::csv::{CsvStyle, to_csv};
use ponte_core::reports::export::xlsx::to_xlsx;
use ponte_core::store::ReferenceKind;
use std::io::Write;

pub async fn dre(core: &Core, args: DreArgs) -> Result<(), CliError> {
    let range = MonthRange::new(args.from.parse()?, args.to.parse()?)?;
    let basis: Basis = args.basis.parse()?;
    let integration = match &args.integration {
        Some(name) => Some(core.store().integration_by_name(name).await?),
        None => None,
    };
    let integration_id = integration.as_ref().map(|i| i.id);
    let mut filters = DreFilters {
        integration_id,
        include_money_moves: args.include_money_moves,
        ..DreFilters::default()
    };
    let mut applied = Vec::new();
    if let Some(loja) = &args.loja {
        filters.loja = Some(reference(core, ReferenceKind::Loja, integration_id, loja).await?);
        applied.push(format!("Loja: {loja}"));
    }
    if let Some(centro) = &args.centro_custo {
        filters.centro_custo =
            Some(reference(core, ReferenceKind::CentroCusto, integration_id, centro).await?);
        applied.push(format!("Centro de custo: {centro}"));
    }
    let comparison = match args.compare {
        CompareWith::PreviousPeriod => Comparison::PreviousPeriod,
        CompareWith::PreviousYear => Comparison::PreviousYear,
    };
    let dre = core.store().dre(range, basis, comparison, &filters).await?;
    let company = match &integration {
        Some(integration) => integration.name.clone(),
        None => {
            let names: Vec<String> = core
                .store()
                .integrations()
                .await?
                .into_iter()
                .map(|i| i.name)
                .collect();
            names.join(", ")
        }
    };
    let bytes = match args.format {
        ReportFormat::Json => {
            let mut json =
                serde_json::to_vec_pretty(&dre).map_err(|error| Error::InvalidInput {
                    field: "JSON",
                    detail: error.to_string(),
                })?;
            json.push(b'\n');
            json
        }
        ReportFormat::Table => dre.to_table(&company, &applied).to_text().into_bytes(),
        ReportFormat::Csv => {
            let style = if args.plain_csv {
                CsvStyle::Plain
            } else {
                CsvStyle::Brazilian
            };
            to_csv(&dre.to_table(&company, &applied), style)?
        }
        ReportFormat::Xlsx => {
            if args.out.is_none() {
                return Err(Error::InvalidInput {
                    field: "--out",
                    detail: "o XLSX é um arquivo; informe onde gravá-lo com --out DRE.xlsx".into(),
                }
                .into());
            }
            to_xlsx(&dre.to_table(&company, &applied), "DRE")?
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|source| CliError::Output {
            path: path.display().to_string(),
            source,
        })?,
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|source| CliError::Output {
                path: "a saída padrão".into(),
                source,
            })?,
    }
    Ok(())
}

pub async fn classify(core: &Core, args: ClassifyArgs) -> Result<(), CliError> {
    let integration = core.store().integration_by_name(&args.integration).await?;
    let planos = core
        .store()
        .planos_with_choices(Some(integration.id))
        .await?;
    let known = planos
        .get(&integration.id)
        .is_some_and(|(planos, _)| planos.iter().any(|p| p.external_id == args.plano));
    if !known {
        return Err(Error::InvalidInput {
            field: "conta",
            detail: format!(
                "{} não está no plano de contas de \"{}\"; os ids aparecem em `ponte report dre --format json` (plano_external_id)",
                args.plano, integration.name
            ),
        }
        .into());
    }
    let class = match args.line.as_str() {
        "padrao" | "padrão" => None,
        line => Some(AccountClass::parse(line).ok_or_else(|| Error::InvalidInput {
            field: "linha do DRE",
            detail: format!(
                "\"{line}\"; use receita_bruta, deducoes, cmv, despesas_operacionais, depreciacao, resultado_financeiro, irpj_csll, excluida, nao_classificado ou padrao"
            ),
        })?),
    };
    core.store()
        .set_dre_choice(integration.id, &args.plano, class)
        .await?;
    println!(
        "Conta {} de \"{}\": {}.",
        args.plano,
        integration.name,
        class.map_or("volta ao padrão", AccountClass::as_str)
    );
    Ok(())
}

async fn reference(
    core: &Core,
    kind: ReferenceKind,
    integration_id: Option<i64>,
    text: &str,
) -> Result<String, CliError> {
    core.store()
        .find_reference(kind, integration_id, text)
        .await?
        .ok_or_else(|| {
            let what = match kind {
                ReferenceKind::Loja => "Loja",
                ReferenceKind::CentroCusto => "Centro de custo",
            };
            Error::InvalidInput {
                field: "filtro",
                detail: format!(
                    "{what} \"{text}\" não encontrado; use o nome ou o id como aparece em Dados"
                ),
            }
            .into()
        })
}
