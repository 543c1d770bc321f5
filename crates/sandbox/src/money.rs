//! Money as integer centavos, served as the decimal strings the provider sends
//! (`"60.00"`, and `"25.0000"` in service items).

use serde::{Serialize, Serializer};
use std::iter::Sum;
use std::ops::{Add, Sub};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Centavos(pub i64);

impl Centavos {
    pub fn two_places(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// `percent` of this amount, rounded half up to the centavo.
    pub fn percent(self, percent: i64) -> Centavos {
        Centavos((self.0 * percent + 50).div_euclid(100))
    }

    /// `per_mille` thousandths of this amount, rounded half up to the centavo.
    pub fn per_mille(self, per_mille: i64) -> Centavos {
        Centavos((self.0 * per_mille + 500).div_euclid(1000))
    }
}

impl Add for Centavos {
    type Output = Centavos;
    fn add(self, other: Centavos) -> Centavos {
        Centavos(self.0 + other.0)
    }
}

impl Sub for Centavos {
    type Output = Centavos;
    fn sub(self, other: Centavos) -> Centavos {
        Centavos(self.0 - other.0)
    }
}

impl Sum for Centavos {
    fn sum<I: Iterator<Item = Centavos>>(iter: I) -> Centavos {
        Centavos(iter.map(|c| c.0).sum())
    }
}

impl Serialize for Centavos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.two_places())
    }
}

/// Service items carry unit prices with four decimals (`docs/providers/gestaoclick.md#vendas`).
pub(crate) fn four_places<S: Serializer>(
    value: &Centavos,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{}00", value.two_places()))
}

/// Parses a decimal filter value such as `"1500"`, `"1500.5"` or `"-3.75"` into centavos;
/// digits past the second decimal are dropped.
pub(crate) fn parse_centavos(text: &str) -> Option<Centavos> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut cents = 0;
    for (i, digit) in fraction.bytes().take(2).enumerate() {
        let weight = if i == 0 { 10 } else { 1 };
        cents += i64::from(digit - b'0') * weight;
    }
    let value = whole.checked_mul(100)?.checked_add(cents)?;
    Some(Centavos(if negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_two_places_including_negatives() {
        assert_eq!(Centavos(123450).two_places(), "1234.50");
        assert_eq!(Centavos(5).two_places(), "0.05");
        assert_eq!(Centavos(-6856).two_places(), "-68.56");
    }

    #[test]
    fn parses_decimal_filter_values() {
        assert_eq!(parse_centavos("1500"), Some(Centavos(150000)));
        assert_eq!(parse_centavos("1500.5"), Some(Centavos(150050)));
        assert_eq!(parse_centavos("-3.759"), Some(Centavos(-375)));
        assert_eq!(parse_centavos("1e3"), None);
        assert_eq!(parse_centavos(""), None);
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(Centavos(2500).percent(95), Centavos(2375));
        assert_eq!(Centavos(1001).per_mille(35), Centavos(35));
    }
}
