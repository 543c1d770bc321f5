//! Vendas: catalogue items, an installment plan, status, channel and salesperson.

use super::calendar::Calendar;
use super::draw::{IdSequence, next, pick};
use crate::dataset::catalog::{Catalog, CentroRole, FormaRole, PlanoRole, Ref, SituacaoRole};
use crate::money::Centavos;
use crate::records::pessoa::Pessoa;
use crate::records::venda::{
    ItemProduto, ItemServico, PagamentoItem, Parcela, ProdutoItem, ServicoItem, Venda,
};
use crate::wire::{Flag, Id, Timestamp};
use chrono::{NaiveDate, TimeDelta};
use rand::Rng;
use rand::seq::index::sample;

const CANAIS: [&str; 5] = ["Loja física", "WhatsApp", "Instagram", "Site", "Telefone"];

const OBSERVACOES: [&str; 4] = [
    "Entregar no período da manhã",
    "Cliente retira na loja",
    "Conferir medidas antes da entrega",
    "Nota fiscal em nome da empresa",
];

/// Everything about a sale that is decided before its contents.
pub(crate) struct VendaSeed {
    pub id: u64,
    pub codigo: u64,
    pub cliente: Option<Ref>,
    pub loja: Ref,
    pub data: NaiveDate,
    pub situacao: SituacaoRole,
    pub cadastrado_em: Timestamp,
    pub modificado_em: Timestamp,
}

/// `count` sales over the window, ids and codes ascending with registration time, each to
/// a cliente registered before it.
pub(crate) fn generate(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    clientes: &[Pessoa],
    count: usize,
    ids: &mut IdSequence,
    codigos: &mut u64,
) -> Vec<Venda> {
    let mut registrations: Vec<Timestamp> = (0..count)
        .map(|_| {
            let day = Calendar::day_between(rng, calendar.window_start, calendar.today);
            Calendar::business_hours(rng, day)
        })
        .collect();
    registrations.sort();
    registrations
        .into_iter()
        .map(|cadastrado_em| {
            let known = clientes
                .partition_point(|c| c.cadastrado_em <= cadastrado_em)
                .max(1);
            let cliente = clientes.get(rng.random_range(0..known));
            let recent = cadastrado_em.date() + TimeDelta::days(7) > calendar.today;
            let seed = VendaSeed {
                id: ids.take(rng),
                codigo: next(codigos),
                cliente: cliente.map(|c| Ref {
                    id: c.id.0,
                    nome: c.nome.clone(),
                }),
                loja: random_loja(rng, catalog).clone(),
                data: cadastrado_em.date(),
                situacao: random_situacao(rng, recent),
                cadastrado_em,
                modificado_em: calendar.modified_after(rng, cadastrado_em),
            };
            venda(rng, catalog, seed)
        })
        .collect()
}

/// The matriz sells a little more than the filial.
pub(crate) fn random_loja<'a>(rng: &mut impl Rng, catalog: &'a Catalog) -> &'a Ref {
    if rng.random_bool(0.6) {
        catalog.matriz()
    } else {
        pick(rng, &catalog.lojas[1..])
    }
}

/// Recent sales are more often still open.
pub(crate) fn random_situacao(rng: &mut impl Rng, recent: bool) -> SituacaoRole {
    match (rng.random_range(0..100), recent) {
        (0..30, true) | (0..7, false) => SituacaoRole::EmAberto,
        (94.., _) => SituacaoRole::Cancelado,
        (89.., _) => SituacaoRole::EmAndamento,
        _ => SituacaoRole::Confirmado,
    }
}

fn random_forma(rng: &mut impl Rng) -> FormaRole {
    match rng.random_range(0..100) {
        0..30 => FormaRole::Pix,
        30..55 => FormaRole::CartaoCredito,
        55..70 => FormaRole::CartaoDebito,
        70..82 => FormaRole::Dinheiro,
        82..95 => FormaRole::Boleto,
        _ => FormaRole::Transferencia,
    }
}

pub(crate) fn venda(rng: &mut impl Rng, catalog: &Catalog, seed: VendaSeed) -> Venda {
    let service_only = rng.random_bool(0.05);
    let (produtos, valor_custo) = if service_only {
        (Vec::new(), Centavos(0))
    } else {
        produtos(rng, catalog)
    };
    let servicos = if service_only || rng.random_bool(0.25) {
        vec![servico(rng, catalog)]
    } else {
        Vec::new()
    };
    let valor_produtos: Centavos = produtos.iter().map(|p| p.produto.valor_total).sum();
    let valor_servicos: Centavos = servicos.iter().map(|s| s.servico.valor_total).sum();
    let with_frete = rng.random_bool(0.12);
    let valor_frete = Centavos(if with_frete {
        rng.random_range(20..150) * 100
    } else {
        0
    });
    let valor_total = valor_produtos + valor_servicos + valor_frete;
    let forma = random_forma(rng);
    let plano = if produtos.is_empty() {
        PlanoRole::PrestacaoServicos
    } else {
        PlanoRole::VendaProdutos
    };
    let plan = installment_plan(rng, forma, seed.data, valor_total);
    let transportadora =
        (with_frete && rng.random_bool(0.4)).then(|| pick(rng, &catalog.transportadoras));
    let vendedor = rng
        .random_bool(0.85)
        .then(|| pick(rng, &catalog.vendedores));
    let situacao = catalog.situacao(seed.situacao);
    let centro = catalog.centro(CentroRole::Comercial);
    let forma_ref = catalog.forma(forma);
    let plano_ref = catalog.plano(plano);
    Venda {
        id: Id(seed.id),
        codigo: Id(seed.codigo),
        cliente_id: seed.cliente.as_ref().map(|c| Id(c.id)),
        nome_cliente: seed
            .cliente
            .map(|c| c.nome)
            .unwrap_or_else(|| "Consumidor final".into()),
        vendedor_id: vendedor.map(|v| Id(v.id)),
        nome_vendedor: vendedor.map(|v| v.nome.clone()),
        tecnico_id: None,
        nome_tecnico: None,
        data: seed.data,
        previsao_entrega: with_frete.then(|| seed.data + TimeDelta::days(rng.random_range(1..8))),
        situacao_id: Id(situacao.id),
        nome_situacao: situacao.nome.clone(),
        valor_produtos,
        valor_servicos,
        valor_total,
        transportadora_id: transportadora.map(|t| Id(t.id)),
        nome_transportadora: transportadora.map(|t| t.nome.clone()),
        centro_custo_id: Id(centro.id),
        nome_centro_custo: centro.nome.clone(),
        aos_cuidados_de: None,
        validade: None,
        introducao: None,
        observacoes: match rng.random_range(0..20) {
            0..3 => Some(pick(rng, &OBSERVACOES).to_string()),
            3..5 => Some(String::new()),
            _ => None,
        },
        observacoes_interna: None,
        valor_frete,
        nome_canal_venda: rng.random_bool(0.8).then(|| pick(rng, &CANAIS).to_string()),
        loja_id: Id(seed.loja.id),
        nome_loja: seed.loja.nome,
        valor_custo,
        condicao_pagamento: if plan.len() == 1 {
            "a_vista"
        } else {
            "parcelado"
        },
        situacao_financeiro: Flag(seed.situacao.posts_finance()),
        situacao_estoque: Flag(seed.situacao.posts_finance()),
        forma_pagamento_id: Id(forma_ref.id),
        data_primeira_parcela: plan.first().map(|p| p.0).unwrap_or(seed.data),
        numero_parcelas: plan.len().to_string(),
        intervalo_dias: if plan.len() > 1 { "30" } else { "0" }.to_string(),
        hash: hash(rng),
        cadastrado_em: seed.cadastrado_em,
        modificado_em: seed.modificado_em,
        equipamentos: Vec::new(),
        pagamentos: plan
            .into_iter()
            .map(|(data_vencimento, valor)| PagamentoItem {
                pagamento: Parcela {
                    data_vencimento,
                    valor,
                    forma_pagamento_id: Id(forma_ref.id),
                    nome_forma_pagamento: forma_ref.nome.clone(),
                    plano_contas_id: Id(plano_ref.id),
                    nome_plano_conta: plano_ref.nome.clone(),
                    observacao: None,
                },
            })
            .collect(),
        produtos,
        servicos,
    }
}

/// Due dates and amounts; the first installment takes the rounding remainder.
fn installment_plan(
    rng: &mut impl Rng,
    forma: FormaRole,
    data: NaiveDate,
    total: Centavos,
) -> Vec<(NaiveDate, Centavos)> {
    let (count, first_due) = match forma {
        FormaRole::CartaoCredito => (rng.random_range(1..=6), data + TimeDelta::days(30)),
        FormaRole::Boleto => (rng.random_range(1..=4), data + TimeDelta::days(28)),
        _ => (1, data),
    };
    let share = Centavos(total.0 / count);
    let remainder = Centavos(total.0 - share.0 * count);
    (0..count)
        .map(|i| {
            let due = first_due + TimeDelta::days(30 * i);
            (due, if i == 0 { share + remainder } else { share })
        })
        .collect()
}

/// One to four distinct products, with what they cost the store.
fn produtos(rng: &mut impl Rng, catalog: &Catalog) -> (Vec<ProdutoItem>, Centavos) {
    let count = rng.random_range(1..=4).min(catalog.produtos.len());
    let mut valor_custo = Centavos(0);
    let items = sample(rng, catalog.produtos.len(), count)
        .into_iter()
        .map(|index| {
            let produto = &catalog.produtos[index];
            let quantidade: i64 = if produto.preco.0 < 10_000 {
                rng.random_range(1..=20)
            } else {
                rng.random_range(1..=3)
            };
            let gross = Centavos(produto.preco.0 * quantidade);
            let desconto = rng.random_bool(0.1).then(|| gross.percent(5));
            valor_custo = valor_custo + Centavos(produto.custo.0 * quantidade);
            ProdutoItem {
                produto: ItemProduto {
                    produto_id: produto.produto_id,
                    variacao_id: produto.variacao_id,
                    nome_produto: produto.nome.to_string(),
                    detalhes: String::new(),
                    movimenta_estoque: Flag(true),
                    possui_variacao: Flag(produto.possui_variacao),
                    sigla_unidade: produto.unidade.to_string(),
                    quantidade: format!("{quantidade}.00"),
                    tipo_valor_id: None,
                    nome_tipo_valor: None,
                    valor_custo: produto.custo,
                    valor_venda: produto.preco,
                    tipo_desconto: "R$",
                    desconto_valor: desconto,
                    desconto_porcentagem: None,
                    valor_total: gross - desconto.unwrap_or_default(),
                },
            }
        })
        .collect();
    (items, valor_custo)
}

fn servico(rng: &mut impl Rng, catalog: &Catalog) -> ServicoItem {
    let servico = pick(rng, &catalog.servicos);
    let quantidade: i64 = rng.random_range(1..=4);
    let desconto_percent = *pick(rng, &[0, 0, 0, 0, 0, 5, 10]);
    let gross = Centavos(servico.preco.0 * quantidade);
    ServicoItem {
        servico: ItemServico {
            id: Id(rng.random_range(300..1_000_000)),
            servico_id: Id(servico.servico_id),
            nome_servico: servico.nome.to_string(),
            detalhes: String::new(),
            sigla_unidade: None,
            quantidade: format!("{quantidade}.00"),
            tipo_valor_id: None,
            nome_tipo_valor: None,
            valor_custo: Centavos(0),
            valor_venda: servico.preco,
            tipo_desconto: "%",
            desconto_valor: None,
            desconto_porcentagem: format!("{desconto_percent}.0000"),
            valor_total: gross.percent(100 - desconto_percent),
        },
    }
}

fn hash(rng: &mut impl Rng) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..7)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}
