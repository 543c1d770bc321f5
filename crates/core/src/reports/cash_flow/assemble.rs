//! The fluxo de caixa from the grouped sums: each conta's flows, transfers and balance
//! (from its saldo inicial, when entered), the legs without a plano paired into transfers,
//! and the consolidated lines as the sums of the contas'.

use super::legs::{LegGroup, pair};
use super::{AccountBalance, Amounts, CashFlow, DueBeforeRange, Flows, Opening, Undated};
use crate::domain::IntegrationId;
use crate::reports::period::{Granularity, Period, PeriodIndex};
use crate::store::{OpenSum, Placement, SettledSum};
use std::collections::BTreeMap;

/// Integration, conta id and, without an id, the conta's name (which tells contas apart).
type AccountKey = (IntegrationId, Option<String>, Option<String>);

/// One conta's sums while they are being added up.
struct Tally {
    integration_id: IntegrationId,
    conta_id: Option<String>,
    label: String,
    /// What settled before the range.
    history: i64,
    /// What settled before the saldo inicial date.
    before_opening: i64,
    inflow: Vec<i64>,
    outflow: Vec<i64>,
    transfer_in: Vec<i64>,
    transfer_out: Vec<i64>,
}

impl Tally {
    fn new(
        integration_id: IntegrationId,
        conta_id: Option<String>,
        label: String,
        columns: usize,
    ) -> Tally {
        Tally {
            integration_id,
            conta_id,
            label,
            history: 0,
            before_opening: 0,
            inflow: vec![0; columns],
            outflow: vec![0; columns],
            transfer_in: vec![0; columns],
            transfer_out: vec![0; columns],
        }
    }

    /// With a saldo inicial `B` on day `D`, the balance at the start of the range is `B`
    /// plus what settled from `D` to the range (less what settled from the range to `D`,
    /// when `D` is later): `B + history − before_opening`.
    fn finish(self, opening: Option<&Opening>) -> AccountBalance {
        let flows = Flows::new(self.inflow, self.outflow);
        let transfers = Flows::new(self.transfer_in, self.transfer_out);
        let net: Vec<i64> = flows
            .net
            .values
            .iter()
            .zip(&transfers.net.values)
            .map(|(flow, transfer)| flow + transfer)
            .collect();
        let opening_balance = match opening {
            Some(opening) => opening.centavos + self.history - self.before_opening,
            None => self.history,
        };
        AccountBalance {
            integration_id: self.integration_id,
            conta_bancaria_id: self.conta_id,
            label: self.label,
            opening_known: opening.is_some(),
            opening_date: opening.map(|o| o.day),
            opening: opening_balance,
            closing: running(opening_balance, &net),
            flows,
            transfers,
            net,
        }
    }
}

pub(super) fn assemble(
    granularity: Granularity,
    periods: Vec<Period>,
    settled: &[SettledSum],
    open: &[OpenSum],
    openings: &[Opening],
) -> CashFlow {
    let columns = periods.len();
    let index = PeriodIndex::new(&periods);
    let column_of = |place: &Placement| match place {
        Placement::Day(day) => index.position(day),
        Placement::Before | Placement::After | Placement::Undated => None,
    };

    let opening_of = |key: &AccountKey| {
        openings
            .iter()
            .find(|o| o.integration_id == key.0 && key.1.as_deref() == Some(o.conta_id.as_str()))
    };
    let mut tallies: BTreeMap<AccountKey, Tally> = BTreeMap::new();
    // A conta with a saldo inicial has a balance even when nothing settled in it.
    for opening in openings {
        let key = (opening.integration_id, Some(opening.conta_id.clone()), None);
        tallies.insert(
            key,
            Tally::new(
                opening.integration_id,
                Some(opening.conta_id.clone()),
                opening.nome.clone(),
                columns,
            ),
        );
    }
    let mut undated = Undated::default();
    let mut legs: Vec<(LegGroup, AccountKey, usize)> = Vec::new();
    for sum in settled {
        if sum.place == Placement::Undated {
            undated.settled_entries += sum.entries;
            undated.settled_net += sum.inflow - sum.outflow + sum.transfer_in - sum.transfer_out;
            continue;
        }
        let name_key = sum
            .conta_id
            .is_none()
            .then(|| sum.conta_nome.clone())
            .flatten();
        let key = (sum.integration_id, sum.conta_id.clone(), name_key);
        let tally = tallies.entry(key.clone()).or_insert_with(|| {
            let label = sum
                .conta_nome
                .clone()
                .unwrap_or_else(|| "Sem conta".to_string());
            Tally::new(sum.integration_id, sum.conta_id.clone(), label, columns)
        });
        tally.before_opening += sum.before_opening;
        match (&sum.place, column_of(&sum.place)) {
            (place, Some(column)) => {
                tally.inflow[column] += sum.inflow;
                tally.outflow[column] += sum.outflow;
                tally.transfer_in[column] += sum.transfer_in;
                tally.transfer_out[column] += sum.transfer_out;
                if let (Some(valor), Placement::Day(day), Some(conta_id)) =
                    (sum.leg_valor, place, &sum.conta_id)
                {
                    let group = LegGroup {
                        integration_id: sum.integration_id,
                        day: day.clone(),
                        valor,
                        conta_id: conta_id.clone(),
                        receipts: sum.receipts,
                        payments: sum.payments,
                    };
                    legs.push((group, key, column));
                }
            }
            (Placement::Before, None) => {
                tally.history += sum.inflow - sum.outflow + sum.transfer_in - sum.transfer_out;
            }
            // After the range: only what it adds to `before_opening` counts.
            (_, None) => {}
        }
    }
    // Paired legs move from the entradas and saídas to the transfers.
    let groups: Vec<LegGroup> = legs.iter().map(|(group, _, _)| group.clone()).collect();
    for ((receipts, payments), (group, key, column)) in pair(&groups).into_iter().zip(&legs) {
        if let Some(tally) = tallies.get_mut(key) {
            let (moved_in, moved_out) = (receipts * group.valor, payments * group.valor);
            tally.inflow[*column] -= moved_in;
            tally.transfer_in[*column] += moved_in;
            tally.outflow[*column] -= moved_out;
            tally.transfer_out[*column] += moved_out;
        }
    }
    let mut accounts: Vec<AccountBalance> = tallies
        .into_iter()
        .map(|(key, tally)| tally.finish(opening_of(&key)))
        .collect();
    accounts.sort_by(|a, b| a.label.cmp(&b.label));

    let (mut receivable, mut payable) = (vec![0; columns], vec![0; columns]);
    let mut due_before_range = DueBeforeRange::default();
    for sum in open {
        match (&sum.place, column_of(&sum.place)) {
            (_, Some(column)) => {
                receivable[column] += sum.receivable;
                payable[column] += sum.payable;
            }
            (Placement::Undated, None) => {
                undated.open_entries += sum.entries;
                undated.open_receivable += sum.receivable;
                undated.open_payable += sum.payable;
            }
            (_, None) => {
                due_before_range.receivable += sum.receivable;
                due_before_range.payable += sum.payable;
            }
        }
    }

    let sum_of = |pick: fn(&AccountBalance) -> &Amounts| -> Vec<i64> {
        (0..columns)
            .map(|column| accounts.iter().map(|a| pick(a).values[column]).sum())
            .collect()
    };
    let realised = Flows::new(sum_of(|a| &a.flows.inflow), sum_of(|a| &a.flows.outflow));
    let transfers = Flows::new(
        sum_of(|a| &a.transfers.inflow),
        sum_of(|a| &a.transfers.outflow),
    );
    let projected = Flows::new(receivable, payable);
    let opening_balance = accounts.iter().map(|a| a.opening).sum();
    let moved: Vec<i64> = realised
        .net
        .values
        .iter()
        .zip(&transfers.net.values)
        .map(|(flow, transfer)| flow + transfer)
        .collect();
    let closing_balances = running(opening_balance, &moved);
    let projected_net_so_far = running(0, &projected.net.values);
    let projected_balances = closing_balances
        .iter()
        .zip(&projected_net_so_far)
        .map(|(closing, projected)| closing + projected)
        .collect();
    CashFlow {
        granularity,
        periods,
        realised,
        transfers,
        projected,
        due_before_range,
        undated,
        accounts,
        opening_balances_ignored: false,
        opening_balance,
        closing_balances,
        projected_balances,
    }
}

/// The balance after each step, from `opening`.
fn running(opening: i64, steps: &[i64]) -> Vec<i64> {
    steps
        .iter()
        .scan(opening, |balance, step| {
            *balance += step;
            Some(*balance)
        })
        .collect()
}
