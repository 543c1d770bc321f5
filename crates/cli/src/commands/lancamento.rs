//! `ponte lancamento list`: the lançamentos with the local ids the other commands take.
//! `ponte lancamento baixar|estornar|reclassificar`: the operator's change queued in the
//! outbox (checked first: all the lançamentos or none), then sent by this process's sender
//! and waited for, unless `--sem-esperar`.

use super::outbox::{send_and_report, with_json_error};
use super::print_json;
use crate::error::CliError;
use crate::writeback_args::{LancamentoCommand, LancamentoListArgs, SendArgs, TipoArg};
use chrono::NaiveDate;
use ponte_core::Core;
use ponte_core::money::{format_brl, parse_centavos};
use ponte_core::store::{BrowseFilter, BrowseRows, Dataset, LancamentoRow, ReferenceKind};
use ponte_core::writeback::{Baixa, ChangeRequest, LancamentoChange, Reclassificacao};

pub async fn run(core: &Core, command: LancamentoCommand) -> Result<(), CliError> {
    let json = match &command {
        LancamentoCommand::List(args) => args.json,
        LancamentoCommand::Baixar(args) => args.send.json,
        LancamentoCommand::Estornar(args) => args.send.json,
        LancamentoCommand::Reclassificar(args) => args.send.json,
    };
    with_json_error(json, queue_change(core, command).await)
}

async fn queue_change(core: &Core, command: LancamentoCommand) -> Result<(), CliError> {
    let (send, change) = match command {
        LancamentoCommand::List(args) => return list(core, args).await,
        LancamentoCommand::Baixar(args) => {
            let change = LancamentoChange::Baixar(Baixa {
                data_liquidacao: iso_date(&args.data),
                conta_bancaria_id: reference(core, ReferenceKind::ContaBancaria, &args.conta)
                    .await?,
                forma_pagamento_id: reference(core, ReferenceKind::FormaPagamento, &args.forma)
                    .await?,
                juros_centavos: money("--juros", args.juros.as_deref())?,
                desconto_centavos: money("--desconto", args.desconto.as_deref())?,
                taxa_banco_centavos: money("--taxa-banco", args.taxa_banco.as_deref())?,
                taxa_operadora_centavos: money("--taxa-operadora", args.taxa_operadora.as_deref())?,
            });
            (args.send, change)
        }
        LancamentoCommand::Estornar(args) => (args.send, LancamentoChange::Estornar),
        LancamentoCommand::Reclassificar(args) => {
            let plano_contas_id = match &args.plano {
                Some(text) => Some(reference(core, ReferenceKind::PlanoConta, text).await?),
                None => None,
            };
            let centro_custo_id = match args.centro.as_deref().map(str::trim) {
                // An empty centro clears it: nothing to look up.
                Some("") => Some(String::new()),
                Some(text) => Some(reference(core, ReferenceKind::CentroCusto, text).await?),
                None => None,
            };
            let change = LancamentoChange::Reclassificar(Reclassificacao {
                plano_contas_id,
                centro_custo_id,
            });
            (args.send, change)
        }
    };
    queue(core, send, change).await
}

async fn queue(core: &Core, send: SendArgs, change: LancamentoChange) -> Result<(), CliError> {
    let ids = core
        .writeback()
        .request(ChangeRequest {
            lancamento_ids: send.ids,
            change,
            priority: send.prioridade,
        })
        .await?;
    send_and_report(core, &ids, send.sem_esperar, send.json).await
}

/// The provider id of a reference typed as its id or its name.
async fn reference(core: &Core, kind: ReferenceKind, text: &str) -> Result<String, CliError> {
    core.reports()
        .find_reference(kind, None, text)
        .await?
        .ok_or_else(|| CliError::UnknownReference {
            kind: kind.label(),
            text: text.to_string(),
        })
}

/// `DD/MM/AAAA` as the core's `AAAA-MM-DD`; anything else as typed, for the core to check.
fn iso_date(text: &str) -> String {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .map(|date| date.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| text.to_string())
}

fn money(option: &'static str, text: Option<&str>) -> Result<i64, CliError> {
    match text {
        None => Ok(0),
        Some(text) => parse_centavos(text).map_err(|error| CliError::InvalidMoney {
            option,
            detail: error.to_string(),
        }),
    }
}

async fn list(core: &Core, args: LancamentoListArgs) -> Result<(), CliError> {
    let integration_id = match &args.integracao {
        Some(name) => Some(core.integrations().by_name(name).await?.id),
        None => None,
    };
    let filter = BrowseFilter {
        integration_id,
        search: args.busca.clone(),
        liquidado: match (args.abertos, args.liquidados) {
            (true, _) => Some(false),
            (_, true) => Some(true),
            _ => None,
        },
        tipo: args.tipo.map(|tipo| {
            match tipo {
                TipoArg::Recebimento => "recebimento",
                TipoArg::Pagamento => "pagamento",
            }
            .to_string()
        }),
        vencidos: args.vencidos,
        ..BrowseFilter::default()
    };
    let page = core
        .reports()
        .browse(Dataset::Lancamentos, &filter, 1, args.limite.clamp(1, 500))
        .await?;
    let BrowseRows::Lancamentos(rows) = page.rows else {
        return Ok(());
    };
    if args.json {
        print_json(&rows);
    } else if rows.is_empty() {
        println!("Nenhum lançamento com esses filtros.");
    } else {
        for row in &rows {
            println!("{}", row_text(row));
        }
    }
    Ok(())
}

/// `  812  recebimento  1201  vence 25/01/2020  em aberto  R$ 1.600,99  Venda 795 …`
fn row_text(row: &LancamentoRow) -> String {
    let date = |text: &Option<String>| {
        text.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| "—".to_string(), |d| d.format("%d/%m/%Y").to_string())
    };
    let situacao = if row.liquidado {
        format!("liquidado em {}", date(&row.data_liquidacao))
    } else {
        "em aberto".to_string()
    };
    let envio = match row.envio {
        Some(state) if state.is_open() => "  [pendente de envio]",
        _ => "",
    };
    format!(
        "{:>7}  {:<11}  id GC {:<9}  vence {}  {:<22}  {:>14}  {}{envio}",
        row.id,
        row.tipo.as_str(),
        row.external_id,
        date(&row.data_vencimento),
        situacao,
        format_brl(row.valor_total_centavos),
        row.descricao.as_deref().unwrap_or("")
    )
}
