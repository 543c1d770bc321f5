//! The DRE by month: each line's signed sum per month and in total, the accounts under
//! each line, AV % (over Receita Líquida) and AH % (against the previous period or the
//! same months a year earlier). Amounts are centavos: income positive, expenses negative,
//! so every total line is a plain sum of the groups above it. Accounts count at face
//! value; what a settlement added or took (juros, descontos, taxas) sits on sub-lines of
//! its own in the month of the liquidação, on both bases. What it is read with (`Basis`,
//! `DreFilters`) is `domain::dre`'s, shared with the store.

use super::mapping::{AccountClass, PlanoConta, classify, default_class};
use super::settlement::SettlementPart;
use super::structure::{DreGroup, DreLine};
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::comparison::{change_ratio, withheld};
use crate::reports::{Month, MonthRange};
use crate::store::{AccountMonth, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub use crate::domain::dre::{Basis, DreFilters};

/// What AH % compares the period with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    PreviousPeriod,
    PreviousYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Group,
    /// A line under a section (Despesas Operacionais, Resultado Financeiro).
    Subgroup,
    Total,
    Account,
    Unclassified,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct DreRow {
    pub kind: RowKind,
    pub line: DreLine,
    pub label: String,
    /// For an account row: its integration and provider id (drill-down).
    pub integration_id: Option<IntegrationId>,
    pub plano_external_id: Option<String>,
    /// Per month, in the order of `Dre::months`.
    pub values: Vec<i64>,
    pub total: i64,
    /// Over Receita Líquida, per month and for the total; `None` where it is zero.
    pub av: Vec<Option<f64>>,
    pub av_total: Option<f64>,
    /// The total of the compared period, and the change against it (`None` over a base too
    /// small to compare with, see `reports::comparison`).
    pub compared_total: i64,
    pub ah: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Dre {
    pub basis: Basis,
    /// `YYYY-MM`.
    #[specta(type = Vec<String>)]
    pub months: Vec<Month>,
    pub comparison: Comparison,
    #[specta(type = Vec<String>)]
    pub compared_months: Vec<Month>,
    pub rows: Vec<DreRow>,
    /// Accounts that only move money, left out (unless included), by name.
    pub money_moves: Vec<String>,
    /// What those accounts moved over the period, signed: with the result and the
    /// unclassified line, it adds up to every entry of the period (the Conferência).
    pub money_moves_total: i64,
    /// Some row moved but got no AH %, its compared period too small a base: say so, once.
    pub ah_withheld: bool,
}

impl Dre {
    pub fn row(&self, line: DreLine) -> Option<&DreRow> {
        self.rows
            .iter()
            .find(|row| row.line == line && row.kind != RowKind::Account)
    }
}

/// An account's place in the report.
#[derive(Debug, Clone)]
struct Account {
    label: String,
    sort_key: String,
    class: AccountClass,
}

/// An account's sums: per month of the period, and over the compared period.
struct AccountSums {
    account: Account,
    values: Vec<i64>,
    compared_total: i64,
}

pub(crate) async fn dre(
    store: &Store,
    range: MonthRange,
    basis: Basis,
    comparison: Comparison,
    filters: &DreFilters,
) -> Result<Dre> {
    let compared = match comparison {
        Comparison::PreviousPeriod => range.previous(),
        Comparison::PreviousYear => range.year_before(),
    };
    // Two reads, side by side on two connections.
    let ((amounts, compared_amounts), planos) = tokio::try_join!(
        store.dre_amounts(range, compared, basis, filters),
        store.planos_with_choices(filters.integration_id),
    )?;
    let accounts = planos
        .into_iter()
        .map(|(integration_id, (planos, chosen))| {
            (integration_id, (classify(&planos, &chosen), planos))
        })
        .collect();
    Ok(assemble(
        range,
        basis,
        comparison,
        compared,
        filters.include_money_moves,
        &accounts,
        &amounts,
        &compared_amounts,
    ))
}

type ClassesAndPlanos = (HashMap<String, AccountClass>, Vec<PlanoConta>);

/// The report from the sums and each integration's classes.
#[allow(clippy::too_many_arguments)]
fn assemble(
    range: MonthRange,
    basis: Basis,
    comparison: Comparison,
    compared: MonthRange,
    include_money_moves: bool,
    accounts: &HashMap<IntegrationId, ClassesAndPlanos>,
    amounts: &[AccountMonth],
    compared_amounts: &[AccountMonth],
) -> Dre {
    let columns = range.month_count();
    let describe = |sum: &AccountMonth| -> Account {
        if let Some(part) = sum
            .plano_external_id
            .as_deref()
            .and_then(SettlementPart::from_key)
        {
            let class = accounts
                .get(&sum.integration_id)
                .and_then(|(classes, _)| classes.get(part.key()).copied())
                .unwrap_or_else(|| part.default_class());
            return Account {
                label: part.label().to_string(),
                // After the planos under the same line.
                sort_key: format!("~{}", part.key()),
                class,
            };
        }
        let known = accounts
            .get(&sum.integration_id)
            .and_then(|(classes, planos)| {
                let id = sum.plano_external_id.as_deref()?;
                let plano = planos.iter().find(|p| p.external_id == id)?;
                Some((classes.get(id).copied()?, plano))
            });
        let (class, label, sort_key) = match (known, &sum.plano_external_id) {
            (Some((class, plano)), _) => (
                class,
                plano.nome.clone(),
                plano.classificacao.clone().unwrap_or_default(),
            ),
            // An account the planos list lacks: its name and the side of its entries.
            (None, Some(_)) => {
                let nome = sum.nome_plano_conta.clone().unwrap_or_default();
                let side = if sum.mostly_income { "C" } else { "D" };
                (default_class(&[&nome], Some(side)), nome.clone(), nome)
            }
            (None, None) => (
                AccountClass::Unclassified,
                "(sem plano de contas)".to_string(),
                "~".to_string(),
            ),
        };
        // Money moves asked for count as what they are nearest to: outras receitas e
        // despesas operacionais.
        let class = match class {
            money_move if money_move.is_money_move() && include_money_moves => {
                AccountClass::Line(DreGroup::OutrasOperacionais)
            }
            other => other,
        };
        Account {
            label,
            sort_key,
            class,
        }
    };

    // Account rows, keyed by (integration, plano) in a stable order.
    let mut per_account: BTreeMap<(IntegrationId, Option<String>), AccountSums> = BTreeMap::new();
    for (sum, in_period) in amounts
        .iter()
        .map(|sum| (sum, true))
        .chain(compared_amounts.iter().map(|sum| (sum, false)))
    {
        let sums = per_account
            .entry((sum.integration_id, sum.plano_external_id.clone()))
            .or_insert_with(|| AccountSums {
                account: describe(sum),
                values: vec![0; columns],
                compared_total: 0,
            });
        match (in_period, range.position(sum.month)) {
            (true, Some(column)) => sums.values[column] += sum.centavos,
            (true, None) => {}
            (false, _) => sums.compared_total += sum.centavos,
        }
    }

    let mut money_moves = Vec::new();
    let mut money_moves_total = 0;
    let mut sorted: HashMap<Option<DreGroup>, Vec<(String, DreRow)>> = HashMap::new();
    for ((integration_id, plano), sums) in per_account {
        let AccountSums {
            account,
            values,
            compared_total,
        } = sums;
        let group = match account.class {
            AccountClass::Line(group) => Some(group),
            AccountClass::Unclassified => None,
            AccountClass::Transfer | AccountClass::Excluded => {
                money_moves.push(account.label);
                money_moves_total += values.iter().sum::<i64>();
                continue;
            }
        };
        let line = group.map_or(DreLine::NaoClassificado, DreLine::Group);
        let sort_key = format!("{}|{}", account.sort_key, account.label);
        let mut row = row(
            RowKind::Account,
            line,
            account.label,
            values,
            compared_total,
        );
        row.integration_id = Some(integration_id);
        row.plano_external_id = plano;
        sorted.entry(group).or_default().push((sort_key, row));
    }
    money_moves.sort();
    money_moves.dedup();
    // Under each line, accounts in the order of their codes, then names.
    let mut groups: HashMap<Option<DreGroup>, Vec<DreRow>> = sorted
        .into_iter()
        .map(|(group, mut rows)| {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            (group, rows.into_iter().map(|(_, row)| row).collect())
        })
        .collect();

    let sum_of = |rows: &[DreRow]| -> (Vec<i64>, i64) {
        let mut values = vec![0; columns];
        let mut compared = 0;
        for row in rows {
            for (value, add) in values.iter_mut().zip(&row.values) {
                *value += add;
            }
            compared += row.compared_total;
        }
        (values, compared)
    };
    let group_sums: HashMap<DreGroup, (Vec<i64>, i64)> = DreGroup::ALL
        .into_iter()
        .map(|g| {
            (
                g,
                sum_of(groups.get(&Some(g)).map_or(&[][..], Vec::as_slice)),
            )
        })
        .collect();

    let mut rows = Vec::new();
    for line in DreLine::ORDER {
        match line {
            DreLine::Group(group) => {
                let (values, compared) = group_sums[&group].clone();
                let kind = match group.section() {
                    Some(_) => RowKind::Subgroup,
                    None => RowKind::Group,
                };
                rows.push(row(kind, line, line.label().into(), values, compared));
                rows.extend(groups.remove(&Some(group)).unwrap_or_default());
            }
            DreLine::NaoClassificado => {
                let accounts = groups.remove(&None).unwrap_or_default();
                if accounts.is_empty() {
                    continue;
                }
                let (values, compared) = sum_of(&accounts);
                rows.push(row(
                    RowKind::Unclassified,
                    line,
                    line.label().into(),
                    values,
                    compared,
                ));
                rows.extend(accounts);
            }
            total => {
                let mut values = vec![0; columns];
                let mut compared = 0;
                for group in total.summed_groups() {
                    let (group_values, group_compared) = &group_sums[group];
                    for (value, add) in values.iter_mut().zip(group_values) {
                        *value += add;
                    }
                    compared += group_compared;
                }
                let kind = match total.is_section() {
                    true => RowKind::Group,
                    false => RowKind::Total,
                };
                rows.push(row(kind, line, line.label().into(), values, compared));
            }
        }
    }

    // AV %: over Receita Líquida, column by column.
    let (net_revenue, net_revenue_total) = rows
        .iter()
        .find(|r| r.line == DreLine::ReceitaLiquida)
        .map(|r| (r.values.clone(), r.total))
        .unwrap_or_default();
    for row in &mut rows {
        row.av = row
            .values
            .iter()
            .zip(&net_revenue)
            .map(|(value, base)| share(*value, *base))
            .collect();
        row.av_total = share(row.total, net_revenue_total);
    }
    Dre {
        basis,
        months: range.months(),
        comparison,
        compared_months: compared.months(),
        ah_withheld: rows
            .iter()
            .any(|row| withheld(row.total, row.compared_total)),
        rows,
        money_moves,
        money_moves_total,
    }
}

fn row(kind: RowKind, line: DreLine, label: String, values: Vec<i64>, compared: i64) -> DreRow {
    let total = values.iter().sum();
    DreRow {
        kind,
        line,
        label,
        integration_id: None,
        plano_external_id: None,
        av: Vec::new(),
        av_total: None,
        ah: change_ratio(total, compared),
        compared_total: compared,
        values,
        total,
    }
}

/// `part ÷ whole`, as a ratio; `None` when `whole` is zero.
fn share(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64)
}
