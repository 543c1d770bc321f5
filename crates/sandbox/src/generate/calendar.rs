//! Dates for generated data: the 12 months ending at `today`, business hours, and the
//! current month the titles' default period covers.

use crate::wire::Timestamp;
use chrono::{Datelike, Months, NaiveDate, NaiveTime, TimeDelta};
use rand::Rng;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Calendar {
    pub today: NaiveDate,
    /// The first day of the month 11 months before today's: 12 calendar months in all.
    pub window_start: NaiveDate,
    /// The last day of today's month: open titles may fall due until then.
    pub month_end: NaiveDate,
}

impl Calendar {
    pub fn new(today: NaiveDate) -> Calendar {
        let month_start = first_of_month(today);
        Calendar {
            today,
            window_start: month_start
                .checked_sub_months(Months::new(11))
                .unwrap_or(month_start),
            month_end: last_of_month(today),
        }
    }

    /// The first and last day of today's month: the titles' default period.
    pub fn current_month(&self) -> (NaiveDate, NaiveDate) {
        (first_of_month(self.today), self.month_end)
    }

    /// A uniformly random day in `from..=to` (`from` when the range is empty).
    pub fn day_between(rng: &mut impl Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + TimeDelta::days(rng.random_range(0..=span))
    }

    /// A random moment of `date` between 08:00:00 and 18:59:59.
    pub fn business_hours(rng: &mut impl Rng, date: NaiveDate) -> Timestamp {
        let seconds = rng.random_range(8 * 3600..19 * 3600);
        let time = NaiveTime::MIN + TimeDelta::seconds(seconds);
        Timestamp(date.and_time(time))
    }

    /// Most records are never touched again; some are edited later, up to today.
    pub fn modified_after(&self, rng: &mut impl Rng, cadastrado: Timestamp) -> Timestamp {
        if rng.random_bool(0.7) || cadastrado.date() >= self.today {
            return cadastrado;
        }
        let day = Self::day_between(rng, cadastrado.date(), self.today);
        Self::business_hours(rng, day).max(cadastrado)
    }

    /// The first day of every month in the window, oldest first.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = self.window_start;
        while month <= self.today {
            months.push(month);
            match month.checked_add_months(Months::new(1)) {
                Some(next) => month = next,
                None => break,
            }
        }
        months
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

pub(crate) fn last_of_month(date: NaiveDate) -> NaiveDate {
    first_of_month(date)
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// `day` of `month`'s month, or its last day when the month is shorter.
pub(crate) fn day_of_month(month: NaiveDate, day: u32) -> NaiveDate {
    month.with_day(day).unwrap_or_else(|| last_of_month(month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_spans_twelve_calendar_months_ending_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let calendar = Calendar::new(today);
        assert_eq!(
            calendar.window_start,
            NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
        );
        assert_eq!(
            calendar.month_end,
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert_eq!(calendar.months().len(), 12);
    }
}
