//! What the layout tests share: a measure without fonts, and a table of any size.

use super::measure::{Measure, Weight};
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};

/// Every character half an em wide, bold a little wider.
pub struct HalfEm;

impl Measure for HalfEm {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let em = match weight {
            Weight::Regular => 0.5,
            Weight::Bold => 0.55,
        };
        text.chars().count() as f32 * em * size
    }
}

/// A label column and `columns - 1` money columns, a `Strong` row every fifth, the others
/// `Detail`; every value different.
pub fn table(columns: usize, rows: usize) -> ReportTable {
    let mut names = vec!["Linha".to_string()];
    names.extend((1..columns).map(|column| format!("Mês {column:02}")));
    ReportTable {
        title: "DRE".into(),
        about: vec![
            "Integração: Loja Centro".into(),
            "Período: jan/2024 a dez/2025".into(),
        ],
        columns: names,
        rows: (0..rows)
            .map(|row| TableRow {
                style: if row % 5 == 0 {
                    RowStyle::Strong
                } else {
                    RowStyle::Detail
                },
                cells: std::iter::once(Cell::Text(format!("Conta {row}")))
                    .chain(
                        (1..columns)
                            .map(|column| Cell::Money(-(row as i64 * 1_000_003 + column as i64))),
                    )
                    .collect(),
            })
            .collect(),
        notes: vec!["Há lançamentos não classificados.".into()],
    }
}
