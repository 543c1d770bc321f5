//! What a sandbox run is made of: seed, scale, quirk switches, fault rates, tokens and the
//! date that stands for "today".

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const DEFAULT_ACCESS_TOKEN: &str = "sandbox-access-token";
pub const DEFAULT_SECRET_TOKEN: &str = "sandbox-secret-token";

/// How much data the sandbox generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// About 4,200 records: tests and the demo.
    Small,
    /// About 22,400 records: benchmarks.
    Large,
}

/// Which `meta` shape list responses carry (`docs/providers/gestaoclick.md#envelope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetaVariant {
    /// Each resource keeps one fixed variant, as in the blueprint; the two are mixed.
    #[value(name = "per-resource")]
    PerResource,
    /// Variant A everywhere (`total_da_pagina`, no `total_paginas`).
    #[value(name = "a")]
    ForceA,
    /// Variant B everywhere (`total_paginas`, `total_registros_pagina`).
    #[value(name = "b")]
    ForceB,
}

/// Random faults applied to API routes. All zero by default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Share of requests answered 500, from 0 to 1.
    pub failure_rate: f64,
    /// Added before every API response.
    pub latency_ms: u64,
    /// Share of requests answered 200 with a truncated JSON body, from 0 to 1.
    pub malformed_rate: f64,
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub seed: u64,
    pub scale: Scale,
    /// 3 requests/s and 30,000/day per access token, answered 429 beyond.
    pub enforce_limits: bool,
    /// Counts the 3 requests/s with a GCRA (evenly paced requests pass) instead of the
    /// strictest reading, at most 3 in any window of one second, both ends included.
    pub lenient_limits: bool,
    pub faults: Faults,
    pub meta_variant: MetaVariant,
    /// List items of vendas and formas_pagamentos wrapped as `{"Venda": {...}}`.
    pub wrapped_items: bool,
    pub access_token: String,
    pub secret_token: String,
    /// Ends the 12 months of generated data and sets the titles' current-month default.
    pub today: NaiveDate,
}

impl SandboxConfig {
    pub fn new(seed: u64, scale: Scale) -> Self {
        Self {
            seed,
            scale,
            enforce_limits: true,
            lenient_limits: false,
            faults: Faults::default(),
            meta_variant: MetaVariant::PerResource,
            wrapped_items: false,
            access_token: DEFAULT_ACCESS_TOKEN.to_string(),
            secret_token: DEFAULT_SECRET_TOKEN.to_string(),
            today: today_in_sao_paulo(),
        }
    }

    /// The desktop's demo mode: the same company on every machine (seed 7, small), served
    /// at the provider's real pace. Its end-to-end test compares the app with this.
    pub fn demo() -> Self {
        Self::new(7, Scale::Small)
    }
}

/// The provider lives in Brazil: its "today" and its daily quota follow São Paulo time.
pub(crate) fn today_in_sao_paulo() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}
