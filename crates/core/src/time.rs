//! Time in Ponte: the provider's dates are Brazilian calendar dates, Ponte's own instants
//! are UTC, and "today" for quotas and windows is the day in America/Sao_Paulo.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::America::Sao_Paulo;

/// Today's date in America/Sao_Paulo.
pub fn today_sao_paulo() -> NaiveDate {
    Utc::now().with_timezone(&Sao_Paulo).date_naive()
}

/// The first day of the month `months` before (negative) or after (positive) `date`'s month.
pub fn month_start_offset(date: NaiveDate, months: i32) -> NaiveDate {
    let index = date.year() * 12 + date.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(date)
}

/// The last day of the month `months` after `date`'s month.
pub fn month_end_offset(date: NaiveDate, months: i32) -> NaiveDate {
    month_start_offset(date, months + 1)
        .pred_opt()
        .unwrap_or(date)
}

/// A stored UTC instant (RFC 3339) shown as Brazilians read it: `dd/mm/aaaa hh:mm` in
/// America/Sao_Paulo. Text that is not an instant is shown as it is.
pub fn format_instant_br(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|instant| {
            instant
                .with_timezone(&Sao_Paulo)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn month_offsets_cross_year_boundaries() {
        assert_eq!(month_start_offset(d(2026, 11, 23), -24), d(2024, 11, 1));
        assert_eq!(month_start_offset(d(2026, 1, 31), -1), d(2025, 12, 1));
        assert_eq!(month_end_offset(d(2026, 11, 23), 12), d(2027, 11, 30));
        assert_eq!(month_end_offset(d(2024, 1, 15), 1), d(2024, 2, 29));
    }

    #[test]
    fn instants_show_in_sao_paulo_time() {
        assert_eq!(
            format_instant_br("2026-11-23T14:05:00Z"),
            "23/11/2026 11:05"
        );
        assert_eq!(
            format_instant_br("2026-01-01T01:00:00Z"),
            "31/12/2025 22:00"
        );
        assert_eq!(format_instant_br("ontem"), "ontem");
    }
}
