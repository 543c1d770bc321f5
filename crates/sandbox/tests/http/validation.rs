//! Bad filter values and unknown ids are answered like the provider's validation errors:
//! 404 with `data.mensagem`.

use super::{config, get, start};
use reqwest::StatusCode;

#[tokio::test]
async fn bad_filter_values_get_404_with_mensagem() {
    let sandbox = start(config()).await;
    for path in [
        "/recebimentos?data_inicio=2026-13-01",
        "/pagamentos?data_fim=15/03/2026",
        "/vendas?loja_id=abc",
        "/vendas?loja_id=1",
        "/pagamentos?valor_inicio=muito",
        "/clientes?tipo_pessoa=XX",
        "/planos_contas?tipo=Z",
        "/clientes?pagina=dois",
    ] {
        let answer = get(&sandbox, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        let body = answer.json();
        assert_eq!(body["code"], 404, "{path}");
        assert_eq!(body["data"]["erro"], "Not Found", "{path}");
        assert!(
            !body["data"]["mensagem"].as_str().unwrap().is_empty(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_ids_and_resources_get_the_not_found_body() {
    let sandbox = start(config()).await;
    for path in ["/clientes/1", "/vendas/abc", "/nada"] {
        let answer = get(&sandbox, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(answer.json()["data"]["mensagem"].is_string());
    }
}
