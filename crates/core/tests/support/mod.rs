//! Shared setup for the core's loopback tests: a sandbox on an ephemeral port, a core over
//! a real SQLite file in a temp dir, and the comparison of the mirror with the sandbox's
//! own summary of its dataset.

pub mod dre_fixture;
pub mod relay;
pub mod secrets;

use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::domain::EntityKind;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{
    EntityTotals, Integration, IntegrationSettings, NewIntegration, RunOutcome, RunTrigger, Store,
};
use ponte_core::sync::{RunHandle, RunResult, SyncEvent};
use ponte_core::{Core, CoreOptions};
use ponte_sandbox::{DatasetSummary, RunningSandbox, Sandbox, SandboxConfig, Scale};
use std::collections::BTreeMap;
use tempfile::TempDir;

pub struct Harness {
    pub sandbox: RunningSandbox,
    pub core: Core,
    pub integration: Integration,
    pub dir: TempDir,
}

/// A store in a temp dir with one Gestão Click integration named `name` (never reached:
/// its address is a closed port), for tests that write their own rows.
pub async fn store_with_gestaoclick(name: &str) -> (TempDir, Store, Integration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("ponte.db"))
        .await
        .expect("store");
    let integration = store
        .create_integration(
            &NewIntegration {
                provider: gestaoclick::KIND,
                name: name.into(),
                base_url: "http://127.0.0.1:9".into(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            ponte_core::providers::provider_for(&gestaoclick::KIND)
                .expect("provider")
                .traits(),
        )
        .await
        .expect("integration");
    (dir, store, integration)
}

/// Settings for tests against a sandbox without limits: fast retries, short timeouts.
pub fn fast_settings() -> IntegrationSettings {
    IntegrationSettings {
        requests_per_second: 1_000,
        max_attempts: 4,
        retry_min_delay_ms: 5,
        timeout_ms: 2_000,
        ..IntegrationSettings::default()
    }
}

/// A small dataset served without rate limits (the 429 path has its own tests).
pub fn small_unlimited(seed: u64) -> SandboxConfig {
    let mut config = SandboxConfig::new(seed, Scale::Small);
    config.enforce_limits = false;
    config
}

pub fn sandbox_credentials(config: &SandboxConfig) -> Credentials {
    Credentials::new(&config.access_token, &config.secret_token).expect("sandbox tokens")
}

/// Starts a sandbox, opens a core in a temp dir, and registers one integration for it.
/// The tokens reach the core as a process override, as the headless CLI's env vars do;
/// the keyring has its own test.
pub async fn harness(config: SandboxConfig, settings: IntegrationSettings) -> Harness {
    let credentials = sandbox_credentials(&config);
    harness_with_credentials(config, settings, credentials).await
}

/// As `harness`, with the tokens the core sends.
pub async fn harness_with_credentials(
    config: SandboxConfig,
    settings: IntegrationSettings,
    credentials: Credentials,
) -> Harness {
    let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sandbox starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, CredentialStore::default().with_override(credentials)).await;
    let integration = core
        .integrations()
        .add(
            NewIntegration {
                provider: gestaoclick::KIND,
                name: "Sandbox".into(),
                base_url: sandbox.base_url(),
                settings,
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("integration added");
    Harness {
        sandbox,
        core,
        integration,
        dir,
    }
}

pub async fn open_core(dir: &TempDir, credentials: CredentialStore) -> Core {
    Core::open(CoreOptions {
        data_dir: dir.path().to_path_buf(),
        credentials,
    })
    .await
    .expect("core opens")
}

impl Harness {
    /// A manual "Sincronizar Agora", waited to the end.
    pub async fn sync(&self) -> RunResult {
        let handle = self
            .core
            .sync()
            .start(self.integration.id, RunTrigger::Manual)
            .await
            .expect("starts");
        handle.wait().await
    }

    pub async fn totals(&self) -> BTreeMap<EntityKind, EntityTotals> {
        self.core
            .store()
            .entity_totals(self.integration.id)
            .await
            .expect("totals")
    }

    /// Asserts the mirror holds exactly the sandbox's live dataset.
    pub async fn assert_mirrors_sandbox(&self) {
        assert_mirrors(&self.sandbox.handle().summary(), &self.totals().await);
    }

    /// Runs a sync and calls `act` once `entity` has committed `pages` pages: to cancel it
    /// or to inject a fault mid-list.
    pub async fn sync_acting_after(
        &self,
        entity: EntityKind,
        pages: u32,
        act: impl FnOnce(&Harness, &RunHandle),
    ) -> RunResult {
        let mut events = self.core.sync().subscribe();
        let handle = self
            .core
            .sync()
            .start(self.integration.id, RunTrigger::Manual)
            .await
            .expect("starts");
        while let Ok(event) = events.recv().await {
            if let SyncEvent::Progress {
                entity: e, page, ..
            } = event
                && e == entity
                && page >= pages
            {
                act(self, &handle);
                break;
            }
        }
        handle.wait().await
    }
}

pub fn assert_succeeded(result: &RunResult) {
    assert_eq!(
        result.outcome,
        RunOutcome::Succeeded,
        "{:?}",
        result.error_message
    );
}

/// The sandbox's resource name for each entity kind.
pub fn resource(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Loja => "lojas",
        EntityKind::PlanoConta => "planos_contas",
        EntityKind::CentroCusto => "centros_custos",
        EntityKind::ContaBancaria => "contas_bancarias",
        EntityKind::FormaPagamento => "formas_pagamentos",
        EntityKind::Cliente => "clientes",
        EntityKind::Fornecedor => "fornecedores",
        EntityKind::Venda => "vendas",
        EntityKind::Recebimento => "recebimentos",
        EntityKind::Pagamento => "pagamentos",
    }
}

/// Counts and amount sums, per entity and per loja, must be equal.
pub fn assert_mirrors(summary: &DatasetSummary, totals: &BTreeMap<EntityKind, EntityTotals>) {
    for kind in EntityKind::ALL {
        let expected = summary
            .entities
            .get(resource(kind))
            .unwrap_or_else(|| panic!("sandbox summary lacks {}", resource(kind)));
        let actual = totals.get(&kind).cloned().unwrap_or_default();
        assert_eq!(actual.count, expected.count, "count of {}", resource(kind));
        assert_eq!(
            actual.sum_centavos,
            expected.sum_centavos,
            "sum of {}",
            resource(kind)
        );
        let expected_per_loja: BTreeMap<String, (u64, i64)> = expected
            .per_loja
            .iter()
            .map(|(loja, s)| (loja.clone(), (s.count, s.sum_centavos)))
            .collect();
        assert_eq!(
            actual.per_loja,
            expected_per_loja,
            "per loja of {}",
            resource(kind)
        );
    }
}

/// The provider's page size the client asks for.
pub const PAGE_SIZE: u64 = 100;

impl Harness {
    /// Every list holds either all of its records or whole pages of them: no page was
    /// half applied.
    pub async fn assert_whole_pages(&self) {
        let summary = self.sandbox.handle().summary();
        let totals = self.totals().await;
        for kind in EntityKind::ALL {
            let expected = &summary.entities[resource(kind)];
            let actual = totals.get(&kind).cloned().unwrap_or_default();
            if expected.per_loja.is_empty() {
                assert!(
                    actual.count == expected.count || actual.count % PAGE_SIZE == 0,
                    "{}: {} of {} records",
                    resource(kind),
                    actual.count,
                    expected.count
                );
            }
            for (loja, want) in &expected.per_loja {
                let have = actual.per_loja.get(loja).map_or(0, |(count, _)| *count);
                assert!(
                    have == want.count || have % PAGE_SIZE == 0,
                    "{} of loja {loja}: {have} of {} records",
                    resource(kind),
                    want.count
                );
            }
        }
    }
}

/// Whether the Secret Service tests can run: `./dev test` sets `PONTE_KEYRING_TESTS` after
/// unlocking a throwaway gnome-keyring, and CI must run them.
pub fn keyring_available() -> bool {
    if std::env::var("PONTE_KEYRING_TESTS").as_deref() == Ok("1") {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must run the keyring tests: use ./dev test, which starts gnome-keyring"
    );
    eprintln!("keyring tests skipped: run them with ./dev test");
    false
}

/// The DRE's monthly sums (kept by triggers) equal a recount from `lancamentos`, on both
/// bases and for every settlement part (one plain select per part, written apart from the
/// triggers), row by row, and the totals without loja and centro equal their sum.
pub async fn assert_dre_sums_are_a_recount(pool: &sqlx::SqlitePool) {
    type Sum = (i64, String, String, String, String, String, i64, i64, i64);
    let kept: Vec<Sum> = sqlx::query_as(
        "SELECT integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id,
                centavos, entries, income_entries
         FROM dre_monthly WHERE entries <> 0 ORDER BY 1, 2, 3, 4, 5, 6",
    )
    .fetch_all(pool)
    .await
    .expect("kept sums");
    let recount: Vec<Sum> = sqlx::query_as(
        "WITH settled AS (
           SELECT *, substr(data_liquidacao, 1, 7) AS month, coalesce(loja_id, '') AS loja,
                  coalesce(centro_custo_id, '') AS centro, tipo = 'recebimento' AS income,
                  CASE tipo WHEN 'recebimento' THEN 1 ELSE -1 END AS sign,
                  valor_total_centavos - valor_centavos - juros_centavos + desconto_centavos
                    + taxa_banco_centavos + taxa_operadora_centavos AS unexplained
           FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1 AND data_liquidacao IS NOT NULL
         )
         SELECT integration_id, basis, month, plano, loja, centro, sum(centavos), count(*), sum(income)
         FROM (
           SELECT integration_id, 'competencia' AS basis, substr(data_competencia, 1, 7) AS month,
                  coalesce(plano_contas_id, '') AS plano, coalesce(loja_id, '') AS loja,
                  coalesce(centro_custo_id, '') AS centro,
                  CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END AS centavos,
                  tipo = 'recebimento' AS income
           FROM lancamentos WHERE deactivated_at IS NULL AND data_competencia IS NOT NULL
           UNION ALL
           SELECT integration_id, 'caixa', substr(data_liquidacao, 1, 7), coalesce(plano_contas_id, ''),
                  coalesce(loja_id, ''), coalesce(centro_custo_id, ''),
                  CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END,
                  tipo = 'recebimento'
           FROM settled
           UNION ALL
           SELECT integration_id, 'caixa', month, CASE tipo WHEN 'recebimento'
                    THEN ':juros_recebidos' ELSE ':juros_pagos' END, loja, centro, sign * juros_centavos, income
           FROM settled WHERE juros_centavos <> 0
           UNION ALL
           SELECT integration_id, 'caixa', month, CASE tipo WHEN 'recebimento'
                    THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END, loja, centro,
                  -sign * desconto_centavos, income
           FROM settled WHERE desconto_centavos <> 0
           UNION ALL
           SELECT integration_id, 'caixa', month, ':tarifas_bancarias', loja, centro,
                  -sign * taxa_banco_centavos, income
           FROM settled WHERE taxa_banco_centavos <> 0
           UNION ALL
           SELECT integration_id, 'caixa', month, ':taxas_operadora', loja, centro,
                  -sign * taxa_operadora_centavos, income
           FROM settled WHERE taxa_operadora_centavos <> 0
           UNION ALL
           SELECT integration_id, 'caixa', month, ':outros_ajustes', loja, centro,
                  sign * unexplained, income
           FROM settled WHERE unexplained <> 0
         )
         GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6",
    )
    .fetch_all(pool)
    .await
    .expect("recount");
    assert!(!recount.is_empty(), "nothing to compare");
    assert_eq!(kept, recount, "the kept DRE sums drifted from the entries");

    type Total = (String, String, i64, String, i64, i64, i64);
    let totals: Vec<Total> = sqlx::query_as(
        "SELECT basis, month, integration_id, plano_contas_id, centavos, entries, income_entries
         FROM dre_monthly_totals WHERE entries <> 0 ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(pool)
    .await
    .expect("kept totals");
    let summed: Vec<Total> = sqlx::query_as(
        "SELECT basis, month, integration_id, plano_contas_id, sum(centavos), sum(entries),
                sum(income_entries)
         FROM dre_monthly GROUP BY 1, 2, 3, 4 HAVING sum(entries) <> 0 ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(pool)
    .await
    .expect("summed");
    assert_eq!(totals, summed, "the totals without loja and centro drifted");
}
