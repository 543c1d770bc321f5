//! The calendar the reports are cut by: months (`YYYY-MM`) and ranges of them (the DRE's
//! columns), how long a column along time is (`Granularity`), and a typed day
//! (`parse_date`). The provider's dates are calendar dates in the company's own time
//! (America/Sao_Paulo), so an entry's month is the `YYYY-MM` of its date.
//!
//! Here, below both `reports` and `store`, because both speak it: the reports ask for a
//! range and the store's reads bind its bounds. How a range becomes report columns
//! (`Period`, `periods`) is the reports' own (`reports::period`).

use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest range a report takes: 24 monthly columns.
pub const MAX_MONTHS: u32 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Result<Month> {
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return Err(invalid(&format!("{year:04}-{month:02}")));
        }
        Ok(Month { year, month })
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// The first day, `YYYY-MM-01`: dates of this month compare ≥ it.
    pub fn first_day(self) -> String {
        format!("{self}-01")
    }

    /// `mm/aaaa`, as the screens and exports show it.
    pub fn label_br(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }

    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = Error;

    /// `YYYY-MM`.
    fn from_str(text: &str) -> Result<Month> {
        let (year, month) = text.trim().split_once('-').ok_or_else(|| invalid(text))?;
        if year.len() != 4 || month.len() != 2 {
            return Err(invalid(text));
        }
        Month::new(
            year.parse().map_err(|_| invalid(text))?,
            month.parse().map_err(|_| invalid(text))?,
        )
    }
}

impl TryFrom<String> for Month {
    type Error = Error;
    fn try_from(text: String) -> Result<Month> {
        text.parse()
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

fn invalid(text: &str) -> Error {
    Error::InvalidInput {
        field: "mês",
        detail: format!("\"{text}\" não é um mês; use AAAA-MM, como 2026-01"),
    }
}

/// From `first` to `last`, both included, at most `MAX_MONTHS` long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRange {
    pub first: Month,
    pub last: Month,
}

impl MonthRange {
    /// Refuses a reversed range (which would otherwise select nothing and read as an empty
    /// report) and one longer than `MAX_MONTHS`, each with its own next step.
    pub fn new(first: Month, last: Month) -> Result<MonthRange> {
        let len = last.index() - first.index() + 1;
        let detail = if len < 1 {
            format!(
                "o mês inicial ({}) é depois do final ({}); troque os meses",
                first.label_br(),
                last.label_br()
            )
        } else if len > MAX_MONTHS as i32 {
            format!(
                "de {} a {} são {len} meses; escolha de 1 a {MAX_MONTHS} meses",
                first.label_br(),
                last.label_br()
            )
        } else {
            return Ok(MonthRange { first, last });
        };
        Err(Error::InvalidInput {
            field: "período",
            detail,
        })
    }

    pub fn months(self) -> Vec<Month> {
        (0..self.month_count())
            .map(|i| self.first.plus(i as i32))
            .collect()
    }

    pub fn month_count(self) -> usize {
        (self.last.index() - self.first.index() + 1) as usize
    }

    /// Where the column of `month` is, if it is in the range.
    pub fn position(self, month: Month) -> Option<usize> {
        let offset = month.index() - self.first.index();
        (0..self.month_count() as i32)
            .contains(&offset)
            .then_some(offset as usize)
    }

    /// The same number of months just before this range.
    pub fn previous(self) -> MonthRange {
        let len = self.month_count() as i32;
        MonthRange {
            first: self.first.plus(-len),
            last: self.last.plus(-len),
        }
    }

    /// The same months a year earlier.
    pub fn year_before(self) -> MonthRange {
        MonthRange {
            first: self.first.plus(-12),
            last: self.last.plus(-12),
        }
    }

    /// Dates in the range compare ≥ the first and < the end.
    pub fn date_bounds(self) -> (String, String) {
        (self.first.first_day(), self.last.plus(1).first_day())
    }
}

/// How long each column of a report along time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Daily,
    /// ISO weeks, Monday to Sunday.
    Weekly,
    Monthly,
}

/// A `YYYY-MM-DD` date, as the operator types it or the range yields it.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Error::InvalidInput {
        field: "data",
        detail: format!("\"{text}\" não é uma data; use AAAA-MM-DD"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_step_across_years_and_refuse_nonsense() {
        let jan: Month = "2026-01".parse().unwrap();
        assert_eq!(jan.plus(-1).to_string(), "2025-12");
        assert_eq!(jan.plus(13).to_string(), "2027-02");
        assert_eq!(jan.label_br(), "01/2026");
        for bad in ["2026-13", "2026-1", "26-01", "janeiro", ""] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_know_their_columns_bounds_and_comparisons() {
        let range =
            MonthRange::new("2025-11".parse().unwrap(), "2026-02".parse().unwrap()).unwrap();
        assert_eq!(range.month_count(), 4);
        assert_eq!(range.position("2026-01".parse().unwrap()), Some(2));
        assert_eq!(range.position("2026-03".parse().unwrap()), None);
        assert_eq!(
            range.date_bounds(),
            ("2025-11-01".into(), "2026-03-01".into())
        );
        assert_eq!(range.previous().first.to_string(), "2025-07");
        assert_eq!(range.year_before().last.to_string(), "2025-02");
        let too_long = MonthRange::new("2024-01".parse().unwrap(), "2026-01".parse().unwrap());
        assert_eq!(
            too_long.unwrap_err().to_string(),
            "Valor inválido em período: de 01/2024 a 01/2026 são 25 meses; escolha de 1 a 24 meses"
        );
    }

    #[test]
    fn a_reversed_range_is_refused_with_what_to_do() {
        let backwards =
            MonthRange::new("2026-02".parse().unwrap(), "2026-01".parse().unwrap()).unwrap_err();
        assert_eq!(backwards.code(), "invalid_input");
        assert_eq!(
            backwards.to_string(),
            "Valor inválido em período: o mês inicial (02/2026) é depois do final (01/2026); troque os meses"
        );
        let one_month = MonthRange::new("2026-02".parse().unwrap(), "2026-02".parse().unwrap());
        assert_eq!(one_month.unwrap().month_count(), 1);
    }
}
