//! The list envelope `{code, status, meta, data}`: both `meta` variants (and the hybrid),
//! every meta key optional, and list items possibly wrapped as `{"Venda": {...}}`; and the
//! single-record one (GET/PUT by id), whose `data` is the record.

use serde_json::Value;

/// One page of a list, with what the meta says about the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub items: Vec<Value>,
    pub total_records: Option<u64>,
    pub total_pages: Option<u32>,
    pub has_more: bool,
}

/// Reads a list response for page `page`. `None` when the body is not a list envelope.
pub fn parse_list(body: &Value, page: u32) -> Option<ListPage> {
    let items: Vec<Value> = body
        .get("data")?
        .as_array()?
        .iter()
        .map(unwrap_item)
        .collect();
    let meta = body.get("meta");
    let number = |key: &str| meta.and_then(|m| m.get(key)).and_then(as_u64);
    let total_records = number("total_registros");
    let per_page = number("limite_por_pagina").filter(|n| *n > 0);
    let total_pages = number("total_paginas")
        .or_else(|| Some(total_records?.div_ceil(per_page?)))
        .map(|n| n.min(u64::from(u32::MAX)) as u32);
    let next_page = number("proxima_pagina");
    // A page past the end comes back empty: that is the safety net against a wrong meta.
    let has_more =
        !items.is_empty() && (next_page.is_some() || total_pages.is_some_and(|t| page < t));
    Some(ListPage {
        items,
        total_records,
        total_pages,
        has_more,
    })
}

/// The record in a single-record answer, unwrapped like list items. `None` when `data` is
/// not an object with an `id`.
pub fn parse_record(body: &Value) -> Option<Value> {
    let record = unwrap_item(body.get("data")?);
    record.get("id").is_some().then_some(record)
}

fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// vendas items may arrive wrapped as {"Venda": {..}} (seen in the probing third-party
/// client, see `docs/providers/gestaoclick.md#wrapped-items`): one key whose value is an
/// object holding `id`.
fn unwrap_item(item: &Value) -> Value {
    if let Some(object) = item.as_object()
        && object.len() == 1
        && let Some(Value::Object(inner)) = object.values().next()
        && inner.contains_key("id")
    {
        return Value::Object(inner.clone());
    }
    item.clone()
}

/// The provider's `mensagem` in a `{"data": {"erro", "mensagem"}}` error body.
pub fn error_message(body: &Value) -> Option<String> {
    let data = body.get("data")?;
    data.get("mensagem")
        .and_then(Value::as_str)
        .or_else(|| data.as_str())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn meta_variant_a_computes_pages_from_totals() {
        let body = json!({"code": 200, "status": "success", "meta": {
            "total_registros": 27, "total_da_pagina": 20, "pagina_atual": 1, "limite_por_pagina": 20,
            "pagina_anterior": null, "url_anterior": null, "proxima_pagina": 2, "proxima_url": "/api/estados?pagina=2"
        }, "data": [{"id": "1"}]});
        let page = parse_list(&body, 1).expect("a list");
        assert_eq!(page.total_records, Some(27));
        assert_eq!(page.total_pages, Some(2));
        assert!(page.has_more);
    }

    #[test]
    fn meta_variant_b_reads_total_paginas() {
        let body = json!({"code": 200, "status": "success", "meta": {
            "total_registros": 2, "total_paginas": 1, "total_registros_pagina": 2, "pagina_atual": 1,
            "limite_por_pagina": 20, "pagina_anterior": null, "url_anterior": null, "proxima_pagina": null, "proxima_url": null
        }, "data": [{"id": "1"}, {"id": "2"}]});
        let page = parse_list(&body, 1).expect("a list");
        assert_eq!(page.total_pages, Some(1));
        assert!(!page.has_more);
    }

    #[test]
    fn missing_meta_and_empty_data_stop_paging() {
        let page = parse_list(&json!({"data": []}), 3).expect("a list");
        assert_eq!(
            page,
            ListPage {
                items: vec![],
                total_records: None,
                total_pages: None,
                has_more: false
            }
        );
        let lying_meta = json!({"meta": {"proxima_pagina": 5}, "data": []});
        assert!(!parse_list(&lying_meta, 4).expect("a list").has_more);
    }

    #[test]
    fn wrapped_items_are_unwrapped_and_plain_ones_kept() {
        let body = json!({"data": [{"Venda": {"id": "505", "codigo": "795"}}, {"id": "506"}, {"x": {"no_id": 1}}]});
        let page = parse_list(&body, 1).expect("a list");
        assert_eq!(page.items[0], json!({"id": "505", "codigo": "795"}));
        assert_eq!(page.items[1], json!({"id": "506"}));
        assert_eq!(page.items[2], json!({"x": {"no_id": 1}}));
    }

    #[test]
    fn a_record_is_read_flat_or_wrapped() {
        let flat = json!({"code": 200, "status": "success", "data": {"id": "7", "valor": "10.00"}});
        assert_eq!(
            parse_record(&flat),
            Some(json!({"id": "7", "valor": "10.00"}))
        );
        let wrapped = json!({"data": {"recebimento": {"id": "7"}}});
        assert_eq!(parse_record(&wrapped), Some(json!({"id": "7"})));
        assert_eq!(
            parse_record(&json!({"data": "Cliente excluido com sucesso"})),
            None
        );
        assert_eq!(parse_record(&json!({"data": {"valor": "1"}})), None);
        assert_eq!(parse_record(&json!({"code": 200})), None);
    }

    #[test]
    fn not_an_envelope_is_none() {
        assert_eq!(
            parse_list(&json!({"data": "Cliente excluido com sucesso"}), 1),
            None
        );
        assert_eq!(parse_list(&json!([1, 2]), 1), None);
    }

    #[test]
    fn validation_error_body_yields_the_mensagem() {
        let body = json!({"code": 404, "status": "error", "data": {"erro": "Not Found", "mensagem": "O campo nome é obrigatório"}});
        assert_eq!(
            error_message(&body).as_deref(),
            Some("O campo nome é obrigatório")
        );
        let rate =
            json!({"code": 429, "status": "error", "data": "O limite de requisicoes foi atingido"});
        assert_eq!(
            error_message(&rate).as_deref(),
            Some("O limite de requisicoes foi atingido")
        );
    }
}
