//! Integrations: the front door (`Integrations`, handed out by `Core::integrations`) for
//! adding, configuring, testing and removing provider accounts. `service.rs` holds the
//! operations every provider shares; `draft.rs` testing and adding from the desktop's form;
//! `checks.rs` what a name and an API address must be; `webhook.rs` adding an integration
//! whose data only arrives by webhook (Coinzz), with its own relay channel;
//! `realtime_channel.rs` "Ligar tempo real", the same for an integration that exists;
//! `relay_account.rs` the operator's account on the relay.

mod checks;
mod draft;
mod forms;
mod realtime_channel;
mod relay_account;
mod service;
mod webhook;

pub use crate::providers::gestaoclick::IntegrationDraft;
pub use crate::store::DEFAULT_SCHEDULE_MINUTES;
pub use checks::MAX_NAME_CHARS;
pub use forms::{AddedWebhookIntegration, ConnectionCheck, WebhookIntegrationDraft};
pub use relay_account::RelayAccountStatus;
pub use service::Integrations;
