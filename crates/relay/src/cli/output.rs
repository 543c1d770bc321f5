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

pub fn channel_table(channels: &[ChannelSummary]) -> String {
    if channels.is_empty() {
        return "Nenhum canal. Crie um com `ponte-relay channel create`.\n".to_string();
    }
    let mut out = format!(
        "{:<22}{:<13}{:<11}{:<34}{:>9}{:>12}  {}\n",
        "canal", "provedor", "auth", "segredos", "backlog", "último seq", "criado em"
    );
    for channel in channels {
        out.push_str(&format!(
            "{:<22}{:<13}{:<11}{:<34}{:>9}{:>12}  {}\n",
            channel.id,
            channel.provider.as_str(),
            channel.auth_mode.as_str(),
            secrets(channel),
            channel.backlog,
            channel
                .last_seq
                .map_or("-".to_string(), |seq| seq.to_string()),
            instant(channel.created_at),
        ));
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
