//! pt-BR name pools for people and companies, and the e-mail addresses made from them.

use super::draw::pick;
use rand::Rng;

const FIRST_NAMES: [&str; 60] = [
    "Ana",
    "Maria",
    "João",
    "José",
    "Francisco",
    "Antônio",
    "Carlos",
    "Paulo",
    "Pedro",
    "Lucas",
    "Luiz",
    "Marcos",
    "Gabriel",
    "Rafael",
    "Daniel",
    "Marcelo",
    "Bruno",
    "Eduardo",
    "Felipe",
    "Rodrigo",
    "Juliana",
    "Fernanda",
    "Patrícia",
    "Aline",
    "Camila",
    "Amanda",
    "Bruna",
    "Jéssica",
    "Letícia",
    "Larissa",
    "Mariana",
    "Vanessa",
    "Beatriz",
    "Renata",
    "Cláudia",
    "Luciana",
    "Sandra",
    "Adriana",
    "Gustavo",
    "Thiago",
    "Vinícius",
    "Leonardo",
    "Matheus",
    "André",
    "Fábio",
    "Ricardo",
    "Roberto",
    "Sérgio",
    "Helena",
    "Isabela",
    "Lívia",
    "Rita",
    "Sônia",
    "Vera",
    "Raimundo",
    "Sebastião",
    "Otávio",
    "Caio",
    "Heitor",
    "Conceição",
];

const SURNAMES: [&str; 50] = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Santana",
    "Teixeira",
    "Araújo",
    "Pinto",
    "Correia",
    "Cavalcanti",
    "Monteiro",
    "Moura",
    "Campos",
    "Batista",
    "Azevedo",
    "Duarte",
    "Castro",
    "Prado",
    "Queiroz",
    "Siqueira",
    "Farias",
];

const FOREIGN_NAMES: [&str; 8] = [
    "John Miller",
    "Sophie Laurent",
    "Marco Bianchi",
    "Hans Becker",
    "Lucía Fernández",
    "Kenji Watanabe",
    "Emily Clarke",
    "Diego Suárez",
];

const ACTIVITIES: [&str; 18] = [
    "Comércio de Alimentos",
    "Distribuidora",
    "Materiais de Construção",
    "Informática",
    "Auto Peças",
    "Papelaria",
    "Móveis",
    "Confecções",
    "Ferragens",
    "Construtora",
    "Transportes",
    "Embalagens",
    "Produtos de Limpeza",
    "Equipamentos Industriais",
    "Engenharia",
    "Agropecuária",
    "Eletrônicos",
    "Instalações Elétricas",
];

const SUFFIXES: [&str; 5] = ["Ltda", "ME", "EIRELI", "S.A.", "EPP"];

const EMAIL_DOMAINS: [&str; 7] = [
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "yahoo.com.br",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
];

pub(crate) fn person_name(rng: &mut impl Rng) -> String {
    let first = pick(rng, &FIRST_NAMES);
    let last = pick(rng, &SURNAMES);
    if rng.random_bool(0.6) {
        let middle = pick(rng, &SURNAMES);
        format!("{first} {middle} {last}")
    } else {
        format!("{first} {last}")
    }
}

pub(crate) fn surname(rng: &mut impl Rng) -> &'static str {
    SURNAMES[rng.random_range(0..SURNAMES.len())]
}

pub(crate) fn foreign_name(rng: &mut impl Rng) -> String {
    pick(rng, &FOREIGN_NAMES).to_string()
}

/// A company's razão social, e.g. "Moreira & Lima Ferragens Ltda".
pub(crate) fn company_name(rng: &mut impl Rng) -> String {
    let activity = pick(rng, &ACTIVITIES);
    let suffix = pick(rng, &SUFFIXES);
    let first = pick(rng, &SURNAMES);
    if rng.random_bool(0.4) {
        let second = pick(rng, &SURNAMES);
        format!("{first} & {second} {activity} {suffix}")
    } else {
        format!("{first} {activity} {suffix}")
    }
}

/// "Maria Souza Lima" → "maria.lima@gmail.com", sometimes with digits.
pub(crate) fn person_email(rng: &mut impl Rng, nome: &str) -> String {
    let words: Vec<String> = nome.split_whitespace().map(ascii_fold).collect();
    let first = words.first().map(String::as_str).unwrap_or("contato");
    let last = words.last().map(String::as_str).unwrap_or("");
    let domain = pick(rng, &EMAIL_DOMAINS);
    if rng.random_bool(0.3) {
        let digits = rng.random_range(1..100);
        format!("{first}.{last}{digits}@{domain}")
    } else {
        format!("{first}.{last}@{domain}")
    }
}

/// "Moreira & Lima Ferragens Ltda" → "contato@moreiralima.com.br".
pub(crate) fn company_email(nome: &str) -> String {
    let slug: String = nome
        .split_whitespace()
        .filter(|word| word.chars().all(char::is_alphanumeric))
        .take(2)
        .map(ascii_fold)
        .collect();
    format!("contato@{slug}.com.br")
}

/// Lower-case ASCII letters and digits only: accents dropped, everything else removed.
pub(crate) fn ascii_fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' => Some('e'),
            'í' | 'ì' | 'î' => Some('i'),
            'ó' | 'ò' | 'ô' | 'õ' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_for_email_addresses() {
        assert_eq!(ascii_fold("Conceição"), "conceicao");
        assert_eq!(
            company_email("Moreira & Araújo Ferragens Ltda"),
            "contato@moreiraaraujo.com.br"
        );
    }
}
