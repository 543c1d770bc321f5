//! "Incluir nos relatórios": a Coinzz integration created beside a Gestão Click one is left
//! out of the reports by default (its vendas are usually in the ERP too), an integration
//! switched off stops counting in the DRE and the other reports of all integrations, an
//! explicit filter still shows it, and every report's heading names what it includes.

use crate::support;

use ponte_core::domain::ProviderKind;
use ponte_core::providers::coinzz;
use ponte_core::reports::dre::{Basis, Comparison, DreFilters, DreLine, DreQuery};
use ponte_core::reports::sales::SalesGrouping;
use ponte_core::reports::{ReportRequest, ReportScope, Reports, SalesQuery};
use ponte_core::store::{IntegrationSettings, NewIntegration, Store};
use support::dre_fixture::{fixture, jan_feb};

async fn add(store: &Store, provider: ProviderKind, name: &str) -> i64 {
    let traits = ponte_core::providers::provider_for(&provider)
        .expect("provider")
        .traits();
    store
        .create_integration(
            &NewIntegration {
                provider,
                name: name.into(),
                base_url: "http://127.0.0.1:9".into(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            traits,
        )
        .await
        .expect("integration")
        .id
}

async fn venda(store: &Store, integration: i64, id: &str, valor: i64) {
    sqlx::query(
        "INSERT INTO vendas (integration_id, external_id, data, nome_situacao, valor_total_centavos,
            valor_frete_centavos, valor_custo_centavos, situacao_financeiro, situacao_estoque)
         VALUES (?, ?, '2026-01-10', 'Concretizada', ?, 0, 0, 0, 0)",
    )
    .bind(integration)
    .bind(id)
    .bind(valor)
    .execute(store.pool())
    .await
    .expect("venda");
}

fn dre_query(integration_id: Option<i64>) -> DreQuery {
    DreQuery {
        from: "2026-01".parse().unwrap(),
        to: "2026-02".parse().unwrap(),
        basis: Basis::Competencia,
        comparison: Comparison::PreviousPeriod,
        filters: DreFilters {
            integration_id,
            ..DreFilters::default()
        },
    }
}

#[tokio::test]
async fn only_integrations_included_in_the_reports_count_unless_one_is_chosen() {
    let (_dir, store, erp) = fixture().await;
    // Created after the ERP: left out by default.
    let coinzz = add(&store, coinzz::KIND, "Coinzz").await;
    assert!(!store.integration(coinzz).await.unwrap().include_in_reports);
    assert!(store.integration(erp).await.unwrap().include_in_reports);

    venda(&store, erp, "v1", 10_000).await;
    venda(&store, coinzz, "c1", 7_000).await;
    let sales = |integration_id| {
        let reports = Reports::new(store.clone());
        async move {
            reports
                .sales(
                    jan_feb(),
                    SalesGrouping::Canal,
                    &ReportScope {
                        integration_id,
                        ..ReportScope::default()
                    },
                )
                .await
                .unwrap()
                .total
                .revenue
        }
    };
    assert_eq!(sales(None).await, 10_000);
    assert_eq!(sales(Some(coinzz)).await, 7_000);
    store.set_include_in_reports(coinzz, true).await.unwrap();
    assert_eq!(sales(None).await, 17_000);

    // The ERP switched off: the DRE of all integrations is empty; chosen, it is whole
    // (Lucro Líquido 1.605,00, as in tests/dre.rs).
    store.set_include_in_reports(erp, false).await.unwrap();
    let lucro = |query: DreQuery| {
        let reports = Reports::new(store.clone());
        async move {
            reports
                .dre_for(&query)
                .await
                .unwrap()
                .row(DreLine::LucroLiquido)
                .map(|row| row.total)
        }
    };
    assert_eq!(lucro(dre_query(None)).await, Some(0));
    assert_eq!(lucro(dre_query(Some(erp))).await, Some(160_500));

    // The heading says which sources count and which are left out.
    let request = ReportRequest::Vendas(SalesQuery {
        from: "2026-01".parse().unwrap(),
        to: "2026-02".parse().unwrap(),
        grouping: SalesGrouping::Canal,
        scope: ReportScope::default(),
    });
    let about = Reports::new(store.clone())
        .report_table(&request)
        .await
        .unwrap()
        .about;
    // The integration named once, under the right word: its name already says its provider.
    assert_eq!(
        about.first().map(String::as_str),
        Some("Integração: Coinzz")
    );
    assert!(about.iter().any(|l| l == "Fontes: Coinzz"), "{about:?}");
    assert!(
        about
            .iter()
            .any(|l| l.starts_with("Fora dos relatórios: Loja (Gestão Click)")),
        "{about:?}"
    );
}

#[tokio::test]
async fn a_coinzz_integration_alone_counts_in_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("ponte.db")).await.unwrap();
    let coinzz = add(&store, coinzz::KIND, "Coinzz").await;
    assert!(store.integration(coinzz).await.unwrap().include_in_reports);
}
