//! Real time: webhooks that reach Ponte through our hosted relay. The relay keeps each
//! provider webhook until the desktop has pulled, applied and acknowledged it. Here are
//! the `Realtime` service (`service.rs`, what `Core::realtime` hands out): the polling
//! task, one per integration with a relay channel (`pollers.rs`, `poller.rs`); the relay
//! client and the decoding of a pulled event, its signature checked again end to end;
//! "Verificar" (`verify.rs`) and "Reprocessar" (`reprocess.rs`); opening and closing a
//! channel from the desktop (`channels.rs`); the keys the relay seals events to
//! (`sealing.rs`); and what the relay's answers mean to the
//! operator (`relay_errors.rs`: a missing channel, a refused token, a relay that is down).

mod acker;
mod channels;
mod client;
mod decode;
mod event;
mod fetcher;
mod poller;
mod pollers;
mod relay_errors;
mod relay_url;
mod replay;
mod reprocess;
mod sealing;
mod service;
mod verify;

pub use channels::{close_channel, open_channel, register_keys};
pub use client::RelayClient;
pub use event::RealtimeEvent;
pub use pollers::{RelayConnection, WebhookSetup};
pub use relay_url::relay_base_url;
pub use replay::CaughtUp;
pub use reprocess::ReprocessReport;
pub use sealing::{DesktopKeys, OpeningKeys, desktop_keys, rotate_desktop_key};
pub use service::Realtime;
pub use verify::RelayRoundTrip;
