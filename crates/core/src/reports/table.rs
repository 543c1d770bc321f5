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
    /// A ratio (0.25 is 25 %); `None` where it has no meaning (a zero base) or where a
    /// change was withheld (`reports::comparison`).
    Percent(Option<f64>),
    /// A count or a quantity, exactly: `scaled` ÷ 10^`places` (milésimos have 3 places).
    Number {
        scaled: i64,
        places: u32,
    },
}

impl Cell {
    /// As a screen or a printed page shows it, negatives in parentheses as accountants
    /// write them: `R$ 1.234,56`, `(R$ 400,00)`, `1.234,5%`.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            // The sign dropped from the text, not negated: -i64::MIN would overflow.
            Cell::Money(centavos) if *centavos < 0 => {
                format!("({})", format_brl(*centavos).trim_start_matches('-'))
            }
            Cell::Money(centavos) => format_brl(*centavos),
            Cell::Percent(None) => "—".into(),
            Cell::Percent(Some(ratio)) if !ratio.is_finite() => "—".into(),
            Cell::Percent(Some(ratio)) => {
                format!("{}%", crate::format::format_decimal(ratio * 100.0, 1))
            }
            Cell::Number { scaled, places } => {
                let (sign, whole, fraction) = split_number(*scaled, *places);
                let whole = crate::format::group_thousands(&whole.to_string());
                match fraction {
                    Some(digits) => format!("{sign}{whole},{digits}"),
                    None => format!("{sign}{whole}"),
                }
            }
        }
    }
}

/// A number cell's sign, whole part and decimal digits (trailing zeros dropped, `None`
/// when nothing is left), with integer arithmetic only.
pub fn split_number(scaled: i64, places: u32) -> (&'static str, u64, Option<String>) {
    let sign = if scaled < 0 { "-" } else { "" };
    let unit = 10u64.saturating_pow(places);
    let (whole, fraction) = (scaled.unsigned_abs() / unit, scaled.unsigned_abs() % unit);
    let digits = format!("{fraction:0width$}", width = places as usize);
    let digits = digits.trim_end_matches('0');
    let fraction = (places > 0 && !digits.is_empty()).then(|| digits.to_string());
    (sign, whole, fraction)
}

/// `value` with `places` decimals and a decimal comma, without grouping: for files that
/// programs read back as numbers (CSV).
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
        assert_eq!(
            Cell::Number {
                scaled: 1_234_567,
                places: 0
            }
            .display(),
            "1.234.567"
        );
        assert_eq!(
            Cell::Number {
                scaled: 1_500,
                places: 3
            }
            .display(),
            "1,5"
        );
        assert_eq!(
            Cell::Number {
                scaled: -12_000,
                places: 3
            }
            .display(),
            "-12"
        );
    }

    #[test]
    fn percentages_group_thousands_and_show_a_dash_for_no_number() {
        assert_eq!(Cell::Percent(Some(12.345)).display(), "1.234,5%");
        assert_eq!(Cell::Percent(Some(-19.0)).display(), "-1.900,0%");
        assert_eq!(Cell::Percent(Some(f64::NAN)).display(), "—");
        assert_eq!(Cell::Percent(None).display(), "—");
    }
}
