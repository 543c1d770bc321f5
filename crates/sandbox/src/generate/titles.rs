//! Turning title drafts into recebimentos and pagamentos: who is on the other side,
//! whether and when it was settled, fees and interest, and ids in registration order.

use super::calendar::Calendar;
use super::draw::{IdSequence, next, pick};
use crate::dataset::catalog::{Catalog, CentroRole, FormaRole, PlanoRole, Ref};
use crate::money::Centavos;
use crate::records::lancamento::{Entidade, Lancamento};
use crate::wire::{Flag, Id, OrBlank, Timestamp};
use chrono::{NaiveDate, TimeDelta};
use rand::Rng;
use rand::seq::index::sample;

#[derive(Debug, Clone)]
pub(crate) enum Counterpart {
    Cliente(Ref),
    Fornecedor(Ref),
    Transportadora(Ref),
    Funcionario(Ref),
    Outro,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Receber,
    Pagar,
}

/// A title before settlement and ids.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub side: Side,
    pub descricao: String,
    pub counterpart: Counterpart,
    pub valor: Centavos,
    pub vencimento: NaiveDate,
    pub competencia: NaiveDate,
    pub plano: PlanoRole,
    pub centro: Option<CentroRole>,
    pub forma: FormaRole,
    pub loja: Ref,
    pub cadastrado_em: Timestamp,
}

#[derive(Debug, Clone)]
pub(crate) struct Settlement {
    pub data_liquidacao: Option<NaiveDate>,
    pub juros: Centavos,
    pub desconto: Centavos,
    pub taxa_banco: Centavos,
    pub taxa_operadora: Centavos,
    pub modificado_em: Timestamp,
}

impl Settlement {
    pub fn open(modificado_em: Timestamp) -> Settlement {
        Settlement {
            data_liquidacao: None,
            juros: Centavos(0),
            desconto: Centavos(0),
            taxa_banco: Centavos(0),
            taxa_operadora: Centavos(0),
            modificado_em,
        }
    }
}

/// Old titles are mostly settled, a few stay overdue; future ones are rarely paid early.
pub(crate) fn settle(rng: &mut impl Rng, calendar: &Calendar, draft: &Draft) -> Settlement {
    let today = calendar.today;
    let settled_share = if draft.vencimento > today {
        0.1
    } else if draft.vencimento + TimeDelta::days(5) >= today {
        0.6
    } else {
        0.92
    };
    if !rng.random_bool(settled_share) {
        return Settlement::open(calendar.modified_after(rng, draft.cadastrado_em));
    }
    let earliest = draft.cadastrado_em.date().max(calendar.window_start);
    let planned = draft.vencimento + TimeDelta::days(rng.random_range(-3..=6));
    let liquidacao = planned.max(earliest).min(today);
    settlement_on(rng, draft, liquidacao)
}

/// The company's own money move, settled on its day, with nothing added or taken.
fn at_face_value(draft: &Draft) -> Settlement {
    Settlement {
        data_liquidacao: Some(draft.vencimento),
        ..Settlement::open(draft.cadastrado_em)
    }
}

/// Settles `draft` on `liquidacao`: interest when late, an occasional early discount, and
/// the card or boleto fee on receivables.
pub(crate) fn settlement_on(
    rng: &mut impl Rng,
    draft: &Draft,
    liquidacao: NaiveDate,
) -> Settlement {
    let late = liquidacao > draft.vencimento + TimeDelta::days(2);
    let receivable = draft.side == Side::Receber;
    let zero = Centavos(0);
    Settlement {
        data_liquidacao: Some(liquidacao),
        juros: if late {
            draft.valor.per_mille(rng.random_range(10..=30))
        } else {
            zero
        },
        desconto: if !late && rng.random_bool(0.05) {
            draft.valor.percent(rng.random_range(1..=5))
        } else {
            zero
        },
        taxa_banco: if receivable && draft.forma == FormaRole::Boleto {
            Centavos(rng.random_range(250..=350))
        } else {
            zero
        },
        taxa_operadora: if receivable && draft.forma.is_card() {
            draft.valor.per_mille(rng.random_range(20..=45))
        } else {
            zero
        },
        modificado_em: Calendar::business_hours(rng, liquidacao).max(draft.cadastrado_em),
    }
}

pub(crate) fn build(
    rng: &mut impl Rng,
    catalog: &Catalog,
    draft: Draft,
    settlement: Settlement,
    id: u64,
    codigo: u64,
) -> Lancamento {
    let blank = || (OrBlank(None), OrBlank(None));
    let filled = |r: &Ref| (OrBlank(Some(Id(r.id))), OrBlank(Some(r.nome.clone())));
    let (mut cliente, mut fornecedor, mut transportadora, mut funcionario) =
        (blank(), blank(), blank(), blank());
    let entidade = match &draft.counterpart {
        Counterpart::Cliente(r) => {
            cliente = filled(r);
            Entidade::Cliente
        }
        Counterpart::Fornecedor(r) => {
            fornecedor = filled(r);
            Entidade::Fornecedor
        }
        Counterpart::Transportadora(r) => {
            transportadora = filled(r);
            Entidade::Transportadora
        }
        Counterpart::Funcionario(r) => {
            funcionario = filled(r);
            Entidade::Funcionario
        }
        Counterpart::Outro => Entidade::Outro,
    };
    let plano = catalog.plano(draft.plano);
    let centro = draft.centro.map(|role| catalog.centro(role));
    let conta = catalog.conta(draft.forma.conta());
    let forma = catalog.forma(draft.forma);
    let usuario = pick(rng, &catalog.usuarios);
    let mut lancamento = Lancamento {
        id: Id(id),
        codigo: Id(codigo),
        descricao: draft.descricao,
        entidade,
        fornecedor_id: fornecedor.0,
        nome_fornecedor: fornecedor.1,
        cliente_id: cliente.0,
        nome_cliente: cliente.1,
        transportadora_id: transportadora.0,
        nome_transportadora: transportadora.1,
        funcionario_id: funcionario.0,
        nome_funcionario: funcionario.1,
        valor: draft.valor,
        juros: settlement.juros,
        desconto: settlement.desconto,
        taxa_banco: settlement.taxa_banco,
        taxa_operadora: settlement.taxa_operadora,
        valor_total: draft.valor,
        data_vencimento: draft.vencimento,
        data_competencia: draft.competencia,
        liquidado: Flag(settlement.data_liquidacao.is_some()),
        data_liquidacao: settlement.data_liquidacao,
        plano_contas_id: Id(plano.id),
        nome_plano_conta: plano.nome.clone(),
        centro_custo_id: OrBlank(centro.map(|c| Id(c.id))),
        nome_centro_custo: OrBlank(centro.map(|c| c.nome.clone())),
        conta_bancaria_id: Id(conta.id),
        nome_conta_bancaria: conta.nome.clone(),
        forma_pagamento_id: Id(forma.id),
        nome_forma_pagamento: forma.nome.clone(),
        usuario_id: Id(usuario.id),
        nome_usuario: usuario.nome.clone(),
        loja_id: Id(draft.loja.id),
        nome_loja: draft.loja.nome,
        cadastrado_em: draft.cadastrado_em,
        modificado_em: settlement.modificado_em,
        atributos: Vec::new(),
    };
    lancamento.recompute_total();
    lancamento
}

/// A uniform sample of at most `max` drafts, in their original order.
pub(crate) fn keep_at_most(rng: &mut impl Rng, drafts: Vec<Draft>, max: usize) -> Vec<Draft> {
    if drafts.len() <= max {
        return drafts;
    }
    let mut kept = sample(rng, drafts.len(), max).into_vec();
    kept.sort_unstable();
    let mut drafts: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| drafts[i].take()).collect()
}

/// Settles every draft and numbers them in registration order: one id sequence for both
/// sides, one `codigo` sequence per side.
pub(crate) fn finish(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    mut drafts: Vec<Draft>,
    sequences: &mut TitleSequences,
) -> (Vec<Lancamento>, Vec<Lancamento>) {
    drafts.sort_by_key(|d| d.cadastrado_em);
    let mut recebimentos = Vec::new();
    let mut pagamentos = Vec::new();
    for draft in drafts {
        let settlement = if draft.plano.is_money_move() {
            at_face_value(&draft)
        } else {
            settle(rng, calendar, &draft)
        };
        let id = sequences.ids.take(rng);
        let (codigos, titles) = match draft.side {
            Side::Receber => (&mut sequences.recebimento_codigo, &mut recebimentos),
            Side::Pagar => (&mut sequences.pagamento_codigo, &mut pagamentos),
        };
        let codigo = next(codigos);
        titles.push(build(rng, catalog, draft, settlement, id, codigo));
    }
    (recebimentos, pagamentos)
}

pub(crate) struct TitleSequences {
    pub ids: IdSequence,
    pub recebimento_codigo: u64,
    pub pagamento_codigo: u64,
}
