//! pt-BR number display shared by money and counts: `1.234.567`.

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
}
