//! `ponte-bench` (run by `./dev bench`): three measurements of the Gestão Click sync
//! against an in-process sandbox, each printed with its goal.
//! - Full sync at the provider's 3 req/s: elapsed ÷ (pages ÷ 3 s), and the 429s received.
//! - Full sync with the limit lifted: records per second, against a raw sqlx bulk insert of
//!   the very rows that sync wrote, in a fresh database, in the same run.
//! - A sync with nothing changed: requests per list (entity type × loja).

mod error;
mod raw_floor;
mod scenario;

use clap::Parser;
use error::BenchError;
use ponte_sandbox::Scale;

#[derive(Debug, Parser)]
#[command(about = "Benchmarks of the Gestão Click sync against the sandbox")]
struct Args {
    /// Dataset size. `large` holds 20,000 records or more.
    #[arg(long, value_enum, default_value = "large")]
    scale: Scale,
    /// Dataset seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Skips the rate-limited run (about 80 s at `large`).
    #[arg(long)]
    skip_limited: bool,
}

#[tokio::main]
async fn main() -> Result<(), BenchError> {
    let args = Args::parse();
    println!("ponte-bench: seed {}, scale {:?}", args.seed, args.scale);
    println!();
    println!("{:<48}{:>14}{:>12}  detail", "measurement", "value", "goal");
    if !args.skip_limited {
        let limited = scenario::rate_limited(args.seed, args.scale).await?;
        limited.print();
    }
    let unlimited = scenario::unlimited(args.seed, args.scale).await?;
    unlimited.print();
    Ok(())
}
