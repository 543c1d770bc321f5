//! The fluxo de caixa: per day, week or month, what was settled (realised: by data de
//! liquidação, at what moved) and what is still open (projected: by data de vencimento, at
//! face value), the balance of each conta bancária, and the balances overall, realised and
//! projected. Open items due before the range and entries without a date are reported
//! apart, never dropped. Amounts are centavos; saídas and a pagar are positive amounts.
//!
//! Transfers between the company's own contas are not cash flows (CPC 03): they leave the
//! entradas and saídas for a memo line of their own and still move each conta's balance.
//! A conta's balance starts from the saldo inicial the operator entered, when there is one
//! (`opening`), since the provider exposes none. For every period, per conta and in total:
//! opening + entradas − saídas + transfers in − transfers out = closing.
//!
//! Here: the types and the read; `assemble` computes, `legs` pairs transfer legs without a
//! plano, `table` writes the table. The read is of grouped sums: the store takes them from
//! the kept daily sums (a row per conta and day, however long the history) unless a loja
//! or centro de custo narrows the report, and then from the entries.

mod assemble;
mod legs;
pub mod opening;
mod table;

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::dre::{AccountClass, PlanoConta, mapping::classify};
use crate::reports::period::{Granularity, Period, periods, range_days};
use crate::reports::{MonthRange, ReportScope};
use crate::store::{OpeningDay, Store};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// Amounts per period, in the order of `CashFlow::periods`, and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Amounts {
    pub values: Vec<i64>,
    pub total: i64,
}

impl Amounts {
    fn new(values: Vec<i64>) -> Amounts {
        Amounts {
            total: values.iter().sum(),
            values,
        }
    }
}

/// Money in, money out and the difference, per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Flows {
    /// Recebimentos.
    pub inflow: Amounts,
    /// Pagamentos, as positive amounts.
    pub outflow: Amounts,
    /// `inflow − outflow`.
    pub net: Amounts,
}

impl Flows {
    fn new(inflow: Vec<i64>, outflow: Vec<i64>) -> Flows {
        let net = inflow.iter().zip(&outflow).map(|(i, o)| i - o).collect();
        Flows {
            inflow: Amounts::new(inflow),
            outflow: Amounts::new(outflow),
            net: Amounts::new(net),
        }
    }
}

/// Open items that fell due before the range and are still open: outside `projected` and
/// the projected balance, because when they will be paid is anyone's guess.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct DueBeforeRange {
    pub receivable: i64,
    pub payable: i64,
}

/// Entries that no period can hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct Undated {
    /// Settled without a data de liquidação, and what they moved (in − out).
    pub settled_entries: i64,
    pub settled_net: i64,
    /// Open without a data de vencimento.
    pub open_entries: i64,
    pub open_receivable: i64,
    pub open_payable: i64,
}

/// One conta bancária's realised balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AccountBalance {
    pub integration_id: IntegrationId,
    /// The conta's provider id; `None` for entries without a conta.
    pub conta_bancaria_id: Option<String>,
    pub label: String,
    /// Whether `opening` comes from a saldo inicial the operator entered (on
    /// `opening_date`, at the start of that day). Without one, `opening` is what settled
    /// in the conta before the range since the first mirrored lançamento: a computed
    /// figure, not the bank's.
    pub opening_known: bool,
    #[specta(type = Option<String>)]
    pub opening_date: Option<NaiveDate>,
    /// The balance at the start of the range.
    pub opening: i64,
    /// Recebimentos and pagamentos per period, transfers apart.
    pub flows: Flows,
    /// Transfers into (`inflow`) and out of (`outflow`) this conta per period.
    pub transfers: Flows,
    /// Everything that settled in it per period: `flows.net + transfers.net`.
    pub net: Vec<i64>,
    /// Its balance at the end of each period.
    pub closing: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CashFlow {
    pub granularity: Granularity,
    pub periods: Vec<Period>,
    /// Settled lançamentos, by data de liquidação, at `valor_total`, transfers between
    /// the company's own contas apart.
    pub realised: Flows,
    /// The transfers between the company's own contas: the memo line. Where both legs are
    /// in the report, `net` is zero.
    pub transfers: Flows,
    /// Open lançamentos due in the range, by data de vencimento, at `valor`.
    pub projected: Flows,
    pub due_before_range: DueBeforeRange,
    pub undated: Undated,
    /// By label.
    pub accounts: Vec<AccountBalance>,
    /// A loja or centro de custo filter is on: a saldo inicial is the whole conta's, so
    /// none is applied, and every conta's balance is what settled in the filter's entries.
    pub opening_balances_ignored: bool,
    /// The sum of the contas' openings.
    pub opening_balance: i64,
    /// Realised balance at the end of each period: the opening plus `realised.net` and
    /// `transfers.net` so far.
    pub closing_balances: Vec<i64>,
    /// The realised balance plus the projected net so far, at the end of each period.
    pub projected_balances: Vec<i64>,
}

/// A saldo inicial as the report uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Opening {
    integration_id: IntegrationId,
    conta_id: String,
    nome: String,
    day: NaiveDate,
    centavos: i64,
}

pub(crate) async fn cash_flow(
    store: &Store,
    range: MonthRange,
    granularity: Granularity,
    scope: &ReportScope,
) -> Result<CashFlow> {
    let (start, end) = range_days(range)?;
    let periods = periods(range, granularity)?;
    let ignore_openings = scope.loja.is_some() || scope.centro_custo.is_some();
    let (planos, contas) = tokio::try_join!(
        store.planos_with_choices(scope.integration_id),
        store.contas_with_openings(scope.integration_id),
    )?;
    let transfer_planos = transfer_planos(planos);
    let openings: Vec<Opening> = contas
        .into_iter()
        .filter(|_| !ignore_openings)
        .filter_map(|conta| {
            let opening = conta.opening?;
            Some(Opening {
                integration_id: conta.integration_id,
                conta_id: conta.conta_bancaria_id,
                nome: conta.nome,
                day: opening.data,
                centavos: opening.centavos,
            })
        })
        .collect();
    let opening_days: Vec<OpeningDay> = openings
        .iter()
        .map(|o| OpeningDay {
            integration_id: o.integration_id,
            conta_id: o.conta_id.clone(),
            day: o.day,
        })
        .collect();
    // Two reads, side by side on two connections.
    let (settled, open) = tokio::try_join!(
        store.settled_sums(start, end, scope, &transfer_planos, &opening_days),
        store.open_sums(start, end, scope),
    )?;
    let mut flow = assemble::assemble(granularity, periods, &settled, &open, &openings);
    flow.opening_balances_ignored = ignore_openings;
    Ok(flow)
}

/// Per integration, the planos classified as transfers between the company's own contas.
/// The settlement parts (ids starting with ':') are not planos a lançamento carries.
fn transfer_planos(
    planos: HashMap<IntegrationId, (Vec<PlanoConta>, HashMap<String, AccountClass>)>,
) -> HashMap<IntegrationId, Vec<String>> {
    planos
        .into_iter()
        .map(|(integration_id, (planos, chosen))| {
            let mut ids: Vec<String> = classify(&planos, &chosen)
                .into_iter()
                .filter(|(id, class)| *class == AccountClass::Transfer && !id.starts_with(':'))
                .map(|(id, _)| id)
                .collect();
            ids.sort();
            (integration_id, ids)
        })
        .collect()
}
