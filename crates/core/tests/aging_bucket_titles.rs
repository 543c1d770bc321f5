//! A click on an aging bucket lists its títulos: the same ones the aging sums into that
//! bucket, so the list adds up to the bucket's amount. Worked by hand on 31/03/2026.

use crate::support;

use chrono::NaiveDate;
use ponte_core::domain::{EntityKind, Scope};
use ponte_core::providers::gestaoclick;
use ponte_core::providers::gestaoclick::mapper::map_record;
use ponte_core::reports::aging::{AgingBucket, AgingSide};
use ponte_core::reports::{AgingQuery, ReportScope, Reports};
use ponte_core::store::{PageWrite, RunTrigger};
use serde_json::{Value, json};

/// A lançamento issued on 10/03/2026 (else `competencia`), of `valor`, due `due` (none
/// when empty), settled on `settled` (open when empty).
fn titulo(id: &str, valor: &str, due: &str, settled: &str, competencia: &str) -> Value {
    json!({
        "id": id, "descricao": format!("Título {id}"), "valor": valor, "juros": "0.00",
        "desconto": "0.00", "taxa_banco": "0.00", "taxa_operadora": "0.00",
        "valor_total": valor, "liquidado": if settled.is_empty() { "0" } else { "1" },
        "data_competencia": if competencia.is_empty() { "2026-03-10" } else { competencia },
        "data_vencimento": due, "data_liquidacao": settled,
        "cliente_id": format!("c{id}"), "nome_cliente": format!("Cliente {id}"),
        "plano_contas_id": "p1", "nome_plano_conta": "Vendas de mercadorias",
    })
}

/// A bucket, its amount on the aging, the amount worked by hand, and its títulos with
/// their days past due.
type BucketByHand = (AgingBucket, i64, i64, &'static [(&'static str, i64)]);

#[tokio::test]
async fn each_buckets_titulos_add_up_to_its_amount_on_the_aging() {
    let (_dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    let recebimentos = [
        titulo("a", "100.00", "2026-04-10", "", ""), // a vencer
        titulo("b", "50.00", "2026-03-31", "", ""),  // due that day: a vencer
        titulo("c", "10.00", "2026-03-30", "", ""),  // 1 day
        titulo("d", "20.00", "2026-03-01", "", ""),  // 30 days
        titulo("e", "30.00", "2026-02-28", "", ""),  // 31 days
        titulo("f", "40.00", "2025-12-01", "", ""),  // 120 days
        titulo("g", "5.00", "", "", ""),             // no due date
        titulo("h", "8.00", "2026-03-15", "2026-03-20", ""), // settled before: out
        titulo("i", "7.00", "2026-03-15", "2026-04-05", ""), // settled after: 16 days
        titulo("j", "9.00", "2026-03-01", "", "2026-04-02"), // issued after: out
    ];
    let pagamentos = [titulo("p", "1000.00", "2026-03-20", "", "")];
    let run_id = store
        .start_run(integration.id, RunTrigger::Manual)
        .await
        .expect("run");
    for (entity, items) in [
        (EntityKind::Recebimento, &recebimentos[..]),
        (EntityKind::Pagamento, &pagamentos[..]),
    ] {
        let records: Vec<_> = items
            .iter()
            .map(|item| map_record(entity, item, &Scope::Account).expect("maps"))
            .collect();
        store
            .apply_page(PageWrite {
                integration_id: integration.id,
                provider: gestaoclick::KIND,
                entity,
                run_id,
                scan_id: None,
                records: &records,
                failures: &[],
                checkpoint: None,
            })
            .await
            .expect("applied");
    }

    let reports = Reports::new(store.clone());
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).expect("date");
    let scope = ReportScope::default();
    let aging = reports
        .aging(AgingSide::Receber, as_of, &scope)
        .await
        .expect("aging");
    let query = AgingQuery {
        side: AgingSide::Receber,
        as_of: Some(as_of),
        scope,
    };
    let amounts = aging.total;
    let expected: [BucketByHand; 6] = [
        (
            AgingBucket::Current,
            amounts.current,
            15_000,
            &[("b", 0), ("a", 0)],
        ),
        (
            AgingBucket::Days1To30,
            amounts.days_1_30,
            3_700,
            &[("d", 30), ("i", 16), ("c", 1)],
        ),
        (
            AgingBucket::Days31To60,
            amounts.days_31_60,
            3_000,
            &[("e", 31)],
        ),
        (AgingBucket::Days61To90, amounts.days_61_90, 0, &[]),
        (AgingBucket::Over90, amounts.over_90, 4_000, &[("f", 120)]),
        (
            AgingBucket::NoDueDate,
            amounts.no_due_date,
            500,
            &[("g", 0)],
        ),
    ];
    let mut listed = 0;
    for (bucket, on_aging, by_hand, titles) in expected {
        assert_eq!(on_aging, by_hand, "{bucket:?} on the aging");
        let drill = reports.aging_titles(&query, bucket).await.expect("títulos");
        let got: Vec<(&str, i64)> = drill
            .titles
            .iter()
            .map(|t| (t.external_id.as_str(), t.days_past_due))
            .collect();
        assert_eq!(got, titles, "{bucket:?}");
        assert_eq!(drill.total, by_hand, "{bucket:?}");
        assert_eq!(
            drill.titles.iter().map(|t| t.valor_centavos).sum::<i64>(),
            by_hand,
            "{bucket:?}"
        );
        assert_eq!(drill.count, titles.len() as i64);
        if let Some(first) = drill.titles.first() {
            assert_eq!(first.party, format!("Cliente {}", first.external_id));
        }
        listed += drill.count;
    }
    assert_eq!(listed, aging.entries);
    assert_eq!(amounts.total, 15_000 + 3_700 + 3_000 + 4_000 + 500);
}
