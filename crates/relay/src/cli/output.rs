//! What the channel commands print for a person, in pt-BR. The `--json` forms serialize
//! the library's types instead.

use chrono::{DateTime, Utc};
use ponte_relay::store::ChannelSummary;
use ponte_relay::{ChannelCredentials, RotatedSecret};

pub fn created(created: &ChannelCredentials) -> String {
    format!(
        "Canal {id} criado ({provider}, {auth}).\n\n\
         URL do webhook (cole no painel do provedor):\n  {url}\n\
         Segredo do webhook:\n  {secret}\n\
         Token de leitura (para a Ponte, em Tempo real):\n  {token}\n\n\
         Guarde o segredo e o token agora: eles não serão mostrados de novo.\n",
        id = created.channel_id,
        provider = created.provider,
        auth = created.auth_mode,
        url = created.ingest_url,
        secret = created.secret,
        token = created.pull_token,
    )
}

pub fn rotated(rotated: &RotatedSecret) -> String {
    format!(
        "Novo segredo do canal {id}:\n  {secret}\n\
         URL do webhook:\n  {url}\n\n\
         O segredo anterior vale até {until}. Troque-o no painel do provedor antes disso.\n",
        id = rotated.channel_id,
        secret = rotated.secret,
        url = rotated.ingest_url,
        until = instant(rotated.previous_valid_until),
    )
}

/// Columns as wide as their widest cell plus a gap, so a long id (a hand-made channel's,
/// say) never runs into the provider. Text is left-aligned, numbers right-aligned.
pub fn channel_table(channels: &[ChannelSummary]) -> String {
    if channels.is_empty() {
        return "Nenhum canal. Crie um com `ponte-relay channel create`.\n".to_string();
    }
    const HEADER: [&str; 7] = [
        "canal",
        "provedor",
        "auth",
        "segredos",
        "backlog",
        "último seq",
        "criado em",
    ];
    const RIGHT_ALIGNED: [bool; 7] = [false, false, false, false, true, true, false];
    let rows: Vec<[String; 7]> = channels
        .iter()
        .map(|channel| {
            [
                channel.id.clone(),
                channel.provider.as_str().to_string(),
                channel.auth_mode.as_str().to_string(),
                secrets(channel),
                channel.backlog.to_string(),
                channel
                    .last_seq
                    .map_or("-".to_string(), |seq| seq.to_string()),
                instant(channel.created_at),
            ]
        })
        .collect();
    let mut widths = HEADER.map(|title| title.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 7]| {
        let mut out = String::new();
        for (column, cell) in cells.iter().enumerate() {
            let width = widths[column];
            if column > 0 {
                out.push_str("  ");
            }
            if column == cells.len() - 1 {
                out.push_str(cell);
            } else if RIGHT_ALIGNED[column] {
                out.push_str(&format!("{cell:>width$}"));
            } else {
                out.push_str(&format!("{cell:<width$}"));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(HEADER);
    for row in &rows {
        out.push_str(&line(row.each_ref().map(String::as_str)));
    }
    out
}

/// "1", or "2 (um expira 2026-03-16 12:00 UTC)" during an overlap.
fn secrets(channel: &ChannelSummary) -> String {
    let next_expiry = channel
        .secrets
        .iter()
        .filter_map(|secret| secret.expires_at)
        .min();
    match next_expiry {
        Some(at) => format!("{} (um expira {})", channel.secrets.len(), instant(at)),
        None => channel.secrets.len().to_string(),
    }
}

fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_webhooks::{AuthMode, Provider};

    fn summary(id: &str) -> ChannelSummary {
        ChannelSummary {
            id: id.to_string(),
            provider: Provider::GestaoClick,
            auth_mode: AuthMode::UrlToken,
            created_at: DateTime::UNIX_EPOCH,
            secrets: Vec::new(),
            acked_seq: 0,
            backlog: 12,
            last_seq: Some(12),
        }
    }

    #[test]
    fn a_long_id_never_runs_into_the_provider_column() {
        let long = "ch_".to_string() + &"x".repeat(60);
        let table = channel_table(&[summary("ch_short"), summary(&long)]);
        let lines: Vec<&str> = table.lines().collect();
        let provider_at = lines[0].find("provedor").unwrap();
        for line in &lines[1..] {
            assert_eq!(line.find("gestaoclick"), Some(provider_at), "{table}");
            assert_eq!(&line[provider_at - 2..provider_at], "  ", "{table}");
        }
        assert!(lines[2].starts_with(&long));
    }
}
