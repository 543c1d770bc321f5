//! Where the relay's "now" comes from, and how instants are written down. The clock is
//! injectable so that secret expiry and retention can be tested without waiting hours.

use crate::error::{RelayError, Result};
use chrono::{DateTime, SecondsFormat, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// RFC 3339 in UTC with milliseconds, always the same width, so that stored instants
/// compare correctly as text: `2026-03-15T12:00:00.123Z`.
pub(crate) fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| RelayError::CorruptRecord {
            detail: format!("instante {text:?}: {error}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_at_fixed_width() {
        let at = DateTime::from_timestamp_millis(1_750_000_000_120).unwrap();
        let text = format_instant(at);
        assert_eq!(text, "2025-06-15T15:06:40.120Z");
        assert_eq!(parse_instant(&text).unwrap(), at);
        let whole = DateTime::from_timestamp(1_750_000_000, 0).unwrap();
        assert_eq!(format_instant(whole).len(), text.len());
        assert!(parse_instant("yesterday").is_err());
    }
}
