//! `ponte-bench` (run by `./dev bench`): measurements printed with their goals, each as a
//! ratio against a floor measured in the same run.
//! - Sync (against an in-process sandbox):
//!   - full sync at the provider's 3 req/s against a strict provider (the sandbox admits at
//!     most 3 requests in any window of one second): elapsed ÷ (pages ÷ 3 s), and the 429s
//!     received;
//!   - full sync with the limit lifted: records per second, against a raw sqlx bulk insert
//!     of the very rows that sync wrote, in a fresh database;
//!   - a sync with nothing changed: requests per list (entity type × loja).
//! - Relay (the real relay in-process, signed webhooks over loopback, a desktop core with
//!   its relay poller):
//!   - ingest with 64 concurrent clients: requests per second against an axum hello-world,
//!     and p99 latency, for one relay on SQLite, one on PostgreSQL and two on PostgreSQL
//!     (the throwaway cluster `./dev bench` starts, fsync on);
//!   - the cost of sealing: ingest with it ÷ without it;
//!   - webhook POST → row in the desktop's SQLite: p50 and p99, through one relay on
//!     SQLite and through two on PostgreSQL, while 1,000 webhooks a second go to other
//!     channels of the relay (and without them, for information);
//!   - draining a backlog of 200,000 events: events per second against a raw sqlx insert
//!     of the same inbox rows;
//!   - draining a Coinzz backlog (the sandbox's unsigned Coinzz webhooks on a url-token
//!     channel, about 50,000 events from 16,500 orders): events per second against a raw
//!     sqlx insert of the rows the drain left.
//! - DRE (a store of 1,000,000 lançamentos): the 12-month DRE, warm and after a mapping
//!   change, against `SELECT count(*)`; what its triggers cost the writes.
//! - Reports (the same kind of store, with vendas): the fluxo de caixa, the aging, the
//!   vendas and the indicadores against `SELECT count(*)`.
//! - Backup (a store of 1,000,000 lançamentos): a verified backup against a plain copy of
//!   the file with its fsync; the latency of the app's writes while a backup runs, against
//!   the same writes with none running.
//! - Write-back (the sandbox at the strict 3 req/s): reclassifying 1,000 lançamentos
//!   through the outbox, elapsed ÷ ((GETs + PUTs) ÷ 3 s), and the 429s received.
//! - Desktop (release ponte-desktop under Xvfb against an empty Tauri 2 window built the
//!   same way, bench/empty-window): launch to first paint, idle memory after the demo
//!   sync, release binary size.

mod backup;
mod desktop;
mod dre;
mod error;
mod ledger;
mod raw_floor;
mod relay;
mod report;
mod reports;
mod rows;
mod scenario;
mod writeback;

use clap::{Parser, ValueEnum};
use error::BenchError;
use ponte_sandbox::Scale;
use std::process::ExitCode;

/// A group of benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Group {
    /// The sync against the sandbox.
    Sync,
    /// The webhook relay and the desktop's relay poller.
    Relay,
    /// The DRE over a million lançamentos.
    Dre,
    /// The fluxo de caixa, aging, vendas and indicadores over a million lançamentos.
    Reports,
    /// A backup of a million lançamentos, and the app's writes while it runs.
    Backup,
    /// Corrigir na origem: 1,000 reclassifications written back at 3 requests/s.
    Writeback,
    /// The desktop app against an empty window (needs the release ponte-desktop and
    /// empty-window, Xvfb unless DISPLAY is set, and dbus-daemon).
    Desktop,
}

#[derive(Debug, Parser)]
#[command(
    about = "Benchmarks of Ponte: the Gestão Click sync against the sandbox, the webhook relay, and the desktop app against an empty Tauri window"
)]
struct Args {
    /// Runs only this group.
    #[arg(long, value_enum)]
    only: Option<Group>,
    /// Skips the desktop measurements (about 2 minutes).
    #[arg(long, conflicts_with = "only")]
    skip_desktop: bool,
    /// Skips the relay measurements (about 2 minutes with the 200,000-event backlog and the
    /// 50,000-event Coinzz one).
    #[arg(long, conflicts_with = "only")]
    skip_relay: bool,
    /// Dataset size. `large` holds 20,000 records or more.
    #[arg(long, value_enum, default_value = "large")]
    scale: Scale,
    /// Dataset seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Skips the rate-limited run (about 80 s at `large`).
    #[arg(long)]
    skip_limited: bool,
    #[command(flatten)]
    relay: relay::Options,
    #[command(flatten)]
    dre: dre::Options,
    #[command(flatten)]
    reports: reports::Options,
    #[command(flatten)]
    backup: backup::Options,
    #[command(flatten)]
    writeback: writeback::Options,
    #[command(flatten)]
    desktop: desktop::Options,
}

impl Args {
    fn runs(&self, group: Group) -> bool {
        match self.only {
            Some(only) => only == group,
            None => match group {
                Group::Sync => true,
                Group::Relay => !self.skip_relay,
                Group::Dre => true,
                Group::Reports => true,
                Group::Backup => true,
                Group::Writeback => true,
                Group::Desktop => !self.skip_desktop,
            },
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Display, not Debug: the messages say what to do.
            eprintln!("ponte-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<(), BenchError> {
    if args.runs(Group::Sync) {
        println!("ponte-bench: seed {}, scale {:?}", args.seed, args.scale);
    }
    if args.runs(Group::Relay) {
        let relay = &args.relay;
        println!(
            "ponte-bench: relay, {} signed POSTs × {} clients, {} webhooks every {} ms (then again under {}/s on {} other channels), backlog of {} events, Coinzz backlog of {} orders",
            relay.requests,
            relay.clients,
            relay.events,
            relay.pace_ms,
            relay.background_rate,
            relay.background_channels,
            relay.backlog,
            relay.coinzz_orders
        );
    }
    if args.runs(Group::Desktop) {
        println!(
            "ponte-bench: desktop, {} timed launches each, {} s idle",
            args.desktop.launches, args.desktop.idle_secs
        );
    }
    println!();
    report::print_header();
    if args.runs(Group::Sync) {
        if !args.skip_limited {
            let limited = scenario::rate_limited(args.seed, args.scale).await?;
            limited.print();
        }
        let unlimited = scenario::unlimited(args.seed, args.scale).await?;
        unlimited.print();
    }
    if args.runs(Group::Relay) {
        relay::run(&args.relay).await?;
    }
    if args.runs(Group::Dre) {
        report::Report(dre::run(&args.dre).await?).print();
    }
    if args.runs(Group::Reports) {
        report::Report(reports::run(&args.reports).await?).print();
    }
    if args.runs(Group::Backup) {
        report::Report(backup::run(&args.backup).await?).print();
    }
    if args.runs(Group::Writeback) {
        writeback::run(&args.writeback, args.seed, args.scale)
            .await?
            .print();
    }
    if args.runs(Group::Desktop) {
        // Blocking work (processes, /proc, sleeps), off the runtime's workers.
        let options = args.desktop.clone();
        let report = tokio::task::spawn_blocking(move || desktop::run(&options)).await??;
        report.print();
    }
    Ok(())
}
