//! The columns of the reports that run along time: a `MonthRange` cut into days, ISO weeks
//! (Monday to Sunday, the first and last clipped to the range) or months, and the lookup
//! of the column a provider date falls in. The calendar itself (`Granularity`,
//! `parse_date`) is `domain::period`'s, shared with the store.

use crate::error::Result;
use crate::reports::MonthRange;
use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;

pub use crate::domain::period::{Granularity, parse_date};

/// One column: the days from `first_day` to `last_day`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Period {
    #[specta(type = String)]
    pub first_day: NaiveDate,
    #[specta(type = String)]
    pub last_day: NaiveDate,
    /// As the column header shows it: `05/01/2026`, `05/01–11/01/2026`, `01/2026`.
    pub label: String,
}

/// The first day of `range` and the day after its last.
pub fn range_days(range: MonthRange) -> Result<(NaiveDate, NaiveDate)> {
    let (first, end) = range.date_bounds();
    Ok((parse_date(&first)?, parse_date(&end)?))
}

/// The columns of `range` at `granularity`, in order, covering every day of it once.
pub fn periods(range: MonthRange, granularity: Granularity) -> Result<Vec<Period>> {
    let (first, end) = range_days(range)?;
    let mut periods = Vec::new();
    let mut start = first;
    while start < end {
        let last = match granularity {
            Granularity::Daily => start,
            Granularity::Weekly => {
                let to_sunday = 6 - i64::from(start.weekday().num_days_from_monday());
                start + TimeDelta::days(to_sunday)
            }
            Granularity::Monthly => crate::time::month_end_offset(start, 0),
        }
        .min(end - TimeDelta::days(1));
        periods.push(Period {
            first_day: start,
            last_day: last,
            label: label(granularity, start, last),
        });
        start = last + TimeDelta::days(1);
    }
    Ok(periods)
}

fn label(granularity: Granularity, first: NaiveDate, last: NaiveDate) -> String {
    match granularity {
        Granularity::Monthly => first.format("%m/%Y").to_string(),
        // A day, or a week clipped to one day.
        _ if first == last => first.format("%d/%m/%Y").to_string(),
        _ if first.year() == last.year() => {
            format!("{}–{}", first.format("%d/%m"), last.format("%d/%m/%Y"))
        }
        _ => format!("{}–{}", first.format("%d/%m/%Y"), last.format("%d/%m/%Y")),
    }
}

/// Finds the column of a provider date (`YYYY-MM-DD`, compared as text, the way SQLite
/// selected it, so a malformed day inside the range still lands in a column).
pub struct PeriodIndex {
    first_days: Vec<String>,
}

impl PeriodIndex {
    pub fn new(periods: &[Period]) -> PeriodIndex {
        PeriodIndex {
            first_days: periods.iter().map(|p| p.first_day.to_string()).collect(),
        }
    }

    /// The column of `day`, or `None` before the first.
    pub fn position(&self, day: &str) -> Option<usize> {
        self.first_days
            .partition_point(|first| first.as_str() <= day)
            .checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(first: &str, last: &str) -> MonthRange {
        MonthRange::new(first.parse().unwrap(), last.parse().unwrap()).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_are_clipped_to_the_range() {
        // January 2026 starts on a Thursday and ends on a Saturday.
        let weeks = periods(range("2026-01", "2026-01"), Granularity::Weekly).unwrap();
        let spans: Vec<(String, String)> = weeks
            .iter()
            .map(|p| (p.first_day.to_string(), p.last_day.to_string()))
            .collect();
        assert_eq!(
            spans,
            [
                ("2026-01-01", "2026-01-04"),
                ("2026-01-05", "2026-01-11"),
                ("2026-01-12", "2026-01-18"),
                ("2026-01-19", "2026-01-25"),
                ("2026-01-26", "2026-01-31"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(weeks[1].label, "05/01–11/01/2026");
        // November 2026 starts on a Sunday and ends on a Monday: one-day weeks.
        let weeks = periods(range("2026-11", "2026-11"), Granularity::Weekly).unwrap();
        let labels: Vec<&str> = weeks.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"01/11/2026"));
        assert_eq!(labels.last(), Some(&"30/11/2026"));
        // A week across the new year names both years.
        let weeks = periods(range("2025-12", "2026-01"), Granularity::Weekly).unwrap();
        assert!(weeks.iter().any(|p| p.label == "29/12/2025–04/01/2026"));
    }

    #[test]
    fn days_and_months_cover_the_range_and_dates_find_their_column_or_are_refused() {
        let days = periods(range("2024-02", "2024-02"), Granularity::Daily).unwrap();
        assert_eq!(days.len(), 29);
        let months = periods(range("2025-11", "2026-02"), Granularity::Monthly).unwrap();
        assert_eq!(months.len(), 4);
        assert_eq!(months[3].last_day.to_string(), "2026-02-28");
        assert_eq!(months[2].label, "01/2026");
        let index = PeriodIndex::new(&months);
        assert_eq!(index.position("2025-10-31"), None);
        assert_eq!(index.position("2025-11-01"), Some(0));
        assert_eq!(index.position("2026-01-31"), Some(2));
        assert_eq!(index.position("2026-02-30"), Some(3));
        assert_eq!(parse_date(" 2026-02-28 ").unwrap(), months[3].last_day);
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("28/02/2026").is_err());
    }
}
