//! A settled lançamento whose `valor_total` breaks the provider's identity (`valor + juros
//! − desconto − taxa_banco − taxa_operadora`) is written as sent, flagged on its line of
//! the sync log with the difference and where it goes, and its difference lands on
//! "Outros ajustes de liquidação"; one that keeps the identity is not flagged.

use crate::support;

use ponte_core::domain::{EntityKind, Scope};
use ponte_core::providers::gestaoclick;
use ponte_core::providers::gestaoclick::mapper::map_record;
use ponte_core::reports::dre::{Basis, Comparison, DreFilters, SettlementPart};
use ponte_core::reports::{MonthRange, Reports};
use ponte_core::store::{PageWrite, RunTrigger};
use serde_json::json;

#[tokio::test]
async fn a_broken_valor_total_is_flagged_in_the_sync_log_and_kept_whole_in_the_dre() {
    let (_dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    let receipt = |id: &str, total: &str| {
        json!({
            "id": id, "descricao": "Venda", "valor": "100.00", "juros": "0.00",
            "desconto": "0.00", "taxa_banco": "0.00", "taxa_operadora": "2.50",
            "valor_total": total, "liquidado": "1", "data_competencia": "2026-03-10",
            "data_vencimento": "2026-03-10", "data_liquidacao": "2026-03-12",
            "plano_contas_id": "p1", "nome_plano_conta": "Vendas de mercadorias",
            "conta_bancaria_id": "c1", "nome_conta_bancaria": "Conta Itaú"
        })
    };
    let records: Vec<_> = [receipt("1", "97.00"), receipt("2", "97.50")]
        .iter()
        .map(|item| map_record(EntityKind::Recebimento, item, &Scope::Account).expect("maps"))
        .collect();
    let run_id = store
        .start_run(integration.id, RunTrigger::Manual)
        .await
        .expect("run");
    store
        .apply_page(PageWrite {
            integration_id: integration.id,
            provider: gestaoclick::KIND,
            entity: EntityKind::Recebimento,
            run_id,
            scan_id: None,
            records: &records,
            failures: &[],
            checkpoint: None,
        })
        .await
        .expect("applied");

    let log: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT external_id, detail FROM sync_log WHERE run_id = ? ORDER BY external_id",
    )
    .bind(run_id)
    .fetch_all(store.pool())
    .await
    .expect("log");
    let (broken, kept) = (&log[0], &log[1]);
    let note = broken.1.as_deref().expect("the broken record is flagged");
    // 97,00 arrived where 100,00 − 2,50 makes 97,50.
    assert!(note.contains("-R$ 0,50"), "{note}");
    assert!(note.contains("Outros ajustes de liquidação"), "{note}");
    assert_eq!(kept, &("2".to_string(), None));

    let march = MonthRange::new("2026-03".parse().unwrap(), "2026-03".parse().unwrap()).unwrap();
    let dre = Reports::new(store.clone())
        .dre(
            march,
            Basis::Caixa,
            Comparison::PreviousPeriod,
            &DreFilters::default(),
        )
        .await
        .expect("dre");
    let part = |part: SettlementPart| {
        dre.rows
            .iter()
            .find(|r| r.plano_external_id.as_deref() == Some(part.key()))
            .map(|r| r.total)
    };
    assert_eq!(part(SettlementPart::OutrosAjustes), Some(-50));
    assert_eq!(part(SettlementPart::TaxasOperadora), Some(-500));
}
