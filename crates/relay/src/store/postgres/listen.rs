//! The LISTEN side of the notices: one connection per relay, parsing what `pg_notify`
//! sent (`e:SEQ:CHANNEL` for committed events, `c:CHANNEL` for a changed channel) into
//! `Notice`s, until the relay stops.

use super::NOTICE_CHANNEL;
use crate::error::Result;
use crate::store::Notice;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Notices queued for the relay before the listener waits on it.
const QUEUE: usize = 1_024;
/// How long to wait before listening again after the database refused.
const RETRY: Duration = Duration::from_secs(1);

pub(super) async fn notices(
    pool: &PgPool,
    stop: CancellationToken,
) -> Result<mpsc::Receiver<Notice>> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(NOTICE_CHANNEL).await?;
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(async move {
        loop {
            let notice = tokio::select! {
                () = stop.cancelled() => return,
                received = listener.try_recv() => match received {
                    Ok(Some(notification)) => parse(notification.payload()),
                    // The connection dropped and was opened again (and LISTENs again):
                    // whatever was sent in between is lost.
                    Ok(None) => Some(Notice::Reconnected),
                    Err(sqlx::Error::PoolClosed) => return,
                    Err(error) => {
                        tracing::warn!(%error, "lost the database notices; listening again");
                        tokio::select! {
                            () = stop.cancelled() => return,
                            () = tokio::time::sleep(RETRY) => Some(Notice::Reconnected),
                        }
                    }
                },
            };
            if let Some(notice) = notice
                && sender.send(notice).await.is_err()
            {
                return;
            }
        }
    });
    Ok(receiver)
}

/// `None` for a payload this version does not know (a newer relay's, say): ignored.
fn parse(payload: &str) -> Option<Notice> {
    let (kind, rest) = payload.split_once(':')?;
    match kind {
        "e" => {
            let (seq, channel) = rest.split_once(':')?;
            Some(Notice::Committed {
                channel: channel.to_string(),
                seq: seq.parse().ok()?,
            })
        }
        "c" => Some(Notice::ChannelChanged {
            channel: rest.to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_into_notices_and_unknown_ones_are_ignored() {
        assert_eq!(
            parse("e:42:ch_a:b"),
            Some(Notice::Committed {
                channel: "ch_a:b".to_string(),
                seq: 42
            })
        );
        assert_eq!(
            parse("c:ch_x"),
            Some(Notice::ChannelChanged {
                channel: "ch_x".to_string()
            })
        );
        assert_eq!(parse("e:x:ch"), None);
        assert_eq!(parse("z:ch"), None);
        assert_eq!(parse("nothing"), None);
    }
}
