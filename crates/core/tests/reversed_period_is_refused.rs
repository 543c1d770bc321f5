//! A period whose first month comes after its last is refused by every report that takes
//! one, with the same pt-BR message and its next step, instead of quietly answering with
//! an empty report. The requests are the JSON the desktop sends, over a real SQLite store.

use ponte_core::Error;
use ponte_core::reports::{ReportRequest, Reports};
use ponte_core::store::Store;
use serde_json::json;

const REVERSED: &str = "Valor inválido em período: o mês inicial (03/2026) é depois do final (01/2026); troque os meses";

fn request(report: &str, extra: serde_json::Value) -> ReportRequest {
    let scope = json!({ "integration_id": null, "loja": null, "centro_custo": null });
    let mut query = json!({ "from": "2026-03", "to": "2026-01", "scope": scope });
    if report == "dre" {
        query = json!({
            "from": "2026-03",
            "to": "2026-01",
            "basis": "competencia",
            "comparison": "previous_period",
            "filters": { "integration_id": null, "loja": null, "centro_custo": null, "include_money_moves": false },
        });
    }
    for (key, value) in extra.as_object().into_iter().flatten() {
        query[key] = value.clone();
    }
    serde_json::from_value(json!({ "report": report, "query": query })).expect("a request")
}

#[tokio::test]
async fn every_report_over_a_period_refuses_a_reversed_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("ponte.db"))
        .await
        .expect("store");
    let reports = Reports::new(store);
    let requests = [
        request("dre", json!({})),
        request("indicadores", json!({})),
        request("conferencia", json!({})),
        request("fluxo_caixa", json!({ "granularity": "monthly" })),
        request("vendas", json!({ "grouping": { "period": "monthly" } })),
    ];
    for asked in requests {
        let error = reports
            .report_table(&asked)
            .await
            .expect_err("a reversed period is refused");
        assert!(
            matches!(
                error,
                Error::InvalidInput {
                    field: "período",
                    ..
                }
            ),
            "{asked:?}: {error:?}"
        );
        assert_eq!(error.to_string(), REVERSED, "{asked:?}");
    }
}
