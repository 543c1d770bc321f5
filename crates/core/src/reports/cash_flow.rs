//! The fluxo de caixa: per day, week or month, what was settled (realised: by data de
//! liquidação, at what moved) and what is still open (projected: by data de vencimento, at
//! face value), the balance of each conta bancária, and the balances overall, realised and
//! projected. Open items due before the range and entries without a date are reported
//! apart, never dropped. Amounts are centavos; saídas and a pagar are positive amounts.

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::period::{Granularity, Period, PeriodIndex, periods, range_days};
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};
use crate::reports::{MonthRange, ReportScope};
use crate::store::{OpenSum, Placement, SettledSum, Store};
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// What settled in it before the range: the provider gives no opening balances.
    pub opening: i64,
    /// What settled in it per period (in − out).
    pub net: Vec<i64>,
    /// Its balance at the end of each period.
    pub closing: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CashFlow {
    pub granularity: Granularity,
    pub periods: Vec<Period>,
    /// Settled lançamentos, by data de liquidação, at `valor_total`.
    pub realised: Flows,
    /// Open lançamentos due in the range, by data de vencimento, at `valor`.
    pub projected: Flows,
    pub due_before_range: DueBeforeRange,
    pub undated: Undated,
    /// By label.
    pub accounts: Vec<AccountBalance>,
    /// The sum of the contas' openings.
    pub opening_balance: i64,
    /// Realised balance at the end of each period.
    pub closing_balances: Vec<i64>,
    /// The realised balance plus the projected net so far, at the end of each period.
    pub projected_balances: Vec<i64>,
}

impl Store {
    pub async fn cash_flow(
        &self,
        range: MonthRange,
        granularity: Granularity,
        scope: &ReportScope,
    ) -> Result<CashFlow> {
        let (start, end) = range_days(range)?;
        let periods = periods(range, granularity)?;
        // Two reads, side by side on two connections.
        let (settled, open) = tokio::try_join!(
            self.settled_sums(start, end, scope),
            self.open_sums(start, end, scope),
        )?;
        Ok(assemble(granularity, periods, &settled, &open))
    }
}

fn assemble(
    granularity: Granularity,
    periods: Vec<Period>,
    settled: &[SettledSum],
    open: &[OpenSum],
) -> CashFlow {
    let columns = periods.len();
    let index = PeriodIndex::new(&periods);
    let column_of = |place: &Placement| match place {
        Placement::Day(day) => index.position(day),
        Placement::Before | Placement::Undated => None,
    };

    let (mut inflow, mut outflow) = (vec![0; columns], vec![0; columns]);
    let mut undated = Undated::default();
    let mut accounts: BTreeMap<(IntegrationId, Option<String>, Option<String>), AccountBalance> =
        BTreeMap::new();
    for sum in settled {
        let net = sum.inflow - sum.outflow;
        if sum.place == Placement::Undated {
            undated.settled_entries += sum.entries;
            undated.settled_net += net;
            continue;
        }
        // Without an id, the name tells contas apart.
        let name_key = sum
            .conta_id
            .is_none()
            .then(|| sum.conta_nome.clone())
            .flatten();
        let account = accounts
            .entry((sum.integration_id, sum.conta_id.clone(), name_key))
            .or_insert_with(|| AccountBalance {
                integration_id: sum.integration_id,
                conta_bancaria_id: sum.conta_id.clone(),
                label: sum
                    .conta_nome
                    .clone()
                    .unwrap_or_else(|| "Sem conta".to_string()),
                opening: 0,
                net: vec![0; columns],
                closing: Vec::new(),
            });
        match column_of(&sum.place) {
            Some(column) => {
                inflow[column] += sum.inflow;
                outflow[column] += sum.outflow;
                account.net[column] += net;
            }
            None => account.opening += net,
        }
    }
    let mut accounts: Vec<AccountBalance> = accounts.into_values().collect();
    for account in &mut accounts {
        account.closing = running(account.opening, &account.net);
    }
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

    let realised = flows(inflow, outflow);
    let projected = flows(receivable, payable);
    let opening_balance = accounts.iter().map(|a| a.opening).sum();
    let closing_balances = running(opening_balance, &realised.net.values);
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
        projected,
        due_before_range,
        undated,
        accounts,
        opening_balance,
        closing_balances,
        projected_balances,
    }
}

fn flows(inflow: Vec<i64>, outflow: Vec<i64>) -> Flows {
    let net = inflow.iter().zip(&outflow).map(|(i, o)| i - o).collect();
    Flows {
        inflow: Amounts::new(inflow),
        outflow: Amounts::new(outflow),
        net: Amounts::new(net),
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

impl CashFlow {
    /// Periods as columns after "Antes do período" (what lies before the range: the
    /// opening balances, the open items due earlier), then the total; a balance row's
    /// total is its balance at the end. `company` names whose numbers these are;
    /// `filters` says which filters were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let mut columns = vec!["Linha".to_string(), "Antes do período".to_string()];
        columns.extend(self.periods.iter().map(|p| p.label.clone()));
        columns.push("Total".into());

        let flow_row = |label: &str, before: Option<i64>, amounts: &Amounts, style| {
            let mut cells = vec![
                Cell::Text(label.into()),
                before.map_or(Cell::Text(String::new()), Cell::Money),
            ];
            cells.extend(amounts.values.iter().map(|v| Cell::Money(*v)));
            cells.push(Cell::Money(amounts.total));
            TableRow { style, cells }
        };
        let balance_row = |label: &str, opening: i64, closing: &[i64], style| {
            let mut cells = vec![Cell::Text(label.into()), Cell::Money(opening)];
            cells.extend(closing.iter().map(|v| Cell::Money(*v)));
            cells.push(Cell::Money(closing.last().copied().unwrap_or(opening)));
            TableRow { style, cells }
        };
        let due = &self.due_before_range;
        let mut rows = vec![
            flow_row(
                "Entradas realizadas",
                None,
                &self.realised.inflow,
                RowStyle::Normal,
            ),
            flow_row(
                "Saídas realizadas",
                None,
                &self.realised.outflow,
                RowStyle::Normal,
            ),
            flow_row(
                "Saldo do período",
                None,
                &self.realised.net,
                RowStyle::Strong,
            ),
            flow_row(
                "A receber (previsto)",
                Some(due.receivable),
                &self.projected.inflow,
                RowStyle::Normal,
            ),
            flow_row(
                "A pagar (previsto)",
                Some(due.payable),
                &self.projected.outflow,
                RowStyle::Normal,
            ),
            flow_row(
                "Saldo previsto",
                Some(due.receivable - due.payable),
                &self.projected.net,
                RowStyle::Strong,
            ),
            balance_row(
                "Saldo final realizado",
                self.opening_balance,
                &self.closing_balances,
                RowStyle::Strong,
            ),
        ];
        rows.extend(self.accounts.iter().map(|account| {
            balance_row(
                &account.label,
                account.opening,
                &account.closing,
                RowStyle::Detail,
            )
        }));
        rows.push(balance_row(
            "Saldo final projetado",
            self.opening_balance,
            &self.projected_balances,
            RowStyle::Strong,
        ));

        let mut about = vec![format!("Empresa: {company}")];
        if let (Some(first), Some(last)) = (self.periods.first(), self.periods.last()) {
            about.push(format!(
                "Período: {} a {} ({})",
                first.first_day.format("%d/%m/%Y"),
                last.last_day.format("%d/%m/%Y"),
                match self.granularity {
                    Granularity::Daily => "por dia",
                    Granularity::Weekly => "por semana, de segunda a domingo",
                    Granularity::Monthly => "por mês",
                }
            ));
        }
        about.extend(filters.iter().cloned());
        ReportTable {
            title: "Fluxo de caixa".into(),
            about,
            columns,
            rows,
            notes: self.notes(),
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = vec![
            "Realizado: lançamentos liquidados, pela data de liquidação, pelo valor que movimentou (com juros, descontos e taxas). Previsto: lançamentos em aberto, pelo vencimento, pelo valor original.".to_string(),
            "O Gestão Click não informa saldos iniciais: o saldo antes do período é a soma do que foi liquidado em cada conta antes dele, desde o primeiro lançamento espelhado. Confira com o extrato do banco.".to_string(),
            "Na coluna Antes do período, as linhas previstas trazem o que venceu antes do período e continua em aberto; isso fica fora do saldo projetado. Nas linhas de saldo, Total é o saldo no fim do período.".to_string(),
        ];
        let undated = &self.undated;
        if undated.settled_entries > 0 {
            notes.push(format!(
                "Atenção: {} lançamento(s) liquidado(s) sem data de liquidação ({}) ficaram fora dos saldos.",
                undated.settled_entries,
                Cell::Money(undated.settled_net).display()
            ));
        }
        if undated.open_entries > 0 {
            notes.push(format!(
                "Atenção: {} lançamento(s) em aberto sem vencimento (a receber {}, a pagar {}) ficaram fora do previsto.",
                undated.open_entries,
                Cell::Money(undated.open_receivable).display(),
                Cell::Money(undated.open_payable).display()
            ));
        }
        notes
    }
}
