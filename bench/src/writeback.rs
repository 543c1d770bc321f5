//! Corrigir na origem at the provider's pace: reclassifying 1,000 lançamentos through the
//! outbox against the sandbox holding the strict 3 requests/s, timed from the request to
//! the last change written, against the floor of the requests it took (each change is a
//! read and a write) ÷ 3 s; and the 429s the provider answered.

use crate::error::BenchError;
use crate::report::{Report, line};
use crate::scenario::{PROVIDER_RPS, at_rate, setup};
use ponte_core::store::{IntegrationSettings, OutboxState};
use ponte_core::writeback::{ChangeRequest, LancamentoChange, Reclassificacao};
use ponte_sandbox::Scale;
use std::time::Instant;

#[derive(Debug, Clone, clap::Args)]
#[group(id = "writeback-options")]
pub struct Options {
    /// Lançamentos reclassified by the write-back benchmark (about 0.7 s each at 3 req/s).
    #[arg(long = "writeback-changes", default_value_t = 1_000)]
    pub changes: u32,
}

pub async fn run(options: &Options, seed: u64, scale: Scale) -> Result<Report, BenchError> {
    // The mirror is filled first with the limits lifted; the measured part is strict.
    let setup = setup(
        seed,
        scale,
        false,
        IntegrationSettings {
            allow_writes: true,
            ..at_rate(10_000)
        },
    )
    .await?;
    setup.timed_sync().await?;
    let (core, sandbox, integration_id) = (&setup.core, &setup.sandbox, setup.integration_id);
    // From here on, the provider's pace on both sides.
    sqlx::query("UPDATE integrations SET settings = json_set(settings, '$.requests_per_second', ?) WHERE id = ?")
        .bind(PROVIDER_RPS)
        .bind(integration_id)
        .execute(core.store().pool())
        .await?;
    core.sync().forget_limiter(integration_id);
    sandbox.handle().set_enforce_limits(true);

    // Each lançamento moves to the busiest plano de contas of its kind other than its own.
    let targets: Vec<(i64, String)> = sqlx::query_as(
        "WITH busiest AS (
            SELECT tipo, plano_contas_id, row_number() OVER (
                PARTITION BY tipo ORDER BY count(*) DESC) AS rank
            FROM lancamentos WHERE plano_contas_id <> '' GROUP BY tipo, plano_contas_id)
         SELECT l.id, (SELECT b.plano_contas_id FROM busiest b
                       WHERE b.tipo = l.tipo AND b.plano_contas_id <> l.plano_contas_id
                       ORDER BY b.rank LIMIT 1)
         FROM lancamentos l
         WHERE l.deactivated_at IS NULL AND l.plano_contas_id <> ''
         ORDER BY l.id LIMIT ?",
    )
    .bind(options.changes)
    .fetch_all(core.store().pool())
    .await?;
    sandbox.handle().reset_request_counts();
    core.writeback().start();
    let started = Instant::now();
    let mut queued = Vec::with_capacity(targets.len());
    for (id, plano) in &targets {
        queued.extend(
            core.writeback()
                .request(ChangeRequest {
                    lancamento_ids: vec![*id],
                    change: LancamentoChange::Reclassificar(Reclassificacao {
                        plano_contas_id: Some(plano.clone()),
                        centro_custo_id: None,
                    }),
                    priority: None,
                })
                .await?,
        );
    }
    let items = core.writeback().settled(&queued).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let done = items
        .iter()
        .filter(|item| item.state == OutboxState::Done)
        .count();
    let requests = sandbox.handle().request_count();
    let floor = requests as f64 / f64::from(PROVIDER_RPS);
    let report = Report(vec![
        line(
            "write-back: elapsed ÷ ((GETs + PUTs) ÷ 3 s)",
            format!("{:.3}", elapsed / floor),
            "≤ 1.05",
            format!(
                "{done} of {} reclassified, {requests} requests, {elapsed:.1} s vs {floor:.1} s",
                items.len()
            ),
        ),
        line(
            "write-back: 429 answers",
            sandbox.handle().rate_limited_count().to_string(),
            "0",
            String::new(),
        ),
    ]);
    core.shutdown().await;
    Ok(report)
}
