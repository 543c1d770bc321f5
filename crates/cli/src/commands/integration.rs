//! `ponte integration add|list|test|credentials|remove|permitir-alteracoes`.

use super::{coinzz, print_json};
use crate::args::{AddArgs, IntegrationCommand, ProviderArg};
use crate::error::CliError;
use crate::tokens::read_credentials;
use ponte_core::Core;
use ponte_core::credentials::Credentials;
use ponte_core::integrations::DEFAULT_SCHEDULE_MINUTES;
use ponte_core::providers::ConnectionReport;
use ponte_core::providers::display_name_of;
use ponte_core::providers::gestaoclick::{self, DEFAULT_BASE_URL};
use ponte_core::store::{Integration, IntegrationSettings, NewIntegration};
use serde::Serialize;

pub async fn run(core: &Core, command: IntegrationCommand) -> Result<(), CliError> {
    match command {
        IntegrationCommand::Add(args) => match args.provider {
            ProviderArg::Gestaoclick => add_gestao_click(core, args).await,
            ProviderArg::Coinzz => coinzz::add(core, args).await,
        },
        IntegrationCommand::List(output) => {
            let integrations = core.integrations().list().await?;
            if output.json {
                print_json(&integrations);
            } else if integrations.is_empty() {
                println!("Nenhuma integração cadastrada.");
            } else {
                for i in integrations {
                    let schedule = match i.schedule_interval_minutes {
                        Some(minutes) => format!("a cada {minutes} min"),
                        None => "agendamento desligado".to_string(),
                    };
                    println!(
                        "{}\t{}\t{}\t{schedule}",
                        i.name,
                        display_name_of(&i.provider),
                        i.base_url
                    );
                }
            }
            Ok(())
        }
        IntegrationCommand::Test(name) => {
            let integration = core.integrations().by_name(&name.name).await?;
            let report = core
                .integrations()
                .test_connection(integration.id, None)
                .await?;
            println!("{}", report.message());
            Ok(())
        }
        IntegrationCommand::Credentials(name) => {
            let integration = core.integrations().by_name(&name.name).await?;
            let credentials = read_credentials()?;
            // Proved before they replace working ones.
            let report = core
                .integrations()
                .set_credentials(integration.id, &credentials)
                .await?;
            println!("Tokens substituídos. {}", report.message());
            Ok(())
        }
        IntegrationCommand::PermitirAlteracoes(args) => {
            let integration = core.integrations().by_name(&args.name).await?;
            core.integrations()
                .set_allow_writes(integration.id, !args.desligar)
                .await?;
            if args.desligar {
                println!(
                    "Alterações desligadas para \"{}\": a Ponte só lê desta integração.",
                    integration.name
                );
            } else {
                println!(
                    "Alterações permitidas para \"{}\": `ponte lancamento` grava no Gestão Click.",
                    integration.name
                );
            }
            Ok(())
        }
        IntegrationCommand::Remove(name) => {
            let integration = core.integrations().by_name(&name.name).await?;
            core.integrations().remove(integration.id).await?;
            println!(
                "Integração \"{}\" removida, com seus dados e tokens.",
                integration.name
            );
            Ok(())
        }
    }
}

/// What `integration add gestaoclick --json` prints: no connection report when the
/// integration was added without tokens.
#[derive(Serialize)]
struct Added<'a> {
    integration: &'a Integration,
    connection: Option<&'a ConnectionReport>,
}

async fn add_gestao_click(core: &Core, args: AddArgs) -> Result<(), CliError> {
    let stored: Option<Credentials> = if args.no_store_credentials {
        None
    } else {
        Some(read_credentials()?)
    };
    let new = NewIntegration {
        provider: gestaoclick::KIND,
        name: args.name,
        base_url: args
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string()),
        settings: IntegrationSettings {
            allow_writes: args.permitir_alteracoes,
            ..IntegrationSettings::default()
        },
        schedule_interval_minutes: Some(DEFAULT_SCHEDULE_MINUTES),
    };
    if let Some(credentials) = stored {
        // Proved before anything is kept: tokens that do not work add nothing.
        let (integration, report) = core
            .integrations()
            .add_with_tokens(new, credentials)
            .await?;
        return print_added(&integration, &report, args.output.json);
    }
    let integration = core.integrations().add(new, None).await?;
    if !core.sync().credentials().has_override() {
        if args.output.json {
            print_json(&Added {
                integration: &integration,
                connection: None,
            });
            return Ok(());
        }
        println!(
            "Integração \"{}\" cadastrada sem tokens: defina PONTE_GESTAOCLICK_ACCESS_TOKEN e PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN ao sincronizar.",
            integration.name
        );
        return Ok(());
    }
    // Tokens from the environment: proved now, and the integration is not kept without.
    match core
        .integrations()
        .test_connection(integration.id, None)
        .await
    {
        Ok(report) => print_added(&integration, &report, args.output.json),
        Err(error) => {
            core.integrations().remove(integration.id).await?;
            Err(error.into())
        }
    }
}

fn print_added(
    integration: &Integration,
    report: &ConnectionReport,
    json: bool,
) -> Result<(), CliError> {
    if json {
        print_json(&Added {
            integration,
            connection: Some(report),
        });
    } else {
        println!(
            "Integração \"{}\" cadastrada. {}",
            integration.name,
            report.message()
        );
    }
    Ok(())
}
