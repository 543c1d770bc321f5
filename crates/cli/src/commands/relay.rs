//! `ponte relay open`, `ponte relay connect`, `ponte relay verify`,
//! `ponte relay chave-recuperacao` and `ponte follow`: real time without a window.

use super::print_json;
use crate::args::{ConnectArgs, NameArg, OutputArgs, RecoveryKeyArgs, UseRecoveryKeyArgs};
use crate::error::CliError;
use crate::tokens::read_relay_secrets;
use ponte_core::Core;
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::RelayChannel;
use ponte_webhooks::AuthMode;
use tokio::sync::broadcast::error::RecvError;

pub async fn connect(core: &Core, args: ConnectArgs) -> Result<(), CliError> {
    let integration = core.integrations().by_name(&args.name).await?;
    let secrets = read_relay_secrets()?;
    let channel = RelayChannel {
        integration_id: integration.id,
        relay_url: args.relay,
        channel: args.channel,
        auth_mode: args.auth,
        cursor: 0,
    };
    core.realtime().connect_relay(&channel, &secrets).await?;
    println!(
        "Integração \"{}\" ligada ao canal {} do relay {}. Rode `ponte follow` para receber os eventos.",
        integration.name, channel.channel, channel.relay_url
    );
    Ok(())
}

/// The CLI's "Ligar tempo real": a new channel on the relay account, and what to paste
/// into the provider's webhook screen.
pub async fn open(core: &Core, args: NameArg) -> Result<(), CliError> {
    let integration = core.integrations().by_name(&args.name).await?;
    let webhook = core.integrations().enable_realtime(integration.id).await?;
    let secret = webhook.secret.expose();
    let field = match webhook.auth_mode {
        AuthMode::Bearer => format!(
            "\n  Cabeçalho Authorization (contém o segredo; não o compartilhe):\n     Bearer {secret}"
        ),
        AuthMode::Hmac | AuthMode::Standard => {
            format!("\n  Segredo de assinatura (não o compartilhe):\n     {secret}")
        }
        // The URL already holds the secret.
        AuthMode::UrlToken => String::new(),
    };
    println!(
        "Tempo real de \"{name}\" ligado, com um canal próprio no relay.
No painel de webhooks do provedor, cadastre um novo webhook com:
  URL:
     {url}{field}
Depois rode `ponte relay verify \"{name}\"` para testar o caminho, e `ponte follow` (ou o app aberto) para receber os eventos.",
        name = integration.name,
        url = webhook.url,
    );
    Ok(())
}

/// Follows the relay in this process for the round trip, so it works with or without a
/// `ponte follow` or a desktop running; whichever takes the event first, the inbox
/// records it once.
pub async fn verify(core: &Core, args: NameArg) -> Result<(), CliError> {
    let integration = core.integrations().by_name(&args.name).await?;
    core.realtime().spawn_relay_pollers().await?;
    let trip = core.realtime().verify_relay(integration.id).await?;
    println!(
        "Evento de teste {} foi e voltou pelo relay em {} ms: o tempo real de \"{}\" funciona.",
        trip.event_id, trip.round_trip_ms, integration.name
    );
    Ok(())
}

/// The recovery key of the sealed events: its secret to a new file, never to the screen.
pub async fn recovery_key(core: &Core, args: RecoveryKeyArgs) -> Result<(), CliError> {
    let key_id = core.realtime().export_recovery_key(&args.file).await?;
    println!(
        "Chave de recuperação {key_id} gravada em {}. Guarde o arquivo fora deste computador: quem o tiver lê os eventos selados. Os canais desta instalação selam também para ela.",
        args.file.display()
    );
    Ok(())
}

/// The recovery key read back, after the keyring's key was lost.
pub async fn use_recovery_key(core: &Core, args: UseRecoveryKeyArgs) -> Result<(), CliError> {
    let key_id = core.realtime().use_recovery_key(&args.file).await?;
    println!(
        "Chave de recuperação {key_id} em uso: os eventos selados para ela abrem de novo. Para os que estão em quarentena, use \"Reprocessar\" em Tempo real."
    );
    Ok(())
}

pub async fn follow(core: &Core, output: OutputArgs) -> Result<(), CliError> {
    let mut events = core.realtime().subscribe();
    if core.realtime().spawn_relay_pollers().await? == 0 {
        return Err(CliError::NoRelayChannels);
    }
    if !output.json {
        eprintln!("Recebendo eventos em tempo real. Ctrl-C para parar.");
    }
    loop {
        let event = tokio::select! {
            _ = tokio::signal::ctrl_c() => return Ok(()),
            event = events.recv() => event,
        };
        match event {
            Ok(event) if output.json => print_json(&event),
            Ok(event) => println!("{}", describe(&event)),
            Err(RecvError::Lagged(missed)) => tracing::debug!(missed, "follow: avisos pulados"),
            Err(RecvError::Closed) => return Ok(()),
        }
    }
}

fn describe(event: &RealtimeEvent) -> String {
    match event {
        RealtimeEvent::Applied {
            integration_id,
            applied,
            stale,
            quarantined,
            duplicates,
            backlog,
        } => format!(
            "integração {integration_id}: {applied} aplicados, {stale} antigos, {quarantined} em quarentena, {duplicates} repetidos; {backlog} esperando no relay"
        ),
        RealtimeEvent::RelayDown {
            integration_id,
            error,
            ..
        } => format!("integração {integration_id}: relay indisponível ({error})"),
        RealtimeEvent::RelayUp { integration_id } => {
            format!("integração {integration_id}: relay de volta")
        }
    }
}
