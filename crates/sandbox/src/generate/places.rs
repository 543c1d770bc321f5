//! Brazilian cities, streets and phone numbers for addresses and contacts.

use super::draw::pick;
use crate::records::pessoa::Endereco;
use crate::wire::Id;
use rand::Rng;

#[derive(Debug)]
pub(crate) struct City {
    /// The provider's own city id (from `/cidades`), not the IBGE code.
    pub id: u64,
    pub nome: &'static str,
    pub uf: &'static str,
    pub ddd: u32,
    /// The city's CEPs start at `cep_first` (five digits) and span `cep_span` prefixes.
    pub cep_first: u32,
    pub cep_span: u32,
}

const fn city(id: u64, nome: &'static str, uf: &'static str, ddd: u32, cep: (u32, u32)) -> City {
    City {
        id,
        nome,
        uf,
        ddd,
        cep_first: cep.0,
        cep_span: cep.1,
    }
}

pub(crate) const CITIES: [City; 12] = [
    city(5270, "São Paulo", "SP", 11, (1000, 5000)),
    city(4750, "Campinas", "SP", 19, (13000, 200)),
    city(1411, "Belo Horizonte", "MG", 31, (30000, 2000)),
    city(3658, "Rio de Janeiro", "RJ", 21, (20000, 3900)),
    city(2878, "Curitiba", "PR", 41, (80000, 2999)),
    city(4174, "Porto Alegre", "RS", 51, (90000, 1999)),
    city(358, "Salvador", "BA", 71, (40000, 1999)),
    city(2462, "Recife", "PE", 81, (50000, 2999)),
    city(977, "Goiânia", "GO", 62, (74000, 999)),
    city(4500, "Florianópolis", "SC", 48, (88000, 99)),
    city(5125, "Ribeirão Preto", "SP", 16, (14000, 110)),
    city(2050, "Uberlândia", "MG", 34, (38400, 99)),
];

const STREETS: [&str; 20] = [
    "Rua das Flores",
    "Avenida Brasil",
    "Rua XV de Novembro",
    "Rua Sete de Setembro",
    "Avenida Paulista",
    "Rua Tiradentes",
    "Rua Dom Pedro II",
    "Avenida Getúlio Vargas",
    "Rua Santos Dumont",
    "Rua Rui Barbosa",
    "Rua Marechal Deodoro",
    "Avenida Amazonas",
    "Rua Bahia",
    "Rua da Consolação",
    "Rua Augusta",
    "Avenida Afonso Pena",
    "Rua Barão de Mauá",
    "Rua José Bonifácio",
    "Travessa São José",
    "Alameda Santos",
];

const BAIRROS: [&str; 15] = [
    "Centro",
    "Jardim América",
    "Vila Nova",
    "Santa Cecília",
    "Boa Vista",
    "São José",
    "Jardim Paulista",
    "Savassi",
    "Funcionários",
    "Bela Vista",
    "Vila Mariana",
    "Cidade Nova",
    "Santo Antônio",
    "Liberdade",
    "Distrito Industrial",
];

const COMPLEMENTS: [&str; 5] = ["Sala 12", "Apto 302", "Loja 2", "Galpão B", "Fundos"];

pub(crate) fn random_city(rng: &mut impl Rng) -> &'static City {
    pick(rng, &CITIES)
}

pub(crate) fn address(rng: &mut impl Rng, city: &City) -> Endereco {
    let prefix = city.cep_first + rng.random_range(0..city.cep_span);
    let complemento = match rng.random_range(0..10) {
        0..=5 => None,
        6 => Some(String::new()),
        _ => Some(pick(rng, &COMPLEMENTS).to_string()),
    };
    Endereco {
        cep: format!("{prefix:05}-{:03}", rng.random_range(0..1000)),
        logradouro: pick(rng, &STREETS).to_string(),
        numero: rng.random_range(1..3000).to_string(),
        complemento,
        bairro: pick(rng, &BAIRROS).to_string(),
        cidade_id: Id(city.id),
        nome_cidade: city.nome.to_string(),
        estado: city.uf.to_string(),
    }
}

/// A landline such as `(11) 3522-8899`.
pub(crate) fn landline(rng: &mut impl Rng, ddd: u32) -> String {
    let prefix = rng.random_range(2000..6000);
    format!("({ddd}) {prefix}-{:04}", rng.random_range(0..10_000))
}

/// A mobile number such as `(96) 9 9194-9455`.
pub(crate) fn mobile(rng: &mut impl Rng, ddd: u32) -> String {
    let prefix = rng.random_range(8000..10_000);
    format!("({ddd}) 9 {prefix}-{:04}", rng.random_range(0..10_000))
}
