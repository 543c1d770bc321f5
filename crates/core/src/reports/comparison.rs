//! The change of a figure against the period it is compared with (the DRE's AH %, the
//! Indicadores' variação), and when to show none. A percentage over a base that is zero,
//! or tiny next to the current figure, says nothing about the business: R$ 100 in the
//! previous month against R$ 23.000 now reads "+22.900 %", and an accountant writes "—"
//! with a note instead. What it does not own: AV %, a share of Receita Líquida.

/// The smallest base, as a percentage of the current figure, that still gives a change:
/// 5 % caps what is shown at about twenty times the base (+1.900 %, +2.100 % across a change
/// of sign). Beyond that the previous period barely moved (a first month of sales, one
/// stray lançamento) and the number would only measure how small it was.
pub const MIN_BASE_PERCENT_OF_CURRENT: u64 = 5;

/// Printed once under a table (and shown once on a screen) where some change was withheld.
pub const WITHHELD_NOTE: &str =
    "— na variação: período anterior sem movimento suficiente para comparar.";

/// `(current − base) ÷ |base|`, as a ratio (0.25 is +25 %); `None` when the base is zero or
/// smaller than `MIN_BASE_PERCENT_OF_CURRENT` % of the current figure. Dividing by |base|
/// keeps the sign saying better or worse when the base is negative (a loss that shrank).
pub fn change_ratio(current: i64, base: i64) -> Option<f64> {
    let (current_abs, base_abs) = (
        u128::from(current.unsigned_abs()),
        u128::from(base.unsigned_abs()),
    );
    // In integers, so the threshold is exact and i64::MIN does not overflow.
    let enough = base_abs * 100 >= current_abs * u128::from(MIN_BASE_PERCENT_OF_CURRENT);
    (base != 0 && enough).then(|| (current as f64 - base as f64) / base_abs as f64)
}

/// Whether `change_ratio` withheld a change the reader would have expected: there is a
/// current figure, but not enough of a base. Nothing in either period is no change at all.
pub fn withheld(current: i64, base: i64) -> bool {
    current != 0 && change_ratio(current, base).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_changes_are_over_the_base() {
        // 120 against 100: +20 %; 80 against 100: −20 %; 0 against 100: −100 %.
        assert_eq!(change_ratio(120, 100), Some(0.2));
        assert_eq!(change_ratio(80, 100), Some(-0.2));
        assert_eq!(change_ratio(0, 100), Some(-1.0));
    }

    #[test]
    fn a_negative_base_divides_by_its_size() {
        // A loss of 100 became a loss of 50: better, +50 %.
        assert_eq!(change_ratio(-50, -100), Some(0.5));
        // A loss of 100 became a profit of 100: (100 − (−100)) ÷ 100 = +200 %.
        assert_eq!(change_ratio(100, -100), Some(2.0));
    }

    #[test]
    fn a_zero_base_gives_no_change() {
        assert_eq!(change_ratio(500, 0), None);
        assert_eq!(change_ratio(0, 0), None);
    }

    #[test]
    fn a_base_under_five_percent_of_the_current_figure_gives_no_change() {
        // 5 % of 2.000 is 100: exactly at the threshold shows (2.000 − 100) ÷ 100 = +1.900 %.
        assert_eq!(change_ratio(2_000, 100), Some(19.0));
        assert_eq!(change_ratio(2_000, -100), Some(21.0));
        // 99 is under it. The demo's case: R$ 100,00 before, R$ 23.023,00 now (+22.923 %).
        assert_eq!(change_ratio(2_000, 99), None);
        assert_eq!(change_ratio(2_302_300, 10_000), None);
        assert_eq!(change_ratio(-2_000, 99), None);
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert_eq!(change_ratio(i64::MIN, 1), None);
        // (1 − i64::MIN) ÷ |i64::MIN|: +100 %, to f64's precision.
        assert_eq!(change_ratio(1, i64::MIN), Some(1.0));
    }

    #[test]
    fn only_a_current_figure_without_a_base_is_withheld() {
        assert!(withheld(2_302_300, 10_000));
        assert!(withheld(500, 0));
        assert!(!withheld(0, 0));
        assert!(!withheld(0, 100));
        assert!(!withheld(120, 100));
    }
}
