//! pt-BR text helpers: number display shared by money, counts and percentages
//! (`1.234.567`, `1.234,5`), and the folding that lets labels typed by people compare without case or accents.

/// Digits grouped by thousands with dots, as Brazilians write them: `1234567` → `1.234.567`.
pub fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    grouped
}

/// Lower case without pt-BR accents: `Ação` → `acao`. Labels and names from providers
/// and operators come with inconsistent capitalisation and accents.
pub fn fold_accents(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// `value` rounded to `places` decimals as pt-BR writes it: `1234.56` → `1.234,6` with one
/// place. Not for files read by programs (CSV), which want no thousands separator.
/// `—` for what is not a number.
pub fn format_decimal(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let fixed = format!("{:.places$}", value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    // Rounding may leave only zeros ("-0,0"): no sign on nothing.
    let sign = if value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let whole = group_thousands(whole);
    match fraction {
        "" => format!("{sign}{whole}"),
        digits => format!("{sign}{whole},{digits}"),
    }
}

/// A count as the UI shows it: `4.285`.
pub fn format_count(n: u64) -> String {
    group_thousands(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_by_thousands() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(4285), "4.285");
        assert_eq!(format_count(1_234_567), "1.234.567");
    }

    #[test]
    fn decimals_group_by_thousands_with_a_decimal_comma() {
        assert_eq!(format_decimal(12.5, 1), "12,5");
        assert_eq!(format_decimal(1_234.5, 1), "1.234,5");
        assert_eq!(format_decimal(22_923.04, 1), "22.923,0");
        assert_eq!(format_decimal(-1_900.0, 1), "-1.900,0");
        assert_eq!(format_decimal(-0.04, 1), "0,0");
        assert_eq!(format_decimal(999.96, 1), "1.000,0");
        assert_eq!(format_decimal(1_234_567.0, 0), "1.234.567");
        assert_eq!(format_decimal(f64::NAN, 1), "—");
        assert_eq!(format_decimal(f64::INFINITY, 1), "—");
    }

    #[test]
    fn labels_fold_to_lower_case_without_accents() {
        assert_eq!(fold_accents("Ação Concluída"), "acao concluida");
        assert_eq!(fold_accents("EM PROCESSAMENTO"), "em processamento");
    }
}
