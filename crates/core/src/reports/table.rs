//! A report as a table: title, the lines that say what it covers, column headers and typed
//! cells. Every export (CSV, and the text table of the CLI) writes this one shape, so each
//! report is turned into a table once.

use crate::money::format_brl;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    Text(String),
    /// Centavos.
    Money(i64),
    /// A ratio (0.25 is 25 %); `None` where it has no meaning (a zero base).
    Percent(Option<f64>),
}

impl Cell {
    /// As a screen or a printed page shows it, negatives in parentheses as accountants
    /// write them: `R$ 1.234,56`, `(R$ 400,00)`, `12,5%`.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            // The sign dropped from the text, not negated: -i64::MIN would overflow.
            Cell::Money(centavos) if *centavos < 0 => {
                format!("({})", format_brl(*centavos).trim_start_matches('-'))
            }
            Cell::Money(centavos) => format_brl(*centavos),
            Cell::Percent(None) => "—".into(),
            Cell::Percent(Some(ratio)) => format!("{}%", decimal_br(ratio * 100.0, 1)),
        }
    }
}

/// `value` with `places` decimals and a decimal comma.
pub fn decimal_br(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// How a row stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RowStyle {
    Normal,
    /// A group or total line.
    Strong,
    /// An account under a line.
    Detail,
    /// Needs the reader's attention (unclassified amounts).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TableRow {
    pub style: RowStyle,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ReportTable {
    pub title: String,
    /// What the report covers: company, period, basis, filters.
    pub about: Vec<String>,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Warnings printed under the table.
    pub notes: Vec<String>,
}

impl ReportTable {
    /// Aligned text for a terminal: the first column left, the others right.
    pub fn to_text(&self) -> String {
        let shown: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| match (i, row.style) {
                        (0, RowStyle::Detail) => format!("  {}", cell.display()),
                        _ => cell.display(),
                    })
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                shown
                    .iter()
                    .filter_map(|row| row.get(i))
                    .chain(std::iter::once(&self.columns[i]))
                    .map(|text| text.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (text, width))| {
                    let pad = width.saturating_sub(text.chars().count());
                    if i == 0 {
                        format!("{text}{}", " ".repeat(pad))
                    } else {
                        format!("{}{text}", " ".repeat(pad))
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = format!("{}\n", self.title);
        for about in &self.about {
            out.push_str(&format!("{about}\n"));
        }
        out.push('\n');
        out.push_str(&line(&self.columns));
        out.push('\n');
        for row in &shown {
            out.push_str(&line(row));
            out.push('\n');
        }
        for note in &self.notes {
            out.push_str(&format!("\n{note}"));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_shows_negatives_in_parentheses_even_the_most_negative() {
        assert_eq!(Cell::Money(123_456).display(), "R$ 1.234,56");
        assert_eq!(Cell::Money(-40_000).display(), "(R$ 400,00)");
        assert_eq!(
            Cell::Money(i64::MIN).display(),
            "(R$ 92.233.720.368.547.758,08)"
        );
        assert_eq!(Cell::Percent(Some(0.125)).display(), "12,5%");
        assert_eq!(Cell::Percent(None).display(), "—");
    }
}
