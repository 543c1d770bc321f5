//! pt-BR text helpers: number display shared by money and counts (`1.234.567`), and the
//! folding that lets labels typed by people compare without case or accents.

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
    fn labels_fold_to_lower_case_without_accents() {
        assert_eq!(fold_accents("Ação Concluída"), "acao concluida");
        assert_eq!(fold_accents("EM PROCESSAMENTO"), "em processamento");
    }
}
