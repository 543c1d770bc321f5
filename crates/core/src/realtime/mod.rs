//! Real time: webhooks that reach Ponte through our hosted relay. The relay keeps each
//! provider webhook until the desktop has pulled, applied and acknowledged it; here are
//! the relay client, the decoding of a pulled event (signature checked again end to end)
//! and the polling task, one per integration with a relay channel; and opening and
//! closing a channel from the desktop.

mod acker;
mod channels;
mod client;
mod decode;
mod fetcher;
mod poller;

pub use channels::{close_channel, open_channel};
pub use client::RelayClient;
pub use fetcher::Fetcher;
pub use poller::{Poller, RealtimeEvent};
