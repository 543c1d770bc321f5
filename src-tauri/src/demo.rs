//! Demo mode: the Gestão Click sandbox runs in this process on loopback, and a
//! "Gestão Click (demonstração)" integration points at it. Its tokens are the sandbox's
//! fixed pair, held in memory, so the demo needs neither credentials nor a keyring.

use crate::error::IpcError;
use ponte_core::Core;
use ponte_core::credentials::Credentials;
use ponte_core::domain::ProviderKind;
use ponte_core::draft::DEFAULT_SCHEDULE_MINUTES;
use ponte_core::store::{IntegrationSettings, NewIntegration};
use ponte_sandbox::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, RunningSandbox, Sandbox, SandboxConfig,
};
use std::net::{Ipv4Addr, SocketAddr};

pub const DEMO_INTEGRATION_NAME: &str = "Gestão Click (demonstração)";

/// Starts the sandbox on a free loopback port and (re)points the demo integration at it.
pub async fn start(core: &Core) -> Result<RunningSandbox, IpcError> {
    let sandbox = Sandbox::start(SandboxConfig::demo(), SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .map_err(|error| IpcError {
            code: "demo_sandbox".into(),
            message: format!(
                "Não foi possível iniciar o simulador da demonstração na interface de loopback ({error}). Verifique se 127.0.0.1 está disponível."
            ),
        })?;
    let base_url = sandbox.base_url();
    let integration = match core
        .store()
        .integration_by_name(DEMO_INTEGRATION_NAME)
        .await
    {
        Ok(existing) => {
            core.store().set_base_url(existing.id, &base_url).await?;
            core.store().integration(existing.id).await?
        }
        Err(ponte_core::Error::IntegrationNotFound { .. }) => {
            let new = NewIntegration {
                provider: ProviderKind::GestaoClick,
                name: DEMO_INTEGRATION_NAME.to_string(),
                base_url,
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: Some(DEFAULT_SCHEDULE_MINUTES),
            };
            core.add_integration(new, None).await?
        }
        Err(other) => return Err(other.into()),
    };
    let tokens = Credentials::new(DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN)?;
    core.sync()
        .credentials()
        .hold_in_memory(&integration, tokens);
    tracing::info!(addr = %sandbox.addr(), "demonstração: sandbox do Gestão Click no ar");
    Ok(sandbox)
}
