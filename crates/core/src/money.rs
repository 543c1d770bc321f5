//! Money as integer centavos: parsing the providers' decimal strings without floats, and
//! formatting for pt-BR display (`R$ 1.234,56`).

use crate::format::group_thousands;

/// Why a money string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("valor vazio")]
    Empty,
    #[error("\"{0}\" não é um valor monetário")]
    NotANumber(String),
    #[error("\"{0}\" é grande demais")]
    Overflow(String),
}

/// Parses `"1234.5"`, `"0.10"`, `"-3.0000"`, `"80.0000"` (and pt-BR `"1.234,56"`) into
/// centavos. Digits past the second decimal place round half away from zero, because the
/// provider's 4-place values are totals that already carry the rounding of their items.
pub fn parse_centavos(input: &str) -> Result<i64, MoneyError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    let not_a_number = || MoneyError::NotANumber(input.to_string());
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let normalised = normalise_separators(unsigned);
    let (whole, fraction) = match normalised.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (normalised.as_str(), ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(not_a_number());
    }
    let overflow = || MoneyError::Overflow(input.to_string());
    let mut centavos: i64 = 0;
    for digit in whole
        .bytes()
        .chain(fraction.bytes().chain(std::iter::repeat(b'0')).take(2))
    {
        centavos = centavos
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(digit - b'0')))
            .ok_or_else(overflow)?;
    }
    if fraction.as_bytes().get(2).is_some_and(|d| *d >= b'5') {
        centavos = centavos.checked_add(1).ok_or_else(overflow)?;
    }
    Ok(if negative { -centavos } else { centavos })
}

/// Turns a pt-BR `1.234,56` into `1234.56`; leaves `1234.56` as it is.
fn normalise_separators(text: &str) -> String {
    if text.contains(',') {
        text.replace('.', "").replace(',', ".")
    } else {
        text.to_string()
    }
}

/// Formats centavos as pt-BR money: `R$ 1.234,56`, `-R$ 10,00`.
pub fn format_brl(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    let reais = group_thousands(&(abs / 100).to_string());
    format!("{sign}R$ {reais},{:02}", abs % 100)
}

/// Formats centavos as a plain decimal string (`1234.56`), for CSV and JSON consumers.
pub fn format_decimal(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_strings_become_centavos() {
        assert_eq!(parse_centavos("1234.5"), Ok(123_450));
        assert_eq!(parse_centavos("0.10"), Ok(10));
        assert_eq!(parse_centavos("60.00"), Ok(6_000));
        assert_eq!(parse_centavos("80.0000"), Ok(8_000));
        assert_eq!(parse_centavos("0.0000"), Ok(0));
        assert_eq!(parse_centavos("2931.44"), Ok(293_144));
        assert_eq!(parse_centavos("7"), Ok(700));
        assert_eq!(parse_centavos(".5"), Ok(50));
        assert_eq!(parse_centavos(" 12.30 "), Ok(1_230));
    }

    #[test]
    fn negatives_keep_their_sign() {
        assert_eq!(parse_centavos("-3.0000"), Ok(-300));
        assert_eq!(parse_centavos("-0.01"), Ok(-1));
        assert_eq!(parse_centavos("+5.5"), Ok(550));
    }

    #[test]
    fn extra_places_round_half_away_from_zero() {
        assert_eq!(parse_centavos("23.745"), Ok(2_375));
        assert_eq!(parse_centavos("23.7449"), Ok(2_374));
        assert_eq!(parse_centavos("-23.745"), Ok(-2_375));
    }

    #[test]
    fn brazilian_separators_are_understood() {
        assert_eq!(parse_centavos("1.234,56"), Ok(123_456));
        assert_eq!(parse_centavos("397,00"), Ok(39_700));
    }

    #[test]
    fn garbage_is_an_error_not_a_guess() {
        assert_eq!(parse_centavos(""), Err(MoneyError::Empty));
        assert!(matches!(
            parse_centavos("abc"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("1.2.3"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("12a.00"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("-"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("1e5"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("NaN"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_centavos("99999999999999999999.00"),
            Err(MoneyError::Overflow(_))
        ));
    }

    #[test]
    fn brl_formatting_groups_thousands() {
        assert_eq!(format_brl(123_456), "R$ 1.234,56");
        assert_eq!(format_brl(5), "R$ 0,05");
        assert_eq!(format_brl(-100_000_000), "-R$ 1.000.000,00");
        assert_eq!(format_decimal(-1_050), "-10.50");
    }
}
