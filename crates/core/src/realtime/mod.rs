//! Real time: webhooks that reach Ponte through our hosted relay. The relay keeps each
//! provider webhook until the desktop has pulled, applied and acknowledged it; here are
//! the relay client, the decoding of a pulled event (signature checked again end to end)
//! and the polling task, one per integration with a relay channel.

mod acker;
mod client;
mod decode;
mod fetcher;
mod poller;

pub use client::RelayClient;
pub use fetcher::Fetcher;
pub use poller::{Poller, RealtimeEvent};
