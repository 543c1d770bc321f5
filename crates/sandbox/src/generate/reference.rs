//! Reference data: the two lojas, the plano de contas tree, centros de custo, contas,
//! formas de pagamento, situações de venda, staff, and the catalogue built from them.

use super::calendar::Calendar;
use super::draw::IdSequence;
use super::{names, places, products};
use crate::dataset::catalog::{
    Catalog, CentroRole, ContaRole, FormaRole, PLANO_GROUPS, PlanoRole, Ref, SituacaoRole,
};
use crate::documents::cnpj_for_branch;
use crate::records::reference::{
    CentroCusto, ContaBancaria, FormaPagamento, Loja, PlanoConta, SituacaoVenda,
};
use crate::wire::{Flag, Id};
use chrono::TimeDelta;
use rand::Rng;

pub(crate) struct ReferenceData {
    pub lojas: Vec<Loja>,
    pub planos: Vec<PlanoConta>,
    pub centros: Vec<CentroCusto>,
    pub contas: Vec<ContaBancaria>,
    pub formas: Vec<FormaPagamento>,
    pub situacoes: Vec<SituacaoVenda>,
    pub catalog: Catalog,
}

const TRANSPORTADORAS: [&str; 3] = [
    "Rápido Sul Transportes Ltda",
    "TransBrasil Cargas Ltda",
    "Expresso Mineiro Logística Ltda",
];

pub(crate) fn generate(rng: &mut impl Rng, calendar: &Calendar) -> ReferenceData {
    let lojas = lojas(rng);
    let (planos, plano_refs) = planos(rng);
    let mut ids = IdSequence::starting_in(rng, 1..9);
    let registered = Calendar::business_hours(rng, calendar.window_start - TimeDelta::days(400));
    let centros: Vec<CentroCusto> = CentroRole::ALL
        .iter()
        .map(|role| CentroCusto {
            id: Id(ids.take(rng)),
            nome: role.nome().to_string(),
            cadastrado_em: registered,
        })
        .collect();
    let mut ids = IdSequence::starting_in(rng, 237_000..238_000);
    let contas: Vec<ContaBancaria> = ContaRole::ALL
        .iter()
        .map(|role| ContaBancaria {
            id: Id(ids.take(rng)),
            nome: role.nome().to_string(),
        })
        .collect();
    let mut ids = IdSequence::starting_in(rng, 1_752_000..1_753_000);
    let formas: Vec<FormaPagamento> = FormaRole::ALL
        .iter()
        .map(|role| {
            let (nome, tipo, conta, maximo_parcelas) = role.spec();
            FormaPagamento {
                id: Id(ids.take(rng)),
                nome: nome.to_string(),
                tipo,
                conta_bancaria_id: contas[conta as usize].id,
                maximo_parcelas: maximo_parcelas.to_string(),
            }
        })
        .collect();
    let mut ids = IdSequence::starting_in(rng, 6_900..7_000);
    let situacoes: Vec<SituacaoVenda> = SituacaoRole::ALL
        .iter()
        .map(|role| SituacaoVenda {
            id: Id(ids.take(rng)),
            nome: role.nome().to_string(),
            padrao: Flag(*role == SituacaoRole::Confirmado),
        })
        .collect();
    let (produtos, servicos) = products::catalogue(rng);
    let catalog = Catalog {
        lojas: lojas.iter().map(|l| named(l.id, &l.nome)).collect(),
        planos: plano_refs,
        centros: centros.iter().map(|c| named(c.id, &c.nome)).collect(),
        contas: contas.iter().map(|c| named(c.id, &c.nome)).collect(),
        formas: formas.iter().map(|f| named(f.id, &f.nome)).collect(),
        situacoes: situacoes.iter().map(|s| named(s.id, &s.nome)).collect(),
        usuarios: people(rng, 326_100..326_200, 3),
        vendedores: people(rng, 40..60, 4),
        funcionarios: people(rng, 88_000..89_000, 6),
        transportadoras: companies(rng, 51_000..52_000, &TRANSPORTADORAS),
        produtos,
        servicos,
    };
    ReferenceData {
        lojas,
        planos,
        centros,
        contas,
        formas,
        situacoes,
        catalog,
    }
}

fn named(id: Id, nome: &str) -> Ref {
    Ref {
        id: id.0,
        nome: nome.to_string(),
    }
}

/// A matriz and one filial of the same company: one CNPJ root, branches 0001 and 0002.
fn lojas(rng: &mut impl Rng) -> Vec<Loja> {
    let root: Vec<u8> = (0..8).map(|_| b'0' + rng.random_range(0..10u8)).collect();
    let razao_social = format!("Casa {} Materiais de Construção Ltda", names::surname(rng));
    let matriz_city = places::random_city(rng);
    let filial_city = places::CITIES
        .iter()
        .find(|c| c.uf == matriz_city.uf && c.id != matriz_city.id)
        .unwrap_or(&places::CITIES[0]);
    let mut ids = IdSequence::starting_in(rng, 178_000..179_000);
    [(matriz_city, 1u16), (filial_city, 2)]
        .into_iter()
        .map(|(city, branch)| {
            let address = places::address(rng, city);
            Loja {
                id: Id(ids.take(rng)),
                nome: if branch == 1 {
                    "Matriz".to_string()
                } else {
                    format!("Filial {}", city.nome)
                },
                razao_social: razao_social.clone(),
                cnpj: cnpj_for_branch(&root, branch),
                telefone: places::landline(rng, city.ddd),
                cep: address.cep,
                logradouro: address.logradouro,
                numero: address.numero,
                bairro: address.bairro,
                nome_cidade: address.nome_cidade,
                estado: address.estado,
            }
        })
        .collect()
}

/// The groups and leaves in code order; a leaf's parent is its code minus the last part.
/// Returns the records and the leaves' refs in `PlanoRole::ALL` order.
fn planos(rng: &mut impl Rng) -> (Vec<PlanoConta>, Vec<Ref>) {
    let mut nodes: Vec<(&str, &str)> = PLANO_GROUPS.to_vec();
    nodes.extend(PlanoRole::ALL.iter().map(|role| role.account()));
    nodes.sort_by_key(|(code, _)| code_parts(code));
    let mut ids = IdSequence::starting_in(rng, 10_890_000..10_900_000);
    let mut records: Vec<PlanoConta> = Vec::with_capacity(nodes.len());
    let mut leaves = Vec::new();
    for (code, nome) in nodes {
        let parent = code
            .rsplit_once('.')
            .and_then(|(parent_code, _)| records.iter().find(|p| p.classificacao == parent_code));
        let record = PlanoConta {
            id: Id(ids.take(rng)),
            classificacao: code.to_string(),
            tipo: if code.starts_with('1') { "C" } else { "D" },
            nome: nome.to_string(),
            conta_mae_id: parent.map(|p| p.id),
            nome_conta_mae: parent.map(|p| p.nome.clone()),
        };
        if PlanoRole::ALL.iter().any(|role| role.account().0 == code) {
            leaves.push(named(record.id, nome));
        }
        records.push(record);
    }
    (records, leaves)
}

fn code_parts(code: &str) -> Vec<u32> {
    code.split('.')
        .filter_map(|part| part.parse().ok())
        .collect()
}

fn people(rng: &mut impl Rng, range: std::ops::Range<u64>, count: usize) -> Vec<Ref> {
    let mut ids = IdSequence::starting_in(rng, range);
    (0..count)
        .map(|_| Ref {
            id: ids.take(rng),
            nome: names::person_name(rng),
        })
        .collect()
}

fn companies(rng: &mut impl Rng, range: std::ops::Range<u64>, nomes: &[&str]) -> Vec<Ref> {
    let mut ids = IdSequence::starting_in(rng, range);
    nomes
        .iter()
        .map(|nome| Ref {
            id: ids.take(rng),
            nome: nome.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn role_lists_line_up_with_their_roles() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let data = generate(&mut rng, &Calendar::new(today));
        for role in PlanoRole::ALL {
            assert_eq!(data.catalog.plano(role).nome, role.account().1);
        }
        for role in FormaRole::ALL {
            assert_eq!(data.catalog.forma(role).nome, role.spec().0);
        }
        assert_eq!(data.catalog.matriz().nome, "Matriz");
    }

    #[test]
    fn every_account_but_the_roots_has_its_parent_and_side() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (records, _) = planos(&mut rng);
        for plano in &records {
            let is_root = !plano.classificacao.contains('.');
            assert_eq!(
                plano.conta_mae_id.is_none(),
                is_root,
                "{}",
                plano.classificacao
            );
            let parent = records.iter().find(|p| Some(p.id) == plano.conta_mae_id);
            if let Some(parent) = parent {
                assert!(plano.classificacao.starts_with(&parent.classificacao));
                assert_eq!(plano.tipo, parent.tipo);
            }
        }
    }
}
