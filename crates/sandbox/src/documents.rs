//! Brazilian tax documents: CPF and CNPJ check digits, generation and validation, including
//! the alphanumeric CNPJ in force since July 2026 (letters allowed in the first 12
//! positions; each character weighs its ASCII code minus 48; modulo 11, weights 2..9
//! cycling from the right).

use rand::Rng;

const CNPJ_ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// True when `text` (formatted `792.727.480-54` or bare digits) is a valid CPF.
pub fn is_valid_cpf(text: &str) -> bool {
    let Some(digits) = strip(text, 11) else {
        return false;
    };
    if !digits.iter().all(u8::is_ascii_digit) || digits.iter().all(|d| *d == digits[0]) {
        return false;
    }
    let values: Vec<u32> = digits.iter().map(|d| u32::from(d - b'0')).collect();
    cpf_check_digits(&values[..9]) == [values[9], values[10]]
}

/// True when `text` (formatted `12.ABC.345/01DE-35` or bare) is a valid CNPJ, numeric or
/// alphanumeric.
pub fn is_valid_cnpj(text: &str) -> bool {
    let Some(chars) = strip(&text.to_ascii_uppercase(), 14) else {
        return false;
    };
    let (base, check) = chars.split_at(12);
    if !base.iter().all(|c| CNPJ_ALPHABET.contains(c))
        || !check.iter().all(u8::is_ascii_digit)
        || chars.iter().all(|c| *c == chars[0])
    {
        return false;
    }
    let expected = cnpj_check_digits(base);
    check[0] == expected[0] && check[1] == expected[1]
}

/// A random valid CPF, formatted `000.000.000-00`.
pub(crate) fn random_cpf(rng: &mut impl Rng) -> String {
    let mut values: Vec<u32> = (0..9).map(|_| rng.random_range(0..10)).collect();
    if values.iter().all(|v| *v == values[0]) {
        values[8] = (values[8] + 1) % 10;
    }
    let check = cpf_check_digits(&values);
    values.extend(check);
    let d: String = values.iter().map(|v| char::from(b'0' + *v as u8)).collect();
    format!("{}.{}.{}-{}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
}

/// A random valid CNPJ of a head office (branch `0001`), formatted `00.000.000/0001-00`.
/// `alphanumeric` puts at least one letter in the root.
pub(crate) fn random_cnpj(rng: &mut impl Rng, alphanumeric: bool) -> String {
    let alphabet = if alphanumeric {
        CNPJ_ALPHABET
    } else {
        &CNPJ_ALPHABET[..10]
    };
    let mut root: Vec<u8> = (0..8)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect();
    if alphanumeric && root.iter().all(u8::is_ascii_digit) {
        let position = rng.random_range(0..8);
        root[position] = CNPJ_ALPHABET[rng.random_range(10..CNPJ_ALPHABET.len())];
    }
    if root.iter().all(|c| *c == b'0') {
        root[7] = b'1';
    }
    cnpj_for_branch(&root, 1)
}

/// The CNPJ of branch `branch` of the company with this 8-character root.
pub(crate) fn cnpj_for_branch(root: &[u8], branch: u16) -> String {
    let mut base = root.to_vec();
    base.extend(format!("{branch:04}").bytes());
    let check = cnpj_check_digits(&base);
    let text = String::from_utf8_lossy(&base).into_owned();
    format!(
        "{}.{}.{}/{}-{}{}",
        &text[0..2],
        &text[2..5],
        &text[5..8],
        &text[8..12],
        check[0] - b'0',
        check[1] - b'0'
    )
}

/// The bare characters of a document, with its formatting removed; `None` unless there
/// are exactly `len` of them and nothing but `.`, `/` and `-` was removed.
fn strip(text: &str, len: usize) -> Option<Vec<u8>> {
    let chars: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'.' | b'/' | b'-'))
        .collect();
    (chars.len() == len && chars.iter().all(u8::is_ascii_alphanumeric)).then_some(chars)
}

fn cpf_check_digits(base: &[u32]) -> [u32; 2] {
    let first = modulo_11_digit(base, |i| base.len() as u32 + 1 - i as u32);
    let mut with_first = base.to_vec();
    with_first.push(first);
    let second = modulo_11_digit(&with_first, |i| with_first.len() as u32 + 1 - i as u32);
    [first, second]
}

/// The two check digits of a 12-character CNPJ base, as ASCII digits.
fn cnpj_check_digits(base: &[u8]) -> [u8; 2] {
    let mut values: Vec<u32> = base.iter().map(|c| u32::from(*c) - 48).collect();
    let cycling_from_right = |len: usize| move |i: usize| 2 + ((len - 1 - i) as u32 % 8);
    let first = modulo_11_digit(&values, cycling_from_right(values.len()));
    values.push(first);
    let second = modulo_11_digit(&values, cycling_from_right(values.len()));
    [b'0' + first as u8, b'0' + second as u8]
}

fn modulo_11_digit(values: &[u32], weight: impl Fn(usize) -> u32) -> u32 {
    let sum: u32 = values.iter().enumerate().map(|(i, v)| v * weight(i)).sum();
    match sum % 11 {
        0 | 1 => 0,
        rest => 11 - rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn accepts_the_reference_documents() {
        assert!(is_valid_cpf("792.727.480-54"));
        assert!(is_valid_cnpj("36.058.120/0001-97"));
        assert!(is_valid_cnpj("12.ABC.345/01DE-35"));
        assert!(is_valid_cnpj("12ABC34501DE35"));
    }

    #[test]
    fn rejects_wrong_check_digits_and_repeated_digits() {
        assert!(!is_valid_cpf("792.727.480-55"));
        assert!(!is_valid_cpf("111.111.111-11"));
        assert!(!is_valid_cnpj("12.ABC.345/01DE-36"));
        assert!(!is_valid_cnpj("36.058.120/0001-79"));
        assert!(!is_valid_cnpj("00.000.000/0000-00"));
        assert!(!is_valid_cnpj("12.ABC.345/01DE-3X"));
    }

    #[test]
    fn generated_cpfs_and_cnpjs_are_valid() {
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        for _ in 0..2_000 {
            let cpf = random_cpf(&mut rng);
            assert!(is_valid_cpf(&cpf), "{cpf}");
            let cnpj = random_cnpj(&mut rng, false);
            assert!(is_valid_cnpj(&cnpj), "{cnpj}");
            assert!(
                cnpj.bytes().filter(u8::is_ascii_alphabetic).count() == 0,
                "{cnpj}"
            );
            let alphanumeric = random_cnpj(&mut rng, true);
            assert!(is_valid_cnpj(&alphanumeric), "{alphanumeric}");
            assert!(alphanumeric[..15].bytes().any(|b| b.is_ascii_alphabetic()));
        }
    }

    #[test]
    fn branches_share_the_root_with_their_own_check_digits() {
        let matriz = cnpj_for_branch(b"36058120", 1);
        let filial = cnpj_for_branch(b"36058120", 2);
        assert_eq!(matriz, "36.058.120/0001-97");
        assert!(filial.starts_with("36.058.120/0002-") && is_valid_cnpj(&filial));
    }
}
