//! The aging of contas a receber or a pagar: the position of one side on a reference date.
//! The titles issued by that date (competência, else the day registered) and not settled by
//! it, even when settled later, at face value, per party, by how many days past due they are
//! on that date (a vencer, 1–30, 31–60, 61–90, more than 90), with the items that have no due
//! date in a column of their own so nothing is hidden. Parties by total, largest first, then
//! the grand total. On today's date it is what is open today. Which rows count is the store's
//! (`store/aging.rs`); this file owns the shape, the order and the table.

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};
use crate::reports::{ReportScope, Reports};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum AgingSide {
    /// Recebimentos: what clientes owe.
    Receber,
    /// Pagamentos: what is owed to fornecedores.
    Pagar,
}

/// Whose an item is: the side's own party first (cliente for receber, fornecedor for
/// pagar), else the first of transportadora, funcionário or the other side's party that
/// the item names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AgingParty {
    Cliente,
    Fornecedor,
    Transportadora,
    Funcionario,
    /// No party named.
    Outro,
}

impl AgingParty {
    pub fn as_str(self) -> &'static str {
        match self {
            AgingParty::Cliente => "cliente",
            AgingParty::Fornecedor => "fornecedor",
            AgingParty::Transportadora => "transportadora",
            AgingParty::Funcionario => "funcionario",
            AgingParty::Outro => "outro",
        }
    }

    pub fn parse(text: &str) -> Option<AgingParty> {
        [
            AgingParty::Cliente,
            AgingParty::Fornecedor,
            AgingParty::Transportadora,
            AgingParty::Funcionario,
            AgingParty::Outro,
        ]
        .into_iter()
        .find(|party| party.as_str() == text)
    }

    /// Its name in a sentence: "Cliente 42".
    pub fn label(self) -> &'static str {
        match self {
            AgingParty::Cliente => "Cliente",
            AgingParty::Fornecedor => "Fornecedor",
            AgingParty::Transportadora => "Transportadora",
            AgingParty::Funcionario => "Funcionário",
            AgingParty::Outro => "Outro",
        }
    }
}

/// Amounts open on the reference date by days past due (the reference date minus the due
/// date), in centavos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingAmounts {
    /// Due on the reference date or later.
    pub current: i64,
    pub days_1_30: i64,
    pub days_31_60: i64,
    pub days_61_90: i64,
    pub over_90: i64,
    pub no_due_date: i64,
    pub total: i64,
}

impl AgingAmounts {
    fn add(&mut self, other: &AgingAmounts) {
        self.current += other.current;
        self.days_1_30 += other.days_1_30;
        self.days_31_60 += other.days_31_60;
        self.days_61_90 += other.days_61_90;
        self.over_90 += other.over_90;
        self.no_due_date += other.no_due_date;
        self.total += other.total;
    }

    fn cells(&self) -> [Cell; 7] {
        [
            self.current,
            self.days_1_30,
            self.days_31_60,
            self.days_61_90,
            self.over_90,
            self.no_due_date,
            self.total,
        ]
        .map(Cell::Money)
    }
}

/// One party's items open on the reference date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingRow {
    pub integration_id: IntegrationId,
    pub party: AgingParty,
    /// The party's provider id, when the items carry one (drill-down).
    pub party_id: Option<String>,
    pub label: String,
    /// How many items open on the reference date.
    pub entries: i64,
    pub amounts: AgingAmounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Aging {
    pub side: AgingSide,
    /// The date of the position: items issued and not settled by it, their days past due
    /// counted to it.
    #[specta(type = String)]
    pub as_of: NaiveDate,
    /// By total, largest first.
    pub rows: Vec<AgingRow>,
    pub entries: i64,
    pub total: AgingAmounts,
}

impl Reports {
    /// The position on `as_of`: what was issued and not yet settled on that day, even if
    /// settled since. Usually today in São Paulo (`crate::time::today_sao_paulo`), and then
    /// it is what is open now.
    pub async fn aging(
        &self,
        side: AgingSide,
        as_of: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Aging> {
        let mut rows = self.store.aging_rows(side, as_of, scope).await?;
        rows.sort_by(|a, b| {
            b.amounts
                .total
                .cmp(&a.amounts.total)
                .then_with(|| a.label.cmp(&b.label))
        });
        let mut total = AgingAmounts::default();
        for row in &rows {
            total.add(&row.amounts);
        }
        Ok(Aging {
            side,
            as_of,
            entries: rows.iter().map(|row| row.entries).sum(),
            rows,
            total,
        })
    }
}

impl Aging {
    /// A row per party, then the total. `company` names whose numbers these are; `filters`
    /// says which filters were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let (title, party) = match self.side {
            // Not "Cliente"/"Fornecedor": a row may be a transportadora or a funcionário.
            AgingSide::Receber => ("Contas a receber por vencimento (aging)", "Devedor"),
            AgingSide::Pagar => ("Contas a pagar por vencimento (aging)", "Credor"),
        };
        let mut columns = vec![party.to_string()];
        columns.extend(
            [
                "A vencer",
                "1–30 dias",
                "31–60 dias",
                "61–90 dias",
                "Mais de 90 dias",
                "Sem vencimento",
                "Total",
            ]
            .map(String::from),
        );
        let row = |label: &str, amounts: &AgingAmounts, style| {
            let mut cells = vec![Cell::Text(label.into())];
            cells.extend(amounts.cells());
            TableRow { style, cells }
        };
        let mut rows: Vec<TableRow> = self
            .rows
            .iter()
            .map(|r| row(&r.label, &r.amounts, RowStyle::Normal))
            .collect();
        rows.push(row("Total", &self.total, RowStyle::Strong));

        let mut about = vec![
            format!("Empresa: {company}"),
            format!("Posição em: {}", self.as_of.format("%d/%m/%Y")),
        ];
        about.extend(filters.iter().cloned());
        let day = self.as_of.format("%d/%m/%Y");
        let mut notes = vec![format!(
            "Posição em {day}: títulos emitidos até essa data e não liquidados até ela, mesmo que liquidados depois; pelo valor original, sem juros nem descontos. {} título(s); os dias de atraso contam até {day}. A vencer inclui o que vence nessa data.",
            self.entries,
        )];
        if self.total.no_due_date != 0 {
            notes.push(format!(
                "Atenção: {} em títulos sem data de vencimento (coluna Sem vencimento).",
                Cell::Money(self.total.no_due_date).display()
            ));
        }
        ReportTable {
            title: title.into(),
            about,
            columns,
            rows,
            notes,
        }
    }
}
