//! One create, update or delete per entity, as a user of the provider's web app would make
//! it: new records dated today, updates that touch what people really edit (phones,
//! status, settlement), deletes that make records vanish from every list.

use super::{MutationAction, MutationEntity, MutationOutcome, centros};
use crate::dataset::Dataset;
use crate::dataset::catalog::{Catalog, CentroRole, FormaRole, PlanoRole, Ref, SituacaoRole};
use crate::generate::draw::next;
use crate::generate::pessoas::{self, PeopleKind};
use crate::generate::places;
use crate::generate::titles::{self, Counterpart, Draft, Settlement, Side};
use crate::generate::vendas::{self, VendaSeed};
use crate::money::Centavos;
use crate::records::lancamento::Lancamento;
use crate::records::pessoa::Pessoa;
use crate::wire::{Flag, Id, Timestamp};
use chrono::TimeDelta;
use rand::Rng;

pub(super) fn create(
    dataset: &mut Dataset,
    entity: MutationEntity,
    rng: &mut impl Rng,
) -> MutationOutcome {
    let stamp = dataset.sequences.tick();
    let (id, loja_id) = match entity {
        MutationEntity::Cliente => (
            create_pessoa(dataset, PeopleKind::Clientes, stamp, rng),
            None,
        ),
        MutationEntity::Fornecedor => (
            create_pessoa(dataset, PeopleKind::Fornecedores, stamp, rng),
            None,
        ),
        MutationEntity::Venda => create_venda(dataset, stamp, rng),
        MutationEntity::Recebimento => create_title(dataset, Side::Receber, stamp, rng),
        MutationEntity::Pagamento => create_title(dataset, Side::Pagar, stamp, rng),
        MutationEntity::CentroCusto => (centros::create(dataset, stamp, rng), None),
    };
    outcome(
        MutationAction::Created,
        entity,
        id,
        loja_id,
        stamped(entity, stamp),
    )
}

fn create_pessoa(
    dataset: &mut Dataset,
    kind: PeopleKind,
    stamp: Timestamp,
    rng: &mut impl Rng,
) -> u64 {
    let (counter, table) = match kind {
        PeopleKind::Clientes => (
            &mut dataset.sequences.next_cliente_id,
            &mut dataset.clientes,
        ),
        PeopleKind::Fornecedores => (
            &mut dataset.sequences.next_fornecedor_id,
            &mut dataset.fornecedores,
        ),
    };
    let id = next(counter);
    let tipo = kind.random_tipo(rng);
    table.insert(pessoas::pessoa(rng, id, tipo, stamp, stamp));
    id
}

/// A sale made today, still open more often than old ones.
fn create_venda(dataset: &mut Dataset, stamp: Timestamp, rng: &mut impl Rng) -> (u64, Option<u64>) {
    let cliente = random_ref(rng, dataset.clientes.entries().map(|e| &e.record));
    let sequences = &mut dataset.sequences;
    let seed = VendaSeed {
        id: next(&mut sequences.next_venda_id),
        codigo: next(&mut sequences.next_venda_codigo),
        cliente,
        loja: vendas::random_loja(rng, &dataset.catalog).clone(),
        data: dataset.today,
        situacao: vendas::random_situacao(rng, true),
        cadastrado_em: stamp,
        modificado_em: stamp,
    };
    let venda = vendas::venda(rng, &dataset.catalog, seed);
    let ids = (venda.id.0, Some(venda.loja_id.0));
    dataset.vendas.insert(venda);
    ids
}

/// A title due today, settled today half of the time.
fn create_title(
    dataset: &mut Dataset,
    side: Side,
    stamp: Timestamp,
    rng: &mut impl Rng,
) -> (u64, Option<u64>) {
    let draft = new_title_draft(dataset, side, stamp, rng);
    let settlement = if rng.random_bool(0.5) {
        Settlement::open(stamp)
    } else {
        Settlement {
            modificado_em: stamp,
            ..titles::settlement_on(rng, &draft, dataset.today)
        }
    };
    let sequences = &mut dataset.sequences;
    let id = next(&mut sequences.next_lancamento_id);
    let (codigo, table) = match side {
        Side::Receber => (
            next(&mut sequences.next_recebimento_codigo),
            &mut dataset.recebimentos,
        ),
        Side::Pagar => (
            next(&mut sequences.next_pagamento_codigo),
            &mut dataset.pagamentos,
        ),
    };
    let title = titles::build(rng, &dataset.catalog, draft, settlement, id, codigo);
    let loja_id = title.loja_id.0;
    table.insert(title);
    (id, Some(loja_id))
}

pub(super) fn update(
    dataset: &mut Dataset,
    entity: MutationEntity,
    id: u64,
    rng: &mut impl Rng,
) -> Option<MutationOutcome> {
    let exists = match entity {
        MutationEntity::Cliente => dataset.clientes.get(id).is_some(),
        MutationEntity::Fornecedor => dataset.fornecedores.get(id).is_some(),
        MutationEntity::Venda => dataset.vendas.get(id).is_some(),
        MutationEntity::Recebimento => dataset.recebimentos.get(id).is_some(),
        MutationEntity::Pagamento => dataset.pagamentos.get(id).is_some(),
        MutationEntity::CentroCusto => dataset.centros_custos.get(id).is_some(),
    };
    if !exists {
        return None;
    }
    let stamp = dataset.sequences.tick();
    let today = dataset.today;
    let catalog = &dataset.catalog;
    let loja_id = match entity {
        MutationEntity::Cliente => dataset
            .clientes
            .update(id, |p| edit_pessoa(p, stamp, rng))
            .map(|_| None),
        MutationEntity::Fornecedor => dataset
            .fornecedores
            .update(id, |p| edit_pessoa(p, stamp, rng))
            .map(|_| None),
        MutationEntity::Venda => dataset.vendas.update(id, |venda| {
            let confirmado = catalog.situacao(SituacaoRole::Confirmado);
            if venda.situacao_id.0 == catalog.situacao(SituacaoRole::EmAberto).id {
                venda.situacao_id = Id(confirmado.id);
                venda.nome_situacao = confirmado.nome.clone();
                venda.situacao_financeiro = Flag(true);
                venda.situacao_estoque = Flag(true);
            } else {
                venda.observacoes = Some("Cliente pediu para reagendar a entrega".to_string());
                venda.previsao_entrega = Some(today + TimeDelta::days(3));
            }
            venda.modificado_em = stamp;
            Some(venda.loja_id.0)
        }),
        MutationEntity::Recebimento => dataset
            .recebimentos
            .update(id, |t| edit_title(t, today, stamp, rng)),
        MutationEntity::Pagamento => dataset
            .pagamentos
            .update(id, |t| edit_title(t, today, stamp, rng)),
        MutationEntity::CentroCusto => centros::rename(dataset, id).map(|()| None),
    }?;
    Some(outcome(
        MutationAction::Updated,
        entity,
        id,
        loja_id,
        stamped(entity, stamp),
    ))
}

pub(super) fn delete(
    dataset: &mut Dataset,
    entity: MutationEntity,
    id: u64,
) -> Option<MutationOutcome> {
    let loja_id = match entity {
        MutationEntity::Cliente => dataset.clientes.remove(id).map(|_| None),
        MutationEntity::Fornecedor => dataset.fornecedores.remove(id).map(|_| None),
        MutationEntity::Venda => dataset.vendas.remove(id).map(|v| Some(v.loja_id.0)),
        MutationEntity::Recebimento => dataset.recebimentos.remove(id).map(|t| Some(t.loja_id.0)),
        MutationEntity::Pagamento => dataset.pagamentos.remove(id).map(|t| Some(t.loja_id.0)),
        MutationEntity::CentroCusto => dataset.centros_custos.remove(id).map(|_| None),
    }?;
    Some(outcome(MutationAction::Deleted, entity, id, loja_id, None))
}

/// The `modificado_em` a change left, for the entities that have one.
fn stamped(entity: MutationEntity, stamp: Timestamp) -> Option<Timestamp> {
    (entity != MutationEntity::CentroCusto).then_some(stamp)
}

fn outcome(
    action: MutationAction,
    entity: MutationEntity,
    id: u64,
    loja_id: Option<u64>,
    modificado_em: Option<Timestamp>,
) -> MutationOutcome {
    MutationOutcome {
        action,
        entity,
        id: id.to_string(),
        loja_id: loja_id.map(|l| l.to_string()),
        modificado_em: modificado_em.map(|m| m.to_string()),
    }
}

/// New phone numbers, sometimes a new e-mail or a deactivation.
fn edit_pessoa(pessoa: &mut Pessoa, stamp: Timestamp, rng: &mut impl Rng) {
    let ddd = pessoa
        .celular
        .as_deref()
        .and_then(|c| c.get(1..3))
        .and_then(|d| d.parse().ok())
        .unwrap_or(11);
    pessoa.celular = Some(places::mobile(rng, ddd));
    if rng.random_bool(0.3) {
        pessoa.telefone = Some(places::landline(rng, ddd));
    }
    if rng.random_bool(0.1) {
        pessoa.ativo = Flag(!pessoa.ativo.0);
    }
    pessoa.modificado_em = stamp;
}

/// Open titles get settled today or renegotiated; settled ones get reversed or charged
/// late interest.
fn edit_title(
    title: &mut Lancamento,
    today: chrono::NaiveDate,
    stamp: Timestamp,
    rng: &mut impl Rng,
) -> Option<u64> {
    match (title.liquidado.0, rng.random_bool(0.6)) {
        (false, true) => {
            title.liquidado = Flag(true);
            title.data_liquidacao = Some(today.max(title.cadastrado_em.date()));
            if today > title.data_vencimento + TimeDelta::days(2) {
                title.juros = title.valor.per_mille(15);
            }
        }
        (false, false) => {
            let change_percent = rng.random_range(-10..=10);
            title.valor = title.valor + title.valor.percent(change_percent);
        }
        (true, true) => title.juros = title.juros + Centavos(rng.random_range(100..2_000)),
        (true, false) => {
            title.liquidado = Flag(false);
            title.data_liquidacao = None;
            title.juros = Centavos(0);
            title.desconto = Centavos(0);
            title.taxa_banco = Centavos(0);
            title.taxa_operadora = Centavos(0);
        }
    }
    title.recompute_total();
    title.modificado_em = stamp;
    Some(title.loja_id.0)
}

fn new_title_draft(dataset: &Dataset, side: Side, stamp: Timestamp, rng: &mut impl Rng) -> Draft {
    let catalog: &Catalog = &dataset.catalog;
    let nota = rng.random_range(10_000..999_999);
    let (descricao, counterpart, plano, forma, valor) = match side {
        Side::Receber => (
            format!("Serviço de instalação - OS {nota}"),
            match random_ref(rng, dataset.clientes.entries().map(|e| &e.record)) {
                Some(cliente) => Counterpart::Cliente(cliente),
                None => Counterpart::Outro,
            },
            PlanoRole::PrestacaoServicos,
            FormaRole::Pix,
            Centavos(rng.random_range(15_000..300_000)),
        ),
        Side::Pagar => (
            format!("Compra de mercadorias - NF {nota}"),
            match random_ref(rng, dataset.fornecedores.entries().map(|e| &e.record)) {
                Some(fornecedor) => Counterpart::Fornecedor(fornecedor),
                None => Counterpart::Outro,
            },
            PlanoRole::CompraMercadorias,
            FormaRole::Boleto,
            Centavos(rng.random_range(10_000..150_000)),
        ),
    };
    Draft {
        side,
        descricao,
        counterpart,
        valor,
        vencimento: dataset.today,
        competencia: dataset.today,
        plano,
        centro: Some(CentroRole::Operacional),
        forma,
        loja: vendas::random_loja(rng, catalog).clone(),
        cadastrado_em: stamp,
    }
}

/// A random live person as a `Ref`, `None` when there is nobody left.
fn random_ref<'a>(
    rng: &mut impl Rng,
    people: impl ExactSizeIterator<Item = &'a Pessoa>,
) -> Option<Ref> {
    let count = people.len();
    if count == 0 {
        return None;
    }
    let mut people = people;
    people.nth(rng.random_range(0..count)).map(|p| Ref {
        id: p.id.0,
        nome: p.nome.clone(),
    })
}
