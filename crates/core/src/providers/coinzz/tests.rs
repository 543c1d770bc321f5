//! The mapping of real-shaped and doc-shaped Coinzz payloads
//! (`docs/providers/coinzz.md#captured-examples`), every quirk of
//! `docs/providers/coinzz.md#payload-quirks`, and money parsing.

use super::webhooks::decode;
use crate::domain::coinzz::CoinzzChange;
use crate::providers::DecodedWebhook;
use crate::store::EventEffect;
use serde_json::{Value, json};

/// The payload captured from a live account (`docs/providers/coinzz.md#captured-examples`),
/// personal data replaced.
fn real_order() -> Value {
    json!({
      "utms": { "utm_term": null, "utm_medium": null, "utm_source": null, "utm_content": null, "utm_campaign": null },
      "order": {
        "url_pix": null, "date_order": "2025-09-24 18:44:06", "deleted_at": null, "qrcode_pix": null,
        "first_order": true, "courier_name": null, "order_number": "ordqvtpk",
        "order_status": "Aguardando envio", "product_name": "Derma Natural", "second_order": false,
        "delivery_time": null, "producer_name": "Produtor Exemplo", "tracking_code": null,
        "url_bank_slip": null, "affiliate_name": "Afiliada", "method_payment": "Venda pós-paga",
        "order_quantity": 5, "producer_email": "produtor@example.com",
        "affiliate_email": "afiliada@example.com", "affiliate_phone": "71900000000",
        "shipping_status": "A enviar", "deadline_delivery": 2, "order_final_price": "397.00",
        "total_installments": 1, "terms_and_conditions_file_path": null
      },
      "client": {
        "client_name": "Maria Exemplo de Souza", "client_email": "cliente@example.com",
        "client_phone": "+55 74900000000", "client_street": "Povoado Exemplo",
        "client_zip_code": "44620000", "client_documment": "012.345.678-90",
        "client_address_city": "Baixa Grande", "client_address_comp": "proximo ao posto",
        "client_address_state": "BA", "client_address_number": "27",
        "client_address_country": "BR", "client_address_district": "Centro"
      },
      "Postack": "STATUS PAGAMENTO PLANILHA DN"
    })
}

/// The documentation's subscription example (`docs/providers/coinzz.md#subscriptions`).
fn doc_subscription() -> Value {
    json!({
      "subscription": { "subscription_hash": "ass123456", "status": "ativa", "frequency": "Mensal",
                        "cycle": "1", "next_charge_date": "2025-05-02 18:11:48" },
      "client": { "client_name": "Felipe Santana", "client_phone": "62954544554",
                  "client_documment": "62972194004", "client_email": "cliente@example.com",
                  "client_address": "Rua Exemplo", "client_zip_code": "12345678",
                  "client_address_number": 123, "client_address_district": "Bairro Exemplo",
                  "client_address_complement": "Apartamento 456", "client_address_city": "Cidade Exemplo",
                  "client_address_state": "Estado Exemplo", "client_address_country": "BR" },
      "order": { "date_order": "2023-12-06 14:30:00", "order_number": "ORD123456",
                 "order_status": "Aprovada", "shipping_status": "Enviado", "tracking_code": "1234567890",
                 "order_quantity": 5, "product_name": "Garrafa Térmica", "order_final_price": 150.99,
                 "method_payment": "Pix", "total_installments": 1, "producer_name": "Maria Silva",
                 "producer_email": "maria@produtor.com", "affiliate_name": null, "affiliate_email": null,
                 "affiliate_phone": null, "courier_name": null, "delivery_time": null, "deleted_at": null },
      "utms": { "utm_source": null, "utm_medium": null, "utm_campaign": null, "utm_content": null, "utm_term": null },
      "general_info": { "date_sent": "2025-05-02 18:11:48", "name_sent": "Webhook de Teste" }
    })
}

fn decoded(value: &Value) -> DecodedWebhook {
    decode(&serde_json::to_vec(value).expect("json"))
}

fn change(value: &Value) -> CoinzzChange {
    match decoded(value).effect {
        EventEffect::Coinzz(change) => *change,
        other => panic!("expected a Coinzz change, got {other:?}"),
    }
}

fn reason(value: &Value) -> String {
    match decoded(value).effect {
        EventEffect::Quarantine { failure, .. } => failure.reason,
        other => panic!("expected quarantine, got {other:?}"),
    }
}

/// The state part of a derived event id, checking the content digest that follows it.
fn state_of(event_id: Option<&str>) -> &str {
    let (state, digest) = event_id
        .and_then(|id| id.split_once('#'))
        .expect("a derived id with a digest");
    assert_eq!(digest.len(), 16, "{digest}");
    assert!(digest.chars().all(|c| c.is_ascii_hexdigit()), "{digest}");
    state
}

#[test]
fn a_resend_is_a_duplicate_only_when_it_carries_nothing_new() {
    let first = decoded(&real_order()).event_id;
    // The same body, its keys in another order (serde_json writes them sorted): the
    // same event.
    let order = real_order();
    let reordered = format!(
        r#"{{"order":{},"Postack":{},"utms":{},"client":{}}}"#,
        order["order"], order["Postack"], order["utms"], order["client"]
    );
    assert_ne!(
        reordered.as_bytes(),
        serde_json::to_vec(&order).expect("json").as_slice()
    );
    assert_eq!(decode(reordered.as_bytes()).event_id, first);
    // The same state with a tracking code added: a new event of the same state.
    let mut tracked = real_order();
    tracked["order"]["tracking_code"] = json!("BR123456789");
    let second = decoded(&tracked).event_id;
    assert_ne!(second, first);
    assert_eq!(state_of(second.as_deref()), state_of(first.as_deref()));
}

#[test]
fn the_real_order_maps_with_every_quirk() {
    let decoded = decoded(&real_order());
    assert_eq!(decoded.event_type.as_deref(), Some("order"));
    assert_eq!(
        state_of(decoded.event_id.as_deref()),
        "coinzz:order:ordqvtpk|Aguardando envio|A enviar|"
    );
    let change = change(&real_order());
    let party = &change.cliente.party;
    // client_documment (sic), formatted: raw kept, canonical for matching.
    assert_eq!(party.cpf.as_deref(), Some("012.345.678-90"));
    assert_eq!(party.documento.as_deref(), Some("01234567890"));
    assert_eq!(party.tipo_pessoa.as_deref(), Some("PF"));
    // "+55 74900000000": raw kept, E.164 for matching.
    assert_eq!(party.telefone.as_deref(), Some("+55 74900000000"));
    assert_eq!(party.celular.as_deref(), Some("+5574900000000"));
    // client_street instead of client_address; client_address_comp.
    let endereco: Value = serde_json::from_str(&party.enderecos_json).expect("json");
    assert_eq!(endereco[0]["logradouro"], "Povoado Exemplo");
    assert_eq!(endereco[0]["complemento"], "proximo ao posto");
    assert_eq!(endereco[0]["numero"], "27");
    assert_eq!(endereco[0]["estado"], "BA");
    // "397.00" as a string; São Paulo date kept, instant in UTC.
    let venda = &change.venda;
    assert_eq!(venda.valor_total_centavos, 39_700);
    assert_eq!(venda.data.as_deref(), Some("2025-09-24"));
    assert_eq!(venda.cadastrado_em.as_deref(), Some("2025-09-24 18:44:06"));
    assert_eq!(venda.itens[0].quantidade_milesimos, 5_000);
    assert_eq!(venda.situacao_id.as_deref(), Some("aguardando_envio"));
    assert_eq!(venda.nome_situacao.as_deref(), Some("Aguardando envio"));
    let detalhe = &change.detalhe;
    assert_eq!(
        detalhe.ordered_at_utc.as_deref(),
        Some("2025-09-24T21:44:06Z")
    );
    assert_eq!(detalhe.shipping_status, "a_enviar");
    assert_eq!(detalhe.method_payment.as_deref(), Some("Venda pós-paga"));
    // Cash on delivery, not yet delivered: nothing collected.
    assert!(!venda.situacao_financeiro);
    assert_eq!(detalhe.tracking_code, None);
    assert_eq!(detalhe.utm_source, None);
    // The unknown root key "Postack" is ignored for parsing and kept as the label.
    assert_eq!(
        detalhe.postback_label.as_deref(),
        Some("STATUS PAGAMENTO PLANILHA DN")
    );
    assert!(change.unknown_labels.is_empty());
    assert!(change.assinatura.is_none());
}

#[test]
fn the_doc_subscription_maps_its_assinatura_and_its_quirks() {
    let decoded = decoded(&doc_subscription());
    assert_eq!(decoded.event_type.as_deref(), Some("subscription"));
    assert_eq!(
        state_of(decoded.event_id.as_deref()),
        "coinzz:subscription:ass123456|ativa|2025-05-02 18:11:48"
    );
    let change = change(&doc_subscription());
    // A JSON number price, read from its text.
    assert_eq!(change.venda.valor_total_centavos, 15_099);
    let endereco: Value = serde_json::from_str(&change.cliente.party.enderecos_json).expect("json");
    assert_eq!(endereco[0]["logradouro"], "Rua Exemplo");
    // client_address_complement, and a numeric client_address_number.
    assert_eq!(endereco[0]["complemento"], "Apartamento 456");
    // A state's full name, where the real payload has a UF: kept as sent.
    assert_eq!(endereco[0]["estado"], "Estado Exemplo");
    assert_eq!(endereco[0]["numero"], "123");
    assert_eq!(
        change.cliente.keys.telefone_e164.as_deref(),
        Some("+5562954544554")
    );
    let assinatura = change.assinatura.expect("assinatura");
    assert_eq!(assinatura.subscription_hash, "ass123456");
    assert_eq!(
        (assinatura.status, assinatura.status_raw.as_str()),
        ("ativa", "ativa")
    );
    assert_eq!(assinatura.frequency.as_deref(), Some("Mensal"));
    assert_eq!(assinatura.cycle.as_deref(), Some("1"));
    assert_eq!(
        assinatura.next_charge_at_utc.as_deref(),
        Some("2025-05-02T21:11:48Z")
    );
    assert_eq!(change.detalhe.order_status, "pago");
    assert!(change.venda.situacao_financeiro);
}

#[test]
fn prices_in_every_shape_become_centavos() {
    for (price, centavos) in [
        (json!(150.99), 15_099),
        (json!(397), 39_700),
        (json!("397.00"), 39_700),
        (json!("397,00"), 39_700),
        (json!("1.234,56"), 123_456),
        (json!(" 1234.5 "), 123_450),
        (json!(0.1), 10),
    ] {
        let mut order = real_order();
        order["order"]["order_final_price"] = price.clone();
        assert_eq!(
            change(&order).venda.valor_total_centavos,
            centavos,
            "{price}"
        );
    }
}

#[test]
fn null_emails_phones_in_any_format_and_a_cnpj_are_read() {
    let mut order = real_order();
    order["client"]["client_email"] = Value::Null;
    order["client"]["client_phone"] = json!("(62) 95454-4554");
    order["client"]["client_documment"] = json!("12.ABC.345/01DE-35");
    order["client"]["client_address_number"] = json!(27);
    let change = change(&order);
    let party = &change.cliente.party;
    assert_eq!(party.email, None);
    assert_eq!(change.cliente.keys.email, None);
    assert_eq!(party.celular.as_deref(), Some("+5562954544554"));
    assert_eq!(party.cnpj.as_deref(), Some("12.ABC.345/01DE-35"));
    assert_eq!(party.documento.as_deref(), Some("12ABC34501DE35"));
    assert_eq!(party.tipo_pessoa.as_deref(), Some("PJ"));
}

#[test]
fn a_deleted_order_is_ranked_above_everything_and_collects_nothing() {
    let mut order = doc_subscription();
    order["order"]["deleted_at"] = json!("2023-12-06 17:30:00");
    let change = change(&order);
    assert_eq!(
        change.detalhe.deleted_at.as_deref(),
        Some("2023-12-06 17:30:00")
    );
    assert_eq!(
        change.detalhe.deleted_at_utc.as_deref(),
        Some("2023-12-06T20:30:00Z")
    );
    assert!(change.detalhe.status_rank >= 1_000);
    assert!(!change.venda.situacao_financeiro);
}

#[test]
fn unknown_labels_are_kept_and_listed_for_flagging() {
    let mut order = real_order();
    order["order"]["order_status"] = json!("Em Rota de Devolução");
    order["order"]["shipping_status"] = json!("Extraviado");
    let change = change(&order);
    assert_eq!(change.detalhe.order_status_raw, "Em Rota de Devolução");
    assert_eq!(change.detalhe.order_status, "pendente");
    assert_eq!(
        change.detalhe.shipping_status_raw.as_deref(),
        Some("Extraviado")
    );
    assert_eq!(
        change.unknown_labels,
        vec![
            ("order_status", "Em Rota de Devolução".to_string()),
            ("shipping_status", "Extraviado".to_string())
        ]
    );
}

#[test]
fn bad_payloads_are_quarantined_with_a_reason_never_a_panic() {
    let mut price = real_order();
    price["order"]["order_final_price"] = json!("trezentos");
    assert!(reason(&price).contains("order_final_price"));
    let mut date = real_order();
    date["order"]["date_order"] = json!("24/09/2025 18:44");
    assert!(reason(&date).contains("date_order"));
    let mut number = real_order();
    number["order"]
        .as_object_mut()
        .expect("object")
        .remove("order_number");
    assert!(reason(&number).contains("order_number"));
    let mut quantity = real_order();
    quantity["order"]["order_quantity"] = json!("cinco");
    assert!(reason(&quantity).contains("order_quantity"));
    let mut shape = real_order();
    shape["client"] = json!("não é um objeto");
    assert!(reason(&shape).contains("formato inesperado"));
    assert!(reason(&json!({"hello": "world"})).contains("desconhecido"));
    assert!(reason(&json!([1, 2])).contains("objeto"));
    let not_json = decode(b"{order");
    assert!(matches!(not_json.effect, EventEffect::Quarantine { .. }));
}

#[test]
fn affiliation_requests_and_ponte_verify_are_only_recorded() {
    let affiliate = decoded(&json!({
        "affiliate_name": "Felipe Santana", "affiliate_email": "afiliado@email.com",
        "affiliate_phone": "62954544554", "affiliate_request": "Pendente",
        "product_name": "Produto Exemplo", "date": "2025-05-02 18:11:48"
    }));
    assert_eq!(affiliate.event_type.as_deref(), Some("affiliate_request"));
    assert!(matches!(affiliate.effect, EventEffect::Acknowledge));
    let verify = decode(&super::webhooks::verify_event("ponte-verify-1"));
    assert_eq!(verify.event_id.as_deref(), Some("ponte-verify-1"));
    assert!(matches!(verify.effect, EventEffect::Acknowledge));
}
