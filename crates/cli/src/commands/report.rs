//! `ponte report`: the DRE and its mapping (`dre`, `classify`), the fluxo de caixa, the
//! aging, the vendas report and the conferência from the command line, through the same core code as the
//! app. The reports share their filters (integration, loja, centro de custo) and their
//! output: a table, JSON (centavos as integers), CSV, XLSX or PDF, on screen or in --out.

use crate::args::{
    AgingArgs, CashFlowArgs, ClassifyArgs, CompareWith, ConferenciaArgs, DreArgs, ExportArgs,
    GranularityArg, OpeningBalanceArgs, ReportCommand, ReportFormat, SalesArgs, SalesBy, ScopeArgs,
    SideArg,
};
use crate::error::CliError;
use ponte_core::Core;
use ponte_core::error::Error;
use ponte_core::money::format_brl;
use ponte_core::reports::aging::AgingSide;
use ponte_core::reports::cash_flow::opening::OpeningBalanceInput;
use ponte_core::reports::conferencia::ConferenciaQuery;
use ponte_core::reports::dre::{AccountClass, Comparison, DreFilters, DreQuery};
use ponte_core::reports::export::{ExportFormat, encode, write_file};
use ponte_core::reports::period::parse_date;
use ponte_core::reports::sales::SalesGrouping;
use ponte_core::reports::{
    AgingQuery, CashFlowQuery, Granularity, Report, ReportRequest, ReportScope, SalesQuery,
};
use ponte_core::store::ReferenceKind;
use std::io::Write;

pub async fn run(core: &Core, command: ReportCommand) -> Result<(), CliError> {
    match command {
        ReportCommand::Dre(args) => dre(core, args).await,
        ReportCommand::Classify(args) => classify(core, args).await,
        ReportCommand::FluxoCaixa(args) => cash_flow(core, args).await,
        ReportCommand::SaldoInicial(args) => opening_balance(core, args).await,
        ReportCommand::Aging(args) => aging(core, args).await,
        ReportCommand::Vendas(args) => sales(core, args).await,
        ReportCommand::Conferencia(args) => conferencia(core, args).await,
    }
}

async fn dre(core: &Core, args: DreArgs) -> Result<(), CliError> {
    let scope = scope(core, &args.scope).await?;
    let query = DreQuery {
        from: args.months.from.parse()?,
        to: args.months.to.parse()?,
        basis: args.basis.parse()?,
        comparison: match args.compare {
            CompareWith::PreviousPeriod => Comparison::PreviousPeriod,
            CompareWith::PreviousYear => Comparison::PreviousYear,
        },
        filters: DreFilters {
            integration_id: scope.integration_id,
            loja: scope.loja,
            centro_custo: scope.centro_custo,
            include_money_moves: args.include_money_moves,
        },
    };
    emit(core, ReportRequest::Dre(query), &args.export).await?;
    Ok(())
}

async fn cash_flow(core: &Core, args: CashFlowArgs) -> Result<(), CliError> {
    let query = CashFlowQuery {
        from: args.months.from.parse()?,
        to: args.months.to.parse()?,
        granularity: granularity(args.granularity),
        scope: scope(core, &args.scope).await?,
    };
    emit(core, ReportRequest::FluxoCaixa(query), &args.export).await?;
    Ok(())
}

/// Sets or clears a conta's saldo inicial; without --conta, lists the contas and theirs.
async fn opening_balance(core: &Core, args: OpeningBalanceArgs) -> Result<(), CliError> {
    let integration_id = match &args.integration {
        Some(name) => core.integrations().by_name(name).await?.id,
        None => only_integration(core).await?,
    };
    let Some(conta) = args.conta else {
        for conta in core
            .reports()
            .contas_with_openings(Some(integration_id))
            .await?
        {
            let opening = conta.opening.map_or_else(
                || "sem saldo inicial informado".to_string(),
                |o| {
                    format!(
                        "{} no início de {}",
                        format_brl(o.centavos),
                        o.data.format("%d/%m/%Y")
                    )
                },
            );
            println!("{}\t{}\t{opening}", conta.conta_bancaria_id, conta.nome);
        }
        return Ok(());
    };
    if args.limpar {
        let cleared = core
            .reports()
            .clear_opening_balance(integration_id, &conta)
            .await?;
        println!(
            "Conta {conta}: {}",
            if cleared {
                "saldo inicial apagado; o saldo volta a ser calculado desde o primeiro lançamento espelhado."
            } else {
                "não havia saldo inicial."
            }
        );
        return Ok(());
    }
    let (Some(data), Some(valor)) = (args.data, args.valor) else {
        return Err(Error::InvalidInput {
            field: "saldo inicial",
            detail: "informe --data e --valor (ou --limpar)".into(),
        }
        .into());
    };
    let input = OpeningBalanceInput {
        integration_id,
        conta_bancaria_id: conta,
        data,
        valor,
    };
    let balance = core.reports().set_opening_balance(&input).await?;
    println!(
        "Conta {}: saldo inicial de {} no início de {}.",
        balance.conta_bancaria_id,
        format_brl(balance.centavos),
        balance.data.format("%d/%m/%Y")
    );
    Ok(())
}

/// The one integration there is; with several, the operator has to say which.
async fn only_integration(core: &Core) -> Result<i64, CliError> {
    match core.integrations().list().await?.as_slice() {
        [only] => Ok(only.id),
        _ => Err(Error::InvalidInput {
            field: "integração",
            detail: "há mais de uma (ou nenhuma) integração; diga qual com --integration NOME"
                .into(),
        }
        .into()),
    }
}

async fn aging(core: &Core, args: AgingArgs) -> Result<(), CliError> {
    let query = AgingQuery {
        side: match args.lado {
            SideArg::Receber => AgingSide::Receber,
            SideArg::Pagar => AgingSide::Pagar,
        },
        as_of: args.data.as_deref().map(parse_date).transpose()?,
        scope: scope(core, &args.scope).await?,
    };
    emit(core, ReportRequest::Aging(query), &args.export).await?;
    Ok(())
}

async fn sales(core: &Core, args: SalesArgs) -> Result<(), CliError> {
    let query = SalesQuery {
        from: args.months.from.parse()?,
        to: args.months.to.parse()?,
        grouping: match args.por {
            SalesBy::Periodo => SalesGrouping::Period(granularity(args.granularity)),
            SalesBy::Produto => SalesGrouping::Produto,
            SalesBy::Vendedor => SalesGrouping::Vendedor,
            SalesBy::Canal => SalesGrouping::Canal,
        },
        scope: scope(core, &args.scope).await?,
    };
    emit(core, ReportRequest::Vendas(query), &args.export).await?;
    Ok(())
}

async fn conferencia(core: &Core, mut args: ConferenciaArgs) -> Result<(), CliError> {
    let query = ConferenciaQuery {
        from: args.months.from.parse()?,
        to: args.months.to.parse()?,
        scope: scope(core, &args.scope).await?,
    };
    if args.json {
        args.export.format = ReportFormat::Json;
    }
    let report = emit(core, ReportRequest::Conferencia(query), &args.export).await?;
    match report {
        Report::Conferencia(conferencia) if !conferencia.holds => {
            Err(CliError::ConferenciaDiverges {
                failing: conferencia.checks.iter().filter(|c| !c.holds).count(),
            })
        }
        _ => Ok(()),
    }
}

fn granularity(arg: GranularityArg) -> Granularity {
    match arg {
        GranularityArg::Diaria => Granularity::Daily,
        GranularityArg::Semanal => Granularity::Weekly,
        GranularityArg::Mensal => Granularity::Monthly,
    }
}

/// The filters as typed (names or ids) resolved to provider ids.
async fn scope(core: &Core, args: &ScopeArgs) -> Result<ReportScope, CliError> {
    let integration_id = match &args.integration {
        Some(name) => Some(core.integrations().by_name(name).await?.id),
        None => None,
    };
    let mut scope = ReportScope {
        integration_id,
        ..ReportScope::default()
    };
    if let Some(loja) = &args.loja {
        scope.loja = Some(reference(core, ReferenceKind::Loja, integration_id, loja).await?);
    }
    if let Some(centro) = &args.centro_custo {
        scope.centro_custo =
            Some(reference(core, ReferenceKind::CentroCusto, integration_id, centro).await?);
    }
    Ok(scope)
}

/// Computes the report as the app does and writes it in the format asked for: the report
/// itself as JSON, else its table as text, CSV, XLSX or PDF; to --out, or to stdout.
/// Every format is here, once, for every report.
async fn emit(
    core: &Core,
    request: ReportRequest,
    export: &ExportArgs,
) -> Result<Report, CliError> {
    let file_format = match export.format {
        ReportFormat::Table | ReportFormat::Json => None,
        ReportFormat::Csv if export.plain_csv => Some(ExportFormat::CsvPlain),
        ReportFormat::Csv => Some(ExportFormat::Csv),
        ReportFormat::Xlsx => Some(ExportFormat::Xlsx),
        ReportFormat::Pdf => Some(ExportFormat::Pdf),
    };
    if let (Some(format @ (ExportFormat::Xlsx | ExportFormat::Pdf)), None) =
        (file_format, &export.out)
    {
        return Err(Error::InvalidInput {
            field: "--out",
            detail: format!(
                "{} é um arquivo; informe onde gravá-lo, por exemplo --out \"{}\"",
                format.extension().to_uppercase(),
                request.file_name(format)
            ),
        }
        .into());
    }
    let (report, table) = core.reports().report_with_table(&request).await?;
    let bytes = match (export.format, file_format) {
        (_, Some(format)) => encode(&table, format, request.short_name(), chrono::Utc::now())?,
        (ReportFormat::Json, _) => {
            let mut json =
                serde_json::to_vec_pretty(&report).map_err(|error| Error::InvalidInput {
                    field: "JSON",
                    detail: error.to_string(),
                })?;
            json.push(b'\n');
            json
        }
        _ => table.to_text().into_bytes(),
    };
    match &export.out {
        Some(path) => write_file(path, &bytes)?,
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|source| CliError::Output {
                path: "a saída padrão".into(),
                source,
            })?,
    }
    Ok(report)
}

async fn classify(core: &Core, args: ClassifyArgs) -> Result<(), CliError> {
    let integration = core.integrations().by_name(&args.integration).await?;
    let mapping = core.reports().dre_mapping(integration.id).await?;
    let known = mapping.rows.iter().any(|row| row.external_id == args.plano);
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
                "\"{line}\"; use receita_bruta, deducoes, cmv, despesas_comerciais, despesas_administrativas, despesas_com_pessoal, despesas_gerais, outras_operacionais, depreciacao, receitas_financeiras, despesas_financeiras, irpj_csll, transferencia, excluida, nao_classificado ou padrao"
            ),
        })?),
    };
    core.reports()
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
    core.reports()
        .find_reference(kind, integration_id, text)
        .await?
        .ok_or_else(|| {
            let what = kind.label();
            Error::InvalidInput {
                field: "filtro",
                detail: format!(
                    "{what} \"{text}\" não encontrado; use o nome ou o id como aparece em Dados"
                ),
            }
            .into()
        })
}
