//! Coinzz dates: `yyyy-mm-dd H:i:s` with no zone, São Paulo time (the reference's
//! assumption; Coinzz documents no zone). The local date is kept as Coinzz gave it (for a
//! venda's competência) and the instant is converted to UTC.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::America::Sao_Paulo;

/// A Coinzz timestamp, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// `YYYY-MM-DD HH:MM:SS`, São Paulo time.
    pub local: String,
    /// `YYYY-MM-DD`, São Paulo date.
    pub date: String,
    /// RFC 3339, UTC.
    pub utc: String,
}

/// Reads `"2025-09-24 18:44:06"` (a `T` separator is accepted too); `Err` is the pt-BR
/// reason.
pub fn parse(field: &str, raw: &str) -> Result<LocalTime, String> {
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("{field} \"{raw}\" não é uma data yyyy-mm-dd hh:mm:ss"))?;
    let instant = Sao_Paulo
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| format!("{field} \"{raw}\" não existe no horário de São Paulo"))?;
    Ok(LocalTime {
        local: naive.format("%Y-%m-%d %H:%M:%S").to_string(),
        date: naive.format("%Y-%m-%d").to_string(),
        utc: instant
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_evening_order_keeps_its_local_date_and_moves_to_the_next_utc_day() {
        let time = parse("date_order", "2025-09-24 22:44:06").expect("date");
        assert_eq!(time.date, "2025-09-24");
        assert_eq!(time.utc, "2025-09-25T01:44:06Z");
        assert!(parse("date_order", "24/09/2025").is_err());
    }
}
