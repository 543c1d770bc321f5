//! The Conferência: what an accountant checks before signing a period, in one report the
//! DRE and the fluxo de caixa screens show under them and `ponte report conferencia`
//! prints. Checks (each holds or not): the DRE's lines add up, on both bases, and its
//! result plus the unclassified line plus the money moves left out equals what the
//! period's entries add up to, recounted from the entries themselves, not from the kept
//! sums; the fluxo de caixa's balances follow from its flows. Findings (entries that need
//! a look, each with its provider ids): accounts without a DRE line, settlements whose
//! `valor_total` breaks its identity, lançamentos without a plano de contas or, settled,
//! without a conta bancária.

use super::cash_flow::{CashFlow, Flows, cash_flow};
use super::dre::drill::{accounts_of_line, entries_of_accounts};
use super::dre::request::dre_for;
use super::dre::{
    Basis, Comparison, Dre, DreEntry, DreFilters, DreLine, DreQuery, DreRow, RowKind,
};
use super::table::{Cell, ReportTable, RowStyle, TableRow};
use super::{Granularity, Month, MonthRange, ReportScope};
use crate::error::Result;
use crate::store::{EntryProblem, ProblemEntries, Store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ConferenciaQuery {
    #[specta(type = String)]
    pub from: Month,
    #[specta(type = String)]
    pub to: Month,
    pub scope: ReportScope,
}

/// An identity the numbers must satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Check {
    pub title: String,
    pub holds: bool,
    /// The two sides, where the check compares two amounts.
    pub expected: Option<i64>,
    pub found: Option<i64>,
    /// What was compared, or where it fails.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Unclassified,
    BrokenSettlement,
    NoPlano,
    NoConta,
}

/// Entries that need a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Finding {
    pub kind: FindingKind,
    pub title: String,
    /// What to do about it, in pt-BR.
    pub what_to_do: String,
    pub count: i64,
    /// Signed as in the DRE.
    pub centavos: i64,
    /// The first ones by date, with their provider ids.
    pub entries: Vec<DreEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Conferencia {
    #[specta(type = Vec<String>)]
    pub months: Vec<Month>,
    /// Whether every check holds.
    pub holds: bool,
    pub checks: Vec<Check>,
    /// Only those with entries.
    pub findings: Vec<Finding>,
}

/// Checks and findings for `query`'s period.
pub(crate) async fn conferencia(store: &Store, query: &ConferenciaQuery) -> Result<Conferencia> {
    let range = MonthRange::new(query.from, query.to)?;
    let (from, until) = range.date_bounds();
    let dre_query = |basis| DreQuery {
        from: query.from,
        to: query.to,
        basis,
        comparison: Comparison::PreviousPeriod,
        filters: DreFilters {
            integration_id: query.scope.integration_id,
            loja: query.scope.loja.clone(),
            centro_custo: query.scope.centro_custo.clone(),
            include_money_moves: false,
        },
    };
    let (competencia_query, caixa_query) = (dre_query(Basis::Competencia), dre_query(Basis::Caixa));
    let (competencia, caixa, (net_competencia, net_caixa), flow) = tokio::try_join!(
        dre_for(store, &competencia_query),
        dre_for(store, &caixa_query),
        store.entries_net(&from, &until, &query.scope),
        cash_flow(store, range, Granularity::Monthly, &query.scope),
    )?;
    let (broken, no_plano, no_conta) = tokio::try_join!(
        store.problem_entries(EntryProblem::BrokenSettlement, &from, &until, &query.scope),
        store.problem_entries(EntryProblem::NoPlano, &from, &until, &query.scope),
        store.problem_entries(EntryProblem::NoConta, &from, &until, &query.scope),
    )?;
    // The report just computed says which accounts are unclassified.
    let unmapped = accounts_of_line(&competencia, DreLine::NaoClassificado);
    let unclassified = if unmapped.is_empty() {
        ProblemEntries::default()
    } else {
        let found = entries_of_accounts(store, &competencia_query, unmapped, None).await?;
        ProblemEntries {
            entries: found.entries,
            count: found.count,
            centavos: found.centavos,
        }
    };

    let checks = vec![
        lines_add_up(&competencia, "DRE por competência"),
        lines_add_up(&caixa, "DRE por caixa"),
        result_matches_entries(
            &competencia,
            net_competencia,
            "DRE por competência confere com os lançamentos",
            "valor dos lançamentos pela competência, mais juros, descontos e taxas das liquidações do período",
        ),
        result_matches_entries(
            &caixa,
            net_caixa,
            "DRE por caixa confere com o que foi liquidado",
            "soma do valor total (o que movimentou) dos lançamentos liquidados no período",
        ),
        cash_balances_follow(&flow),
    ];
    let findings = [
            (
                FindingKind::Unclassified,
                "Contas sem linha no DRE (Não classificado)",
                "Escolha a linha dessas contas em Relatórios › Estrutura do DRE.",
                unclassified,
            ),
            (
                FindingKind::BrokenSettlement,
                "Liquidações cujo valor total não fecha (Outros ajustes de liquidação)",
                "O valor total difere de valor + juros − desconto − taxas; confira esses lançamentos no Gestão Click.",
                broken,
            ),
            (
                FindingKind::NoPlano,
                "Lançamentos sem plano de contas",
                "Informe o plano de contas desses lançamentos no Gestão Click e sincronize.",
                no_plano,
            ),
            (
                FindingKind::NoConta,
                "Lançamentos liquidados sem conta bancária",
                "Informe a conta bancária desses lançamentos no Gestão Click; sem ela o saldo por conta não fecha.",
                no_conta,
            ),
        ]
        .into_iter()
        .filter(|(.., found)| found.count > 0)
        .map(|(kind, title, what_to_do, found)| Finding {
            kind,
            title: title.into(),
            what_to_do: what_to_do.into(),
            count: found.count,
            centavos: found.centavos,
            entries: found.entries,
        })
        .collect();
    Ok(Conferencia {
        months: range.months(),
        holds: checks.iter().all(|check| check.holds),
        checks,
        findings,
    })
}

/// Every group line is the sum of its accounts, every section and total the sum of its
/// groups, month by month and in total.
fn lines_add_up(dre: &Dre, name: &str) -> Check {
    let columns = dre.months.len();
    let sum_rows = |rows: &mut dyn Iterator<Item = &DreRow>| {
        let mut values = vec![0i64; columns];
        let mut total = 0;
        for row in rows {
            for (value, add) in values.iter_mut().zip(&row.values) {
                *value += add;
            }
            total += row.total;
        }
        (values, total)
    };
    let mut failing = Vec::new();
    for row in dre.rows.iter().filter(|row| row.kind != RowKind::Account) {
        let expected = match row.line {
            DreLine::Group(_) | DreLine::NaoClassificado => sum_rows(
                &mut dre
                    .rows
                    .iter()
                    .filter(|r| r.kind == RowKind::Account && r.line == row.line),
            ),
            total => {
                let groups = total.summed_groups();
                sum_rows(&mut dre.rows.iter().filter(|r| {
                    r.kind != RowKind::Account
                        && matches!(r.line, DreLine::Group(g) if groups.contains(&g))
                }))
            }
        };
        if expected != (row.values.clone(), row.total) {
            failing.push(row.label.clone());
        }
    }
    Check {
        title: format!("{name}: as linhas somam"),
        holds: failing.is_empty(),
        expected: None,
        found: None,
        detail: if failing.is_empty() {
            "Cada linha é a soma das suas contas; cada total, a soma das linhas acima dele.".into()
        } else {
            format!("Não somam: {}.", failing.join(", "))
        },
    }
}

/// Lucro Líquido + Não classificado + the money moves left out = what the period's entries
/// add up to, recounted from the entries.
fn result_matches_entries(dre: &Dre, entries_net: i64, title: &str, what: &str) -> Check {
    let total = |line| dre.row(line).map_or(0, |row| row.total);
    let found =
        total(DreLine::LucroLiquido) + total(DreLine::NaoClassificado) + dre.money_moves_total;
    Check {
        title: title.into(),
        holds: found == entries_net,
        expected: Some(entries_net),
        found: Some(found),
        detail: format!(
            "Lucro Líquido ({}) + Não classificado ({}) + movimentações fora do DRE ({}) = {}: {what} ({}).",
            Cell::Money(total(DreLine::LucroLiquido)).display(),
            Cell::Money(total(DreLine::NaoClassificado)).display(),
            Cell::Money(dre.money_moves_total).display(),
            Cell::Money(found).display(),
            Cell::Money(entries_net).display(),
        ),
    }
}

/// Each conta's and the total's balance at the end of every period is the balance before
/// it plus its entradas, minus its saídas, plus the transfers it received, minus those it
/// sent (CPC 03: transfers are not cash flows, but they move each conta's balance).
fn cash_balances_follow(cash_flow: &CashFlow) -> Check {
    let follows = |opening: i64, flows: &Flows, transfers: &Flows, closing: &[i64]| {
        let mut balance = opening;
        closing.len() == flows.net.values.len()
            && closing.iter().enumerate().all(|(period, closing)| {
                balance += flows.inflow.values[period] - flows.outflow.values[period]
                    + transfers.inflow.values[period]
                    - transfers.outflow.values[period];
                balance == *closing
            })
    };
    let mut failing: Vec<String> = cash_flow
        .accounts
        .iter()
        .filter(|account| {
            !follows(
                account.opening,
                &account.flows,
                &account.transfers,
                &account.closing,
            )
        })
        .map(|account| account.label.clone())
        .collect();
    if !follows(
        cash_flow.opening_balance,
        &cash_flow.realised,
        &cash_flow.transfers,
        &cash_flow.closing_balances,
    ) {
        failing.push("Total".into());
    }
    Check {
        title: "Fluxo de caixa: saldo inicial + entradas − saídas ± transferências = saldo final"
            .into(),
        holds: failing.is_empty(),
        expected: None,
        found: None,
        detail: if failing.is_empty() {
            "Vale para cada conta bancária e para o total, mês a mês.".into()
        } else {
            format!("Não fecha: {}.", failing.join(", "))
        },
    }
}

impl Conferencia {
    /// The checks, then the findings with their first entries. `company` names whose
    /// numbers these are; `filters` says which filters were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let text = |value: &str| Cell::Text(value.into());
        let mut rows = Vec::new();
        for check in &self.checks {
            rows.push(TableRow {
                style: if check.holds {
                    RowStyle::Normal
                } else {
                    RowStyle::Warning
                },
                cells: vec![
                    text(&check.title),
                    text(if check.holds {
                        "Confere"
                    } else {
                        "Não confere"
                    }),
                    check.found.map_or(text(""), Cell::Money),
                    text(&check.detail),
                ],
            });
        }
        for finding in &self.findings {
            rows.push(TableRow {
                style: RowStyle::Warning,
                cells: vec![
                    text(&finding.title),
                    text(&format!(
                        "{} {}",
                        finding.count,
                        if finding.count == 1 {
                            "lançamento"
                        } else {
                            "lançamentos"
                        }
                    )),
                    Cell::Money(finding.centavos),
                    text(&finding.what_to_do),
                ],
            });
            rows.extend(finding.entries.iter().map(|entry| TableRow {
                style: RowStyle::Detail,
                cells: vec![
                    text(&format!(
                        "{} {} ({})",
                        entry.tipo.as_str(),
                        entry.external_id,
                        entry.descricao.as_deref().unwrap_or("sem descrição")
                    )),
                    text(&entry.data),
                    Cell::Money(entry.centavos),
                    text(entry.parte.as_deref().unwrap_or("")),
                ],
            }));
        }
        let mut about = vec![company.to_string()];
        if let (Some(first), Some(last)) = (self.months.first(), self.months.last()) {
            about.push(format!("Período: {first} a {last}"));
        }
        about.extend(filters.iter().cloned());
        ReportTable {
            title: "Conferência".into(),
            about,
            columns: ["Verificação", "Resultado", "Valor", "Detalhe"]
                .map(String::from)
                .to_vec(),
            rows,
            notes: vec![if self.holds {
                "Todas as verificações conferem.".into()
            } else {
                "Há verificações que não conferem: veja as linhas marcadas.".into()
            }],
        }
    }
}
