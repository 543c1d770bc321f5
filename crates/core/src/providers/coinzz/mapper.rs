//! A Coinzz webhook body → `CoinzzChange`: the cliente, the venda (one line: Coinzz sends
//! one product per order, with the order total only), what only Coinzz sends about it, and
//! the assinatura of a subscription webhook. A value that cannot be read is an `Err` with
//! the pt-BR reason, and the event goes to quarantine.

use super::payload::{Client, Order, Subscription, Utms, Webhook};
use super::{status, time};
use crate::documents::Documento;
use crate::domain::coinzz::party;
use crate::domain::coinzz::{Assinatura, CoinzzChange, CoinzzCliente, VendaCoinzz};
use crate::domain::{Party, PartyKind, Venda, VendaItem};
use crate::money::parse_centavos;
use serde_json::json;
use sha2::{Digest, Sha256};

/// Why a webhook could not be mapped: the order number when known, and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub order_number: Option<String>,
    pub reason: String,
}

pub fn map_webhook(webhook: &Webhook) -> Result<CoinzzChange, Refusal> {
    let order = &webhook.order;
    let Some(order_number) = order.order_number.clone() else {
        return Err(Refusal {
            order_number: None,
            reason: "pedido sem order_number".into(),
        });
    };
    let refuse = |reason: String| Refusal {
        order_number: Some(order_number.clone()),
        reason,
    };
    let order_status = status::order_status(order.order_status.as_deref().unwrap_or_default());
    let shipping_status =
        status::shipping_status(order.shipping_status.as_deref().unwrap_or_default());
    let mut unknown_labels = Vec::new();
    if order.order_status.is_some() && !order_status.known {
        unknown_labels.push(("order_status", order_status.raw.clone()));
    }
    if order.shipping_status.is_some() && !shipping_status.known {
        unknown_labels.push(("shipping_status", shipping_status.raw.clone()));
    }
    let ordered = order
        .date_order
        .as_deref()
        .map(|raw| time::parse("date_order", raw))
        .transpose()
        .map_err(refuse)?;
    let deleted = order
        .deleted_at
        .as_deref()
        .map(|raw| time::parse("deleted_at", raw))
        .transpose()
        .map_err(refuse)?;
    let total_centavos = match order.order_final_price.as_deref() {
        Some(raw) => {
            parse_centavos(raw).map_err(|error| refuse(format!("order_final_price: {error}")))?
        }
        None => return Err(refuse("pedido sem order_final_price".into())),
    };
    let quantity = integer("order_quantity", order.order_quantity.as_deref()).map_err(refuse)?;
    let installments =
        integer("total_installments", order.total_installments.as_deref()).map_err(refuse)?;
    let rank = status::order_rank(&order_status, &shipping_status, deleted.is_some());
    let post_paid = order
        .method_payment
        .as_deref()
        .is_some_and(status::is_post_paid);
    // A deleted order collects nothing, whatever its last label.
    let collected =
        deleted.is_none() && status::is_collected(order_status.key, shipping_status.key, post_paid);
    let cliente = cliente(&webhook.client, &order_number);
    let venda = venda(
        order,
        (&order_status, collected),
        ordered.as_ref(),
        total_centavos,
        quantity,
        installments,
        &cliente,
    );
    let detalhe = detalhe(
        webhook,
        (&order_status, &shipping_status, rank),
        (quantity, installments),
        ordered.as_ref(),
        deleted.as_ref(),
    );
    let assinatura = match &webhook.subscription {
        Some(subscription) => {
            let assinatura = assinatura(subscription).map_err(refuse)?;
            if !status::subscription_status(&assinatura.status_raw).known {
                unknown_labels.push(("subscription.status", assinatura.status_raw.clone()));
            }
            Some(assinatura)
        }
        None => None,
    };
    let hashed = json!([cliente, venda, detalhe, assinatura]).to_string();
    Ok(CoinzzChange {
        cliente,
        order_number,
        venda,
        detalhe,
        assinatura,
        unknown_labels,
        payload_hash: Sha256::digest(hashed.as_bytes()).to_vec(),
    })
}

/// An integer sent as a number or a string; absent → `None`.
fn integer(field: &str, raw: Option<&str>) -> Result<Option<i64>, String> {
    raw.map(|text| {
        text.parse::<i64>()
            .map_err(|_| format!("{field} \"{text}\" não é um número inteiro"))
    })
    .transpose()
}

fn cliente(client: &Client, order_number: &str) -> CoinzzCliente {
    let keys = party::keys(
        client.client_documment.as_deref(),
        client.client_phone.as_deref(),
        client.client_email.as_deref(),
    );
    let documento = client
        .client_documment
        .as_deref()
        .and_then(Documento::parse);
    let is_cnpj = matches!(documento, Some(Documento::Cnpj(_)));
    let endereco = json!([{
        "logradouro": client.street(),
        "numero": client.client_address_number,
        "complemento": client.complement(),
        "bairro": client.client_address_district,
        "cep": client.client_zip_code,
        "cidade": client.client_address_city,
        "estado": client.client_address_state,
        "pais": client.client_address_country,
    }]);
    let party = Party {
        kind: PartyKind::Cliente,
        tipo_pessoa: documento
            .as_ref()
            .map(|_| if is_cnpj { "PJ" } else { "PF" }.to_string()),
        nome: client
            .client_name
            .clone()
            .unwrap_or_else(|| format!("Cliente do pedido {order_number}")),
        razao_social: None,
        // The document as sent; `documento` holds the canonical form when it is valid.
        cpf: client.client_documment.clone().filter(|_| !is_cnpj),
        cnpj: client.client_documment.clone().filter(|_| is_cnpj),
        documento: keys.documento.clone(),
        inscricao_estadual: None,
        inscricao_municipal: None,
        rg: None,
        data_nascimento: None,
        // The phone as sent, and its E.164 form (what the dedupe matches on).
        telefone: client.client_phone.clone(),
        celular: keys.telefone_e164.clone(),
        fax: None,
        email: client.client_email.clone(),
        ativo: true,
        vendedor_id: None,
        nome_vendedor: None,
        contatos_json: "[]".into(),
        enderecos_json: endereco.to_string(),
        cadastrado_em: None,
        modificado_em: None,
    };
    CoinzzCliente { keys, party }
}

fn venda(
    order: &Order,
    (order_status, collected): (&status::Mapped, bool),
    ordered: Option<&time::LocalTime>,
    total_centavos: i64,
    quantity: Option<i64>,
    installments: Option<i64>,
    cliente: &CoinzzCliente,
) -> Venda {
    let item = VendaItem {
        tipo: "produto",
        produto_id: None,
        variacao_id: None,
        servico_id: None,
        nome: order.product_name.clone(),
        detalhes: None,
        sigla_unidade: None,
        quantidade_milesimos: quantity.unwrap_or(1).saturating_mul(1000),
        valor_custo_centavos: 0,
        // Coinzz sends the order total only, no unit price.
        valor_venda_centavos: total_centavos,
        tipo_desconto: None,
        desconto_valor_centavos: None,
        desconto_porcentagem: None,
        valor_total_centavos: total_centavos,
    };
    Venda {
        codigo: order.order_number.clone(),
        // Filled by the store with the matched party's external id.
        cliente_id: None,
        nome_cliente: Some(cliente.party.nome.clone()),
        vendedor_id: None,
        nome_vendedor: order.affiliate_name.clone(),
        tecnico_id: None,
        nome_tecnico: None,
        data: ordered.map(|t| t.date.clone()),
        previsao_entrega: None,
        situacao_id: Some(order_status.key.to_string()),
        nome_situacao: Some(order_status.raw.clone()),
        valor_total_centavos: total_centavos,
        valor_frete_centavos: 0,
        valor_custo_centavos: 0,
        transportadora_id: None,
        nome_transportadora: None,
        centro_custo_id: None,
        nome_centro_custo: None,
        nome_canal_venda: Some("Coinzz".into()),
        loja_id: None,
        nome_loja: order.producer_name.clone(),
        condicao_pagamento: order.method_payment.clone(),
        situacao_financeiro: collected,
        situacao_estoque: false,
        forma_pagamento_id: None,
        data_primeira_parcela: None,
        numero_parcelas: installments,
        intervalo_dias: None,
        hash: None,
        aos_cuidados_de: None,
        validade: None,
        introducao: None,
        observacoes: None,
        observacoes_interna: None,
        cadastrado_em: ordered.map(|t| t.local.clone()),
        modificado_em: None,
        itens: vec![item],
        parcelas: Vec::new(),
    }
}

fn detalhe(
    webhook: &Webhook,
    (order_status, shipping_status, rank): (&status::Mapped, &status::Mapped, i64),
    (quantity, installments): (Option<i64>, Option<i64>),
    ordered: Option<&time::LocalTime>,
    deleted: Option<&time::LocalTime>,
) -> VendaCoinzz {
    let (order, utms): (&Order, &Utms) = (&webhook.order, &webhook.utms);
    VendaCoinzz {
        order_status_raw: order_status.raw.clone(),
        order_status: order_status.key,
        shipping_status_raw: order.shipping_status.clone(),
        shipping_status: shipping_status.key,
        status_rank: rank,
        method_payment: order.method_payment.clone(),
        total_installments: installments,
        tracking_code: order.tracking_code.clone(),
        product_name: order.product_name.clone(),
        order_quantity: quantity,
        utm_source: utms.utm_source.clone(),
        utm_medium: utms.utm_medium.clone(),
        utm_campaign: utms.utm_campaign.clone(),
        utm_content: utms.utm_content.clone(),
        utm_term: utms.utm_term.clone(),
        ordered_at_utc: ordered.map(|t| t.utc.clone()),
        deleted_at: deleted.map(|t| t.local.clone()),
        deleted_at_utc: deleted.map(|t| t.utc.clone()),
        first_order: order.first_order,
        second_order: order.second_order,
        postback_label: webhook.postack.clone(),
    }
}

fn assinatura(subscription: &Subscription) -> Result<Assinatura, String> {
    let hash = subscription
        .subscription_hash
        .clone()
        .ok_or("assinatura sem subscription_hash")?;
    let mapped = status::subscription_status(subscription.status.as_deref().unwrap_or_default());
    let next = subscription
        .next_charge_date
        .as_deref()
        .map(|raw| time::parse("next_charge_date", raw))
        .transpose()?;
    let next_utc = next.as_ref().map(|t| t.utc.clone());
    Ok(Assinatura {
        subscription_hash: hash,
        status_rank: format!(
            "{}|{}",
            mapped.rank,
            next_utc.as_deref().unwrap_or_default()
        ),
        status_raw: mapped.raw,
        status: mapped.key,
        frequency: subscription.frequency.clone(),
        cycle: subscription.cycle.clone(),
        next_charge_date: next.map(|t| t.local),
        next_charge_at_utc: next_utc,
    })
}
