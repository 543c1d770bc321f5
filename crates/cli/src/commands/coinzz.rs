//! `ponte integration add coinzz`: Coinzz has no API to sync from, so adding it opens the
//! integration's own channel on the relay account and shows the operator the webhook URL
//! to paste into Coinzz's panel, step by step.

use super::print_json;
use crate::args::AddArgs;
use crate::error::CliError;
use ponte_core::Core;
use ponte_core::integrations::{AddedWebhookIntegration, WebhookIntegrationDraft};
use ponte_core::providers::coinzz;
use ponte_core::store::Integration;
use serde::Serialize;

pub async fn add(core: &Core, args: AddArgs) -> Result<(), CliError> {
    // Refused rather than ignored: an operator who passes them expects them to matter.
    if args.base_url.is_some() {
        return Err(CliError::GestaoClickOnly {
            option: "--base-url",
        });
    }
    if args.no_store_credentials {
        return Err(CliError::GestaoClickOnly {
            option: "--no-store-credentials",
        });
    }
    if args.permitir_alteracoes {
        return Err(CliError::GestaoClickOnly {
            option: "--permitir-alteracoes",
        });
    }
    let added = core
        .integrations()
        .add_webhook_integration(WebhookIntegrationDraft {
            provider: coinzz::KIND,
            name: args.name,
        })
        .await?;
    if args.output.json {
        print_json(&Added::from(&added));
    } else {
        print!("{}", steps(&added.integration.name, &added.webhook.url));
    }
    Ok(())
}

/// `AddedWebhookIntegration` without `webhook.secret`: in url-token mode the secret is the
/// URL's last segment, so printing it apart only adds a second copy to leak.
#[derive(Serialize)]
struct Added<'a> {
    integration: &'a Integration,
    webhook: Webhook<'a>,
}

#[derive(Serialize)]
struct Webhook<'a> {
    url: &'a str,
    auth_mode: &'a str,
}

impl<'a> From<&'a AddedWebhookIntegration> for Added<'a> {
    fn from(added: &'a AddedWebhookIntegration) -> Self {
        Added {
            integration: &added.integration,
            webhook: Webhook {
                url: &added.webhook.url,
                auth_mode: added.webhook.auth_mode.as_str(),
            },
        }
    }
}

/// The same steps the desktop shows after "Adicionar Coinzz".
fn steps(name: &str, url: &str) -> String {
    format!(
        "Integração \"{name}\" adicionada, com um canal próprio no relay.
No painel da Coinzz:
  1. Abra a configuração de webhooks (postback) e cadastre um novo webhook.
  2. Cole esta URL (ela já contém o segredo do canal; não a compartilhe):
     {url}
  3. Marque os eventos de pedidos e de assinaturas e salve.
Depois rode `ponte relay verify \"{name}\"` para testar o caminho, e `ponte follow` (ou o app aberto) para receber os pedidos.
"
    )
}
