//! Clientes and fornecedores: PF with CPF, PJ with CNPJ (some alphanumeric), a few
//! foreigners, with addresses, contacts and the `null`/`""` mix the provider sends.

use super::calendar::Calendar;
use super::draw::{IdSequence, pick};
use super::{names, places};
use crate::dataset::catalog::Catalog;
use crate::documents::{random_cnpj, random_cpf};
use crate::records::pessoa::{Contato, ContatoItem, EnderecoItem, Pessoa, TipoPessoa};
use crate::wire::{Flag, Id, Timestamp};
use chrono::{NaiveDate, TimeDelta};
use rand::Rng;

/// Share of companies with the alphanumeric CNPJ format.
const ALPHANUMERIC_CNPJ_SHARE: f64 = 0.12;

/// The contact type id the blueprint example shows for "Email".
const CONTATO_TIPO_EMAIL: u64 = 1_307_150;
const CONTATO_TIPO_TELEFONE: u64 = 1_307_151;

const CARGOS: [&str; 4] = ["Comprador", "Financeiro", "Gerente", "Sócio"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PeopleKind {
    Clientes,
    Fornecedores,
}

impl PeopleKind {
    pub fn random_tipo(self, rng: &mut impl Rng) -> TipoPessoa {
        match (self, rng.random_range(0..100)) {
            (PeopleKind::Clientes, 0..75) | (PeopleKind::Fornecedores, 0..10) => TipoPessoa::Fisica,
            (PeopleKind::Clientes, 98..) => TipoPessoa::Estrangeiro,
            _ => TipoPessoa::Juridica,
        }
    }
}

/// Clientes get a salesperson; fornecedores start with the companies the recurring bills
/// are paid to.
pub(crate) struct PeopleSpec<'a> {
    pub kind: PeopleKind,
    pub count: usize,
    pub ids: IdSequence,
    pub fixed_companies: &'a [&'a str],
}

/// `spec.count` people, ids ascending with registration time. Most were registered before
/// the data window (they predate the sales that name them), some during it.
pub(crate) fn generate(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    mut spec: PeopleSpec<'_>,
) -> Vec<Pessoa> {
    let oldest = calendar.window_start - TimeDelta::days(3 * 365);
    let mut registrations: Vec<Timestamp> = (0..spec.count)
        .map(|i| {
            let day = if i < spec.fixed_companies.len() {
                oldest
            } else if rng.random_bool(0.85) {
                Calendar::day_between(rng, oldest, calendar.window_start - TimeDelta::days(1))
            } else {
                Calendar::day_between(rng, calendar.window_start, calendar.today)
            };
            Calendar::business_hours(rng, day)
        })
        .collect();
    registrations.sort();
    registrations
        .into_iter()
        .enumerate()
        .map(|(i, cadastrado)| {
            let id = spec.ids.take(rng);
            let modificado = calendar.modified_after(rng, cadastrado);
            let (tipo, fixed_name) = match spec.fixed_companies.get(i) {
                Some(nome) => (TipoPessoa::Juridica, Some(*nome)),
                None => (spec.kind.random_tipo(rng), None),
            };
            let mut pessoa = pessoa(rng, id, tipo, cadastrado, modificado);
            if let Some(nome) = fixed_name {
                pessoa.nome = nome.to_string();
                pessoa.razao_social = Some(nome.to_string());
                pessoa.email = Some(names::company_email(nome));
            }
            if spec.kind == PeopleKind::Clientes && rng.random_bool(0.5) {
                let vendedor = pick(rng, &catalog.vendedores);
                pessoa.vendedor_id = Some(Id(vendedor.id));
                pessoa.nome_vendedor = Some(vendedor.nome.clone());
            }
            pessoa
        })
        .collect()
}

pub(crate) fn pessoa(
    rng: &mut impl Rng,
    id: u64,
    tipo: TipoPessoa,
    cadastrado_em: Timestamp,
    modificado_em: Timestamp,
) -> Pessoa {
    let city = places::random_city(rng);
    let mut pessoa = Pessoa {
        id: Id(id),
        tipo_pessoa: tipo,
        nome: String::new(),
        razao_social: None,
        cnpj: None,
        inscricao_estadual: None,
        inscricao_municipal: None,
        cpf: None,
        rg: None,
        data_nascimento: None,
        telefone: None,
        celular: None,
        fax: None,
        email: None,
        ativo: Flag(rng.random_bool(0.95)),
        vendedor_id: None,
        nome_vendedor: None,
        cadastrado_em,
        modificado_em,
        contatos: Vec::new(),
        enderecos: Vec::new(),
    };
    match tipo {
        TipoPessoa::Fisica => fill_person(rng, &mut pessoa, city.ddd),
        TipoPessoa::Juridica => fill_company(rng, &mut pessoa, city.ddd),
        TipoPessoa::Estrangeiro => {
            pessoa.nome = names::foreign_name(rng);
            pessoa.email = Some(names::person_email(rng, &pessoa.nome));
        }
    }
    if rng.random_bool(0.9) {
        pessoa.enderecos.push(EnderecoItem {
            endereco: places::address(rng, city),
        });
    }
    if rng.random_bool(0.2) {
        pessoa.contatos.push(contato(rng, city.ddd));
    }
    pessoa
}

fn fill_person(rng: &mut impl Rng, pessoa: &mut Pessoa, ddd: u32) {
    pessoa.nome = names::person_name(rng);
    pessoa.cpf = rng.random_bool(0.95).then(|| random_cpf(rng));
    pessoa.rg = rng.random_bool(0.5).then(|| {
        let n: u32 = rng.random_range(10_000_000..60_000_000);
        format!(
            "{}.{:03}.{:03}-{}",
            n / 1_000_000,
            n / 1000 % 1000,
            n % 1000,
            n % 9
        )
    });
    pessoa.data_nascimento = rng.random_bool(0.7).then(|| {
        let from = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(2005, 12, 31).unwrap_or_default();
        Calendar::day_between(rng, from, to)
    });
    pessoa.telefone = match rng.random_range(0..10) {
        0..4 => Some(places::landline(rng, ddd)),
        4..7 => Some(String::new()),
        _ => None,
    };
    pessoa.celular = rng.random_bool(0.9).then(|| places::mobile(rng, ddd));
    pessoa.email = rng
        .random_bool(0.8)
        .then(|| names::person_email(rng, &pessoa.nome));
}

fn fill_company(rng: &mut impl Rng, pessoa: &mut Pessoa, ddd: u32) {
    let razao_social = names::company_name(rng);
    pessoa.nome = if rng.random_bool(0.6) {
        razao_social.clone()
    } else {
        // The nome fantasia: the razão social without its legal suffix.
        razao_social
            .rsplit_once(' ')
            .map(|(fantasia, _)| fantasia.to_string())
            .unwrap_or_default()
    };
    let alphanumeric = rng.random_bool(ALPHANUMERIC_CNPJ_SHARE);
    pessoa.cnpj = Some(random_cnpj(rng, alphanumeric));
    pessoa.razao_social = Some(razao_social);
    pessoa.inscricao_estadual = Some(match rng.random_range(0..10) {
        0..6 => rng
            .random_range(100_000_000u64..999_999_999_999)
            .to_string(),
        6 => "ISENTO".to_string(),
        _ => String::new(),
    });
    pessoa.inscricao_municipal = Some(if rng.random_bool(0.3) {
        rng.random_range(10_000..9_999_999).to_string()
    } else {
        String::new()
    });
    pessoa.telefone = Some(places::landline(rng, ddd));
    pessoa.celular = Some(if rng.random_bool(0.5) {
        places::mobile(rng, ddd)
    } else {
        String::new()
    });
    pessoa.email = rng
        .random_bool(0.85)
        .then(|| names::company_email(&pessoa.nome));
}

fn contato(rng: &mut impl Rng, ddd: u32) -> ContatoItem {
    let nome = names::person_name(rng);
    let (tipo_id, nome_tipo, valor) = if rng.random_bool(0.5) {
        (CONTATO_TIPO_EMAIL, "Email", names::person_email(rng, &nome))
    } else {
        (CONTATO_TIPO_TELEFONE, "Telefone", places::mobile(rng, ddd))
    };
    ContatoItem {
        contato: Contato {
            tipo_id: Id(tipo_id),
            nome_tipo,
            nome,
            contato: valor,
            cargo: rng.random_bool(0.6).then(|| pick(rng, &CARGOS).to_string()),
            observacao: None,
        },
    }
}
