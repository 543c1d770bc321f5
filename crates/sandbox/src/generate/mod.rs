//! Deterministic generation of the whole dataset from a seed, a scale and `today`: the same
//! inputs always give the same records, ids and timestamps.

mod calendar;
pub(crate) mod draw;
pub(crate) mod names;
pub(crate) mod pagamentos;
pub(crate) mod pessoas;
pub(crate) mod places;
mod products;
pub(crate) mod recebimentos;
mod reference;
pub(crate) mod titles;
mod transfers;
pub(crate) mod vendas;

pub(crate) use calendar::Calendar;

use crate::config::Scale;
use crate::dataset::catalog::Ref;
use crate::dataset::table::Table;
use crate::dataset::{Dataset, Sequences};
use crate::records::pessoa::Pessoa;
use chrono::NaiveDate;
use draw::IdSequence;
use pagamentos::{ACCOUNTING_FIRM, Suppliers, UTILITY_COMPANIES};
use pessoas::{PeopleKind, PeopleSpec};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use titles::{Side, TitleSequences};

struct Volumes {
    clientes: usize,
    fornecedores: usize,
    vendas: usize,
    recebimentos: usize,
    pagamentos: usize,
}

fn volumes(scale: Scale) -> Volumes {
    match scale {
        Scale::Small => Volumes {
            clientes: 200,
            fornecedores: 40,
            vendas: 1_000,
            recebimentos: 1_800,
            pagamentos: 1_200,
        },
        Scale::Large => Volumes {
            clientes: 2_000,
            fornecedores: 400,
            vendas: 6_000,
            recebimentos: 8_400,
            pagamentos: 5_600,
        },
    }
}

pub(crate) fn dataset(seed: u64, scale: Scale, today: NaiveDate) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let rng = &mut rng;
    let calendar = Calendar::new(today);
    let volumes = volumes(scale);
    let reference = reference::generate(rng, &calendar);
    let catalog = reference.catalog;

    let cliente_ids = IdSequence::starting_in(rng, 1_000_000..1_100_000);
    let clientes = pessoas::generate(
        rng,
        &catalog,
        &calendar,
        PeopleSpec {
            kind: PeopleKind::Clientes,
            count: volumes.clientes,
            ids: cliente_ids,
            fixed_companies: &[],
        },
    );
    let fixed: Vec<&str> = UTILITY_COMPANIES
        .iter()
        .copied()
        .chain([ACCOUNTING_FIRM])
        .collect();
    let fornecedor_ids = IdSequence::starting_in(rng, 1_107_000..1_108_000);
    let fornecedores = pessoas::generate(
        rng,
        &catalog,
        &calendar,
        PeopleSpec {
            kind: PeopleKind::Fornecedores,
            count: volumes.fornecedores.max(fixed.len()),
            ids: fornecedor_ids,
            fixed_companies: &fixed,
        },
    );
    let suppliers = Suppliers {
        utilities: fornecedores
            .iter()
            .take(fixed.len())
            .map(person_ref)
            .collect(),
        merchandise: fornecedores
            .iter()
            .skip(fixed.len())
            .map(person_ref)
            .collect(),
    };

    let mut venda_ids = IdSequence::starting_in(rng, 40_000_000..41_000_000);
    let mut venda_codigos = rng.random_range(700..1_000);
    let vendas = vendas::generate(
        rng,
        &catalog,
        &calendar,
        &clientes,
        volumes.vendas,
        &mut venda_ids,
        &mut venda_codigos,
    );

    // The company's own moves count towards the volumes, which tests and benchmarks rely on.
    let own_moves = transfers::drafts(rng, &catalog, &calendar);
    let own = |side| own_moves.iter().filter(|d| d.side == side).count();
    let mut drafts = recebimentos::drafts(
        rng,
        &catalog,
        &calendar,
        &vendas,
        &clientes,
        volumes.recebimentos.saturating_sub(own(Side::Receber)),
    );
    drafts.extend(pagamentos::drafts(
        rng,
        &catalog,
        &calendar,
        &suppliers,
        volumes.pagamentos.saturating_sub(own(Side::Pagar)),
    ));
    drafts.extend(own_moves);
    let mut title_sequences = TitleSequences {
        ids: IdSequence::starting_in(rng, 480_000_000..490_000_000),
        recebimento_codigo: rng.random_range(1_000..2_000),
        pagamento_codigo: rng.random_range(30_000..40_000),
    };
    let (recebimentos, pagamentos) =
        titles::finish(rng, &catalog, &calendar, drafts, &mut title_sequences);

    let newest_change = clientes
        .iter()
        .chain(&fornecedores)
        .map(|p| p.modificado_em)
        .chain(vendas.iter().map(|v| v.modificado_em))
        .chain(
            recebimentos
                .iter()
                .chain(&pagamentos)
                .map(|t| t.modificado_em),
        )
        .max()
        .unwrap_or_else(|| Calendar::business_hours(rng, today));
    let sequences = Sequences {
        next_cliente_id: clientes.last().map_or(1, |c| c.id.0 + 1),
        next_fornecedor_id: fornecedores.last().map_or(1, |f| f.id.0 + 1),
        next_venda_id: venda_ids.take(rng),
        next_venda_codigo: venda_codigos,
        next_lancamento_id: title_sequences.ids.take(rng),
        next_recebimento_codigo: title_sequences.recebimento_codigo,
        next_pagamento_codigo: title_sequences.pagamento_codigo,
        next_centro_custo_id: reference.centros.last().map_or(1, |c| c.id.0 + 1),
        clock: newest_change,
    };
    Dataset {
        today,
        catalog,
        lojas: Table::from_records(reference.lojas),
        planos_contas: Table::from_records(reference.planos),
        centros_custos: Table::from_records(reference.centros),
        contas_bancarias: Table::from_records(reference.contas),
        formas_pagamentos: Table::from_records(reference.formas),
        situacoes_vendas: Table::from_records(reference.situacoes),
        clientes: Table::from_records(clientes),
        fornecedores: Table::from_records(fornecedores),
        vendas: Table::from_records(vendas),
        recebimentos: Table::from_records(recebimentos),
        pagamentos: Table::from_records(pagamentos),
        sequences,
    }
}

fn person_ref(pessoa: &Pessoa) -> Ref {
    Ref {
        id: pessoa.id.0,
        nome: pessoa.nome.clone(),
    }
}
