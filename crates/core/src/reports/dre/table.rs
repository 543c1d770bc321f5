//! The DRE as a `ReportTable`: a line per row, a column per month, then the total, AV %
//! and AH %; what it covers above, and under it what Receita Bruta counts, why an AH % is
//! missing, and a warning when amounts are unclassified or money moves are left out.

use super::report::{Basis, Comparison, Dre, RowKind};
use super::structure::DreLine;
use crate::reports::comparison::WITHHELD_NOTE;
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};

impl Dre {
    /// What the DRE counts as revenue, in one line: the first note, and the screen's.
    pub const COUNTS: &str = "Receita Bruta: lançamentos (recebimentos) do Gestão Click nas contas do plano classificadas como Receita Bruta; vendas não entram aqui.";

    /// `company` is the line naming whose numbers these are ("Integração: …"); `filters`
    /// says which ones were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let mut columns = vec!["Linha".to_string()];
        columns.extend(self.months.iter().map(|m| m.label_br()));
        columns.extend(["Total".into(), "AV %".into(), "AH %".into()]);
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::Text(row.label.clone())];
                cells.extend(row.values.iter().map(|v| Cell::Money(*v)));
                cells.push(Cell::Money(row.total));
                cells.push(Cell::Percent(row.av_total));
                cells.push(Cell::Percent(row.ah));
                TableRow {
                    style: match row.kind {
                        RowKind::Group | RowKind::Total => RowStyle::Strong,
                        RowKind::Subgroup => RowStyle::Normal,
                        RowKind::Account => RowStyle::Detail,
                        RowKind::Unclassified => RowStyle::Warning,
                    },
                    cells,
                }
            })
            .collect();
        let span = |months: &[crate::reports::Month]| match (months.first(), months.last()) {
            (Some(first), Some(last)) => format!("{} a {}", first.label_br(), last.label_br()),
            _ => String::new(),
        };
        let mut about = vec![
            company.to_string(),
            format!("Período: {}", span(&self.months)),
            format!(
                "Base: {}",
                match self.basis {
                    Basis::Competencia => "competência (data de competência)",
                    Basis::Caixa => "caixa (data de liquidação, só o que foi pago ou recebido)",
                }
            ),
            format!(
                "AH % contra: {} ({})",
                match self.comparison {
                    Comparison::PreviousPeriod => "o período anterior",
                    Comparison::PreviousYear => "o mesmo período do ano anterior",
                },
                span(&self.compared_months)
            ),
        ];
        about.extend(filters.iter().cloned());
        let mut notes = vec![Dre::COUNTS.to_string()];
        if self.ah_withheld {
            notes.push(WITHHELD_NOTE.into());
        }
        if self.row(DreLine::NaoClassificado).is_some() {
            notes.push(
                "Atenção: há valores em \"Não classificado\", fora do resultado. Classifique essas contas no mapeamento do DRE (ponte report classify)."
                    .to_string(),
            );
        }
        if !self.money_moves.is_empty() {
            notes.push(format!(
                "Fora do DRE por só moverem dinheiro entre contas: {}. Inclua-as com --incluir-movimentacoes.",
                self.money_moves.join(", ")
            ));
        }
        ReportTable {
            title: "DRE — Demonstração do Resultado do Exercício".into(),
            about,
            columns,
            rows,
            notes,
        }
    }
}
