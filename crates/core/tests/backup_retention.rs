//! Retention over a simulated month of real backups, with the clock injected (no
//! sleeping): four scheduled backups a day from 01/11 to 30/11/2026, one taken before a
//! migration and one manual, each followed by retention as the app does. At the end
//! exactly the expected backups remain, on disk as in the list.

use crate::support;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::Sao_Paulo;
use ponte_core::backups::BackupKind;
use ponte_core::credentials::CredentialStore;
use support::open_core;

/// An instant given in São Paulo time (UTC-3, no daylight saving since 2019).
fn sao_paulo(day: u32, hour: u32) -> DateTime<Utc> {
    Sao_Paulo
        .with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid instant")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn a_month_of_backups_keeps_exactly_the_expected_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, CredentialStore::default()).await;
    let backups = core.backups();

    let mut taken = Vec::new();
    for day in 1..=30 {
        for hour in [0, 6, 12, 18] {
            taken.push((BackupKind::Scheduled, sao_paulo(day, hour)));
        }
    }
    taken.push((BackupKind::BeforeMigration, sao_paulo(5, 10)));
    taken.push((BackupKind::Manual, sao_paulo(20, 14)));
    taken.sort_by_key(|(_, at)| *at);
    for (kind, at) in taken {
        backups.create_at(kind, at).await.expect("backup taken");
    }

    // Now is Monday 30/11 18h, the last backup. With the defaults:
    // - the 3 newest: 30/11 at 18h, 12h and 06h;
    // - the newest of each of the last 10 days (21/11 to 30/11): 18h of 21/11 to 29/11
    //   (30/11 18h is already kept);
    // - the newest of each of the last 8 weeks, Monday to Sunday: 30/11 (this week),
    //   29/11, 22/11 (already kept), then 15/11, 08/11 and 01/11 (the week of 26/10);
    // - the backup before the migration of 05/11, 25 days old (kept 30 days).
    // Deleted: every other scheduled backup, and the manual one of 20/11 14h: 20/11 is
    // 10 days ago and its week's newest is 22/11 18h.
    let mut expected: Vec<(BackupKind, DateTime<Utc>)> = vec![
        (BackupKind::Scheduled, sao_paulo(30, 6)),
        (BackupKind::Scheduled, sao_paulo(30, 12)),
        (BackupKind::BeforeMigration, sao_paulo(5, 10)),
    ];
    for day in [1, 8, 15, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30] {
        expected.push((BackupKind::Scheduled, sao_paulo(day, 18)));
    }
    expected.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    assert_eq!(expected.len(), 16);

    let listed: Vec<(BackupKind, DateTime<Utc>)> = backups
        .list()
        .expect("list")
        .into_iter()
        .map(|backup| (backup.kind, backup.created_at))
        .collect();
    assert_eq!(listed, expected);
    let files = std::fs::read_dir(backups.dir()).expect("dir").count();
    assert_eq!(files, 2 * expected.len(), "a database and a manifest each");
    core.shutdown().await;
}
