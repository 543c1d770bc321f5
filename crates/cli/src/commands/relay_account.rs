//! `ponte relay account set|show`: the relay account Ponte opens the channels of
//! webhook-only integrations (Coinzz) with. The token goes to the keyring and is never
//! shown, not even in `--json`.

use super::print_json;
use crate::args::{OutputArgs, RelayAccountArgs, RelayAccountCommand};
use crate::error::CliError;
use crate::tokens::read_relay_account_token;
use ponte_core::Core;

pub async fn run(core: &Core, command: RelayAccountCommand) -> Result<(), CliError> {
    match command {
        RelayAccountCommand::Set(args) => set(core, args).await,
        RelayAccountCommand::Show(output) => show(core, output).await,
    }
}

async fn set(core: &Core, args: RelayAccountArgs) -> Result<(), CliError> {
    let token = read_relay_account_token()?;
    let typed = token.is_some();
    let status = core
        .integrations()
        .set_relay_account(&args.url, token)
        .await?;
    if args.output.json {
        print_json(&status);
        return Ok(());
    }
    let url = status.relay_url.as_deref().unwrap_or_default();
    match (typed, status.token_saved) {
        (true, _) => println!("Conta do relay salva: {url}, com o token no chaveiro."),
        (false, true) => println!("Endereço do relay salvo: {url}. O token já salvo foi mantido."),
        (false, false) => {
            println!(
                "Endereço do relay salvo: {url}, mas ainda falta o token da conta: rode de novo e informe-o."
            );
            return Ok(());
        }
    }
    println!("Adicione uma integração Coinzz com `ponte integration add coinzz --name NOME`.");
    Ok(())
}

async fn show(core: &Core, output: OutputArgs) -> Result<(), CliError> {
    let status = core.integrations().relay_account_status().await?;
    if output.json {
        print_json(&status);
        return Ok(());
    }
    println!(
        "Relay: {}",
        status
            .relay_url
            .as_deref()
            .unwrap_or("nenhum endereço salvo")
    );
    println!(
        "Token da conta: {}",
        if status.token_saved {
            "salvo no chaveiro"
        } else {
            "não salvo"
        }
    );
    if status.relay_url.is_none() || !status.token_saved {
        println!("Salve-os com `ponte relay account set --url URL`.");
    }
    Ok(())
}
