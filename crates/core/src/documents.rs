//! Brazilian documents: CPF and CNPJ normalisation and check digits, including the
//! alphanumeric CNPJ in force since July 2026 (12 characters `[0-9A-Z]` + 2 numeric check
//! digits, each character valued as its ASCII code minus 48).

/// A validated document, in canonical form (digits and upper-case letters only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Documento {
    Cpf(String),
    Cnpj(String),
}

impl Documento {
    /// Reads a CPF or CNPJ in any usual formatting (`792.727.480-54`, `36.058.120/0001-97`,
    /// `12.ABC.345/01DE-35`). Returns `None` when it is neither a valid CPF nor CNPJ.
    pub fn parse(raw: &str) -> Option<Documento> {
        let canonical = normalise(raw);
        match canonical.len() {
            11 if is_valid_cpf(&canonical) => Some(Documento::Cpf(canonical)),
            14 if is_valid_cnpj(&canonical) => Some(Documento::Cnpj(canonical)),
            _ => None,
        }
    }

    /// The canonical characters, for matching and storage.
    pub fn as_str(&self) -> &str {
        match self {
            Documento::Cpf(s) | Documento::Cnpj(s) => s,
        }
    }
}

/// Keeps digits and letters (upper-cased), drops punctuation and spaces.
pub fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// CPF: 11 digits, two mod-11 check digits, and not all digits equal.
pub fn is_valid_cpf(canonical: &str) -> bool {
    let bytes = canonical.as_bytes();
    if bytes.len() != 11 || !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if bytes.iter().all(|b| *b == bytes[0]) {
        return false;
    }
    let values: Vec<u32> = bytes.iter().map(|b| u32::from(b - b'0')).collect();
    let digit = |len: usize| {
        let sum: u32 = values[..len]
            .iter()
            .zip((2..=len as u32 + 1).rev())
            .map(|(v, w)| v * w)
            .sum();
        let rest = (sum * 10) % 11;
        if rest == 10 { 0 } else { rest }
    };
    digit(9) == values[9] && digit(10) == values[10]
}

/// CNPJ, numeric or alphanumeric: 12 base characters `[0-9A-Z]`, 2 numeric check digits.
pub fn is_valid_cnpj(canonical: &str) -> bool {
    let bytes = canonical.as_bytes();
    if bytes.len() != 14
        || !bytes[..12]
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        || !bytes[12..].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    if bytes.iter().all(|b| *b == bytes[0]) {
        return false;
    }
    let values: Vec<u32> = bytes.iter().map(|b| u32::from(b - b'0')).collect();
    cnpj_check_digit(&values[..12]) == values[12] && cnpj_check_digit(&values[..13]) == values[13]
}

/// The mod-11 CNPJ digit over `values` with weights 2..9 cycling from the right.
fn cnpj_check_digit(values: &[u32]) -> u32 {
    let sum: u32 = values
        .iter()
        .rev()
        .zip((2..=9).cycle())
        .map(|(v, w)| v * w)
        .sum();
    let rest = sum % 11;
    if rest < 2 { 0 } else { 11 - rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_cpf_from_the_reference_is_valid() {
        assert_eq!(
            Documento::parse("792.727.480-54"),
            Some(Documento::Cpf("79272748054".into()))
        );
        assert_eq!(
            Documento::parse("012.345.678-90"),
            Some(Documento::Cpf("01234567890".into()))
        );
    }

    #[test]
    fn cpf_with_a_wrong_digit_or_repeated_digits_is_rejected() {
        assert_eq!(Documento::parse("792.727.480-55"), None);
        assert_eq!(Documento::parse("111.111.111-11"), None);
        assert_eq!(Documento::parse("1234"), None);
    }

    #[test]
    fn numeric_cnpj_is_validated() {
        assert_eq!(
            Documento::parse("36.058.120/0001-97"),
            Some(Documento::Cnpj("36058120000197".into()))
        );
        assert_eq!(
            Documento::parse("11.222.333/0001-81").map(|d| d.as_str().to_string()),
            Some("11222333000181".into())
        );
        assert_eq!(Documento::parse("36.058.120/0001-98"), None);
        assert_eq!(Documento::parse("00.000.000/0000-00"), None);
    }

    #[test]
    fn alphanumeric_cnpj_of_july_2026_is_validated() {
        // The Receita Federal's published example: 12.ABC.345/01DE-35.
        assert_eq!(
            Documento::parse("12.ABC.345/01DE-35"),
            Some(Documento::Cnpj("12ABC34501DE35".into()))
        );
        assert_eq!(
            Documento::parse("12.abc.345/01de-35").map(|d| d.as_str().len()),
            Some(14)
        );
        assert_eq!(Documento::parse("12.ABC.345/01DE-36"), None);
        // Letters are not allowed in the check digits.
        assert_eq!(Documento::parse("12.ABC.345/01DE-3A"), None);
    }
}
