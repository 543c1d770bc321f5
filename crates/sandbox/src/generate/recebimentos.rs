//! Receivable drafts: the installments of posted sales, then other income (one-off
//! services, investment returns, sundry receipts) up to the target count.

use super::calendar::Calendar;
use super::draw::pick;
use super::titles::{Counterpart, Draft, Side, keep_at_most};
use crate::dataset::catalog::{Catalog, CentroRole, FormaRole, PlanoRole, Ref, SituacaoRole};
use crate::money::Centavos;
use crate::records::pessoa::Pessoa;
use crate::records::venda::Venda;
use chrono::TimeDelta;
use rand::Rng;

/// At most this share of receivables comes from sales, so other income always shows up.
const FROM_SALES_SHARE_PERCENT: usize = 80;

pub(crate) fn drafts(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    vendas: &[Venda],
    clientes: &[Pessoa],
    target: usize,
) -> Vec<Draft> {
    let from_sales: Vec<Draft> = vendas
        .iter()
        .filter(|venda| posts_finance(catalog, venda))
        .flat_map(|venda| installments(catalog, calendar, venda))
        .collect();
    let mut drafts = keep_at_most(rng, from_sales, target * FROM_SALES_SHARE_PERCENT / 100);
    while drafts.len() < target {
        drafts.push(other_income(rng, catalog, calendar, clientes));
    }
    drafts
}

fn posts_finance(catalog: &Catalog, venda: &Venda) -> bool {
    SituacaoRole::ALL
        .iter()
        .any(|role| role.posts_finance() && catalog.situacao(*role).id == venda.situacao_id.0)
}

/// One receivable per installment due by the end of the current month.
fn installments(catalog: &Catalog, calendar: &Calendar, venda: &Venda) -> Vec<Draft> {
    let forma = forma_of(catalog, venda.forma_pagamento_id.0);
    let plano = if venda.produtos.is_empty() {
        PlanoRole::PrestacaoServicos
    } else {
        PlanoRole::VendaProdutos
    };
    let counterpart = match (&venda.cliente_id, &venda.nome_cliente) {
        (Some(id), nome) => Counterpart::Cliente(Ref {
            id: id.0,
            nome: nome.clone(),
        }),
        (None, _) => Counterpart::Outro,
    };
    let count = venda.pagamentos.len();
    venda
        .pagamentos
        .iter()
        .enumerate()
        .filter(|(_, item)| item.pagamento.data_vencimento <= calendar.month_end)
        .map(|(i, item)| Draft {
            side: Side::Receber,
            descricao: if count == 1 {
                format!("Venda {}", venda.codigo)
            } else {
                format!("Venda {} - parcela {}/{count}", venda.codigo, i + 1)
            },
            counterpart: counterpart.clone(),
            valor: item.pagamento.valor,
            vencimento: item.pagamento.data_vencimento,
            competencia: venda.data,
            plano,
            centro: Some(CentroRole::Comercial),
            forma,
            loja: Ref {
                id: venda.loja_id.0,
                nome: venda.nome_loja.clone(),
            },
            cadastrado_em: venda.cadastrado_em,
        })
        .collect()
}

pub(crate) fn forma_of(catalog: &Catalog, forma_pagamento_id: u64) -> FormaRole {
    FormaRole::ALL
        .into_iter()
        .find(|role| catalog.forma(*role).id == forma_pagamento_id)
        .unwrap_or(FormaRole::Pix)
}

fn other_income(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    clientes: &[Pessoa],
) -> Draft {
    let vencimento = Calendar::day_between(rng, calendar.window_start, calendar.month_end);
    let competencia = vencimento - TimeDelta::days(rng.random_range(0..10));
    let registered_on = competencia.min(calendar.today);
    let (descricao, counterpart, plano, centro, forma, valor) = match rng.random_range(0..10) {
        0..6 => (
            format!(
                "Serviço de instalação - OS {}",
                rng.random_range(1000..9999)
            ),
            random_cliente(rng, clientes),
            PlanoRole::PrestacaoServicos,
            Some(CentroRole::Operacional),
            *pick(
                rng,
                &[FormaRole::Pix, FormaRole::Boleto, FormaRole::Transferencia],
            ),
            Centavos(rng.random_range(15_000..300_000)),
        ),
        6..8 => (
            "Rendimento de aplicação financeira".to_string(),
            Counterpart::Outro,
            PlanoRole::RendimentosAplicacoes,
            Some(CentroRole::Financeiro),
            FormaRole::Transferencia,
            Centavos(rng.random_range(2_000..80_000)),
        ),
        _ => (
            pick(
                rng,
                &[
                    "Venda de sucata",
                    "Reembolso de despesas",
                    "Aluguel de equipamento",
                ],
            )
            .to_string(),
            Counterpart::Outro,
            PlanoRole::OutrasReceitas,
            None,
            FormaRole::Pix,
            Centavos(rng.random_range(5_000..150_000)),
        ),
    };
    let loja = super::vendas::random_loja(rng, catalog).clone();
    Draft {
        side: Side::Receber,
        descricao,
        counterpart,
        valor,
        vencimento,
        competencia,
        plano,
        centro,
        forma,
        loja,
        cadastrado_em: Calendar::business_hours(rng, registered_on),
    }
}

pub(crate) fn random_cliente(rng: &mut impl Rng, clientes: &[Pessoa]) -> Counterpart {
    if clientes.is_empty() {
        return Counterpart::Outro;
    }
    let cliente = pick(rng, clientes);
    Counterpart::Cliente(Ref {
        id: cliente.id.0,
        nome: cliente.nome.clone(),
    })
}
