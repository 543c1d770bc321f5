//! Where each relay channel's newest event is: the seq a reset moves the real-time cursor
//! to. The relay has no "newest" question, so this pages through what waits after the
//! channel's cursor without acknowledging anything, and keeps the last seq seen.

use crate::context::ServiceContext;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::realtime::RelayClient;
use std::time::Duration;

/// Events read per page while looking for the newest.
const PAGE: u32 = 500;

/// `(integration id, newest seq)` of every relay channel. A relay that cannot be asked
/// is an error: the reset must not run with cursors it could not move.
pub(super) async fn newest_relay_seqs(
    context: &ServiceContext,
) -> Result<Vec<(IntegrationId, i64)>> {
    let mut heads = Vec::new();
    for channel in context.store.relay_channels().await? {
        let integration = context.store.integration(channel.integration_id).await?;
        let secrets = context.credentials.load_relay(&integration).await?;
        let client = RelayClient::new(&channel.relay_url, &channel.channel, secrets.pull_token)?;
        let mut after = channel.cursor;
        loop {
            let page = client.pull(after, PAGE, Duration::ZERO).await?;
            if page.events.is_empty() || page.next_after <= after {
                break;
            }
            after = page.next_after;
        }
        heads.push((channel.integration_id, after));
    }
    Ok(heads)
}
