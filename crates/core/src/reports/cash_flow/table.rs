//! The fluxo de caixa as a table: the realised lines, the transfers' memo line, the
//! projected lines, and the balances, overall and per conta, with notes saying where the
//! balances start and what the transfers are.

use super::{AccountBalance, Amounts, CashFlow};
use crate::reports::period::Granularity;
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};

/// Appended to the row of a conta whose balance is computed, not entered.
const NO_OPENING: &str = " (sem saldo inicial informado)";

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
                "Transferências entre contas (entre as próprias contas)",
                None,
                &self.transfers.net,
                RowStyle::Normal,
            ),
        ];
        // In and out only where something moved: with every leg paired, the memo line
        // nets to zero and these say how much went round.
        if self.transfers.inflow.total != 0 || self.transfers.outflow.total != 0 {
            rows.push(flow_row(
                "Entradas por transferência",
                None,
                &self.transfers.inflow,
                RowStyle::Detail,
            ));
            rows.push(flow_row(
                "Saídas por transferência",
                None,
                &self.transfers.outflow,
                RowStyle::Detail,
            ));
        }
        rows.extend([
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
        ]);
        rows.extend(self.accounts.iter().map(|account| {
            let flagged = self.lacks_opening(account);
            balance_row(
                &format!("{}{}", account.label, if flagged { NO_OPENING } else { "" }),
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

        let mut about = vec![company.to_string()];
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
            "Transferências entre as próprias contas (plano de contas classificado como transferência na Estrutura do DRE, ou um recebimento e um pagamento sem plano de contas, do mesmo valor e dia, em contas diferentes) não são entradas nem saídas de caixa (CPC 03): ficam na linha Transferências entre contas e mudam só o saldo de cada conta. Ajustes de caixa continuam nas entradas e saídas. Em cada conta e no total: saldo anterior + entradas − saídas + transferências = saldo final.".to_string(),
            "O Gestão Click não informa saldos. Numa conta com saldo inicial informado (o saldo no início do dia escolhido, antes dos lançamentos desse dia), o saldo é esse valor mais o que foi liquidado nela a partir desse dia. Numa conta sem ele, o saldo é a soma do que foi liquidado desde o primeiro lançamento espelhado. Confira com o extrato do banco.".to_string(),
            "Na coluna Antes do período, as linhas previstas trazem o que venceu antes do período e continua em aberto; isso fica fora do saldo projetado. Nas linhas de saldo, Total é o saldo no fim do período.".to_string(),
        ];
        let lacking: Vec<&str> = self
            .accounts
            .iter()
            .filter(|account| self.lacks_opening(account))
            .map(|account| account.label.as_str())
            .collect();
        if !lacking.is_empty() {
            notes.push(format!(
                "Sem saldo inicial informado: {} (saldo calculado desde o primeiro lançamento espelhado). Informe-o em Relatórios › Fluxo de caixa › Saldos iniciais das contas, ou com `ponte report saldo-inicial`.",
                lacking.join(", ")
            ));
        }
        if self.opening_balances_ignored {
            notes.push("Com filtro de loja ou centro de custo, os saldos iniciais informados não entram: eles são da conta inteira, de todas as lojas e centros de custo. Os saldos são a soma do que foi liquidado nos lançamentos filtrados.".to_string());
        }
        let undated = &self.undated;
        if undated.settled_entries > 0 {
            notes.push(format!(
                "Atenção: {} sem data de liquidação ({}) {} fora dos saldos.",
                if undated.settled_entries == 1 {
                    "1 lançamento liquidado".to_string()
                } else {
                    format!("{} lançamentos liquidados", undated.settled_entries)
                },
                Cell::Money(undated.settled_net).display(),
                if undated.settled_entries == 1 {
                    "ficou"
                } else {
                    "ficaram"
                }
            ));
        }
        if undated.open_entries > 0 {
            notes.push(format!(
                "Atenção: {} em aberto sem vencimento (a receber {}, a pagar {}) {} fora do previsto.",
                if undated.open_entries == 1 {
                    "1 lançamento".to_string()
                } else {
                    format!("{} lançamentos", undated.open_entries)
                },
                Cell::Money(undated.open_receivable).display(),
                Cell::Money(undated.open_payable).display(),
                if undated.open_entries == 1 { "ficou" } else { "ficaram" }
            ));
        }
        notes
    }

    /// Whether the row of `account` must say its balance is computed, not entered: a conta
    /// with an id and no saldo inicial, when saldos iniciais apply at all.
    fn lacks_opening(&self, account: &AccountBalance) -> bool {
        !self.opening_balances_ignored
            && !account.opening_known
            && account.conta_bancaria_id.is_some()
    }
}
