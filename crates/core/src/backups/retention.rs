//! Retention, Actual-style: which backups to delete, as a pure function of the list, the
//! settings and the moment. A backup is kept when any rule keeps it:
//! - it is one of the `keep_newest` newest;
//! - it is the newest of its day, for the last `daily_days` days (today included);
//! - it is the newest of its week (Monday to Sunday), for the last `weekly_weeks` weeks;
//! - it was taken before a migration, a restore or a reset less than `guard_days` ago.
//!
//! Days and weeks are the operator's, in America/Sao_Paulo.

use super::{BackupKind, BackupSettings};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::America::Sao_Paulo;
use std::collections::HashSet;

/// What retention needs to know of one backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetainedBackup {
    pub id: String,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
}

/// The ids of the backups to delete at `now`, oldest first.
pub fn to_delete(
    backups: &[RetainedBackup],
    settings: &BackupSettings,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut newest_first: Vec<&RetainedBackup> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let today = local_day(now);
    let this_week = week_start(today);
    let mut kept: HashSet<&str> = HashSet::new();
    let mut days_seen: HashSet<NaiveDate> = HashSet::new();
    let mut weeks_seen: HashSet<NaiveDate> = HashSet::new();
    for (rank, backup) in newest_first.iter().enumerate() {
        let day = local_day(backup.created_at);
        let week = week_start(day);
        let days_ago = (today - day).num_days();
        let weeks_ago = (this_week - week).num_days() / 7;
        let first_of_day = days_seen.insert(day);
        let first_of_week = weeks_seen.insert(week);
        let keep = rank < settings.keep_newest as usize
            || (first_of_day && days_ago < i64::from(settings.daily_days))
            || (first_of_week && weeks_ago < i64::from(settings.weekly_weeks))
            || (backup.kind.guards_a_change()
                && now - backup.created_at
                    < chrono::Duration::days(i64::from(settings.guard_days)));
        if keep {
            kept.insert(backup.id.as_str());
        }
    }
    newest_first
        .iter()
        .rev()
        .filter(|backup| !kept.contains(backup.id.as_str()))
        .map(|backup| backup.id.clone())
        .collect()
}

fn local_day(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Sao_Paulo).date_naive()
}

fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// An instant given in São Paulo time (UTC-3, no daylight saving since 2019).
    fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, hour + 3, 0, 0)
            .single()
            .expect("valid test instant")
    }

    fn backup(id: &str, kind: BackupKind, created_at: DateTime<Utc>) -> RetainedBackup {
        RetainedBackup {
            id: id.into(),
            kind,
            created_at,
        }
    }

    #[test]
    fn keeps_everything_while_there_are_few() {
        let backups = [
            backup("a", BackupKind::Manual, at(11, 2, 10)),
            backup("b", BackupKind::Scheduled, at(11, 2, 11)),
        ];
        assert!(to_delete(&backups, &BackupSettings::default(), at(11, 2, 12)).is_empty());
    }

    #[test]
    fn keeps_the_three_newest_and_the_newest_of_each_day() {
        // Five backups today at 08..12 h and two yesterday: the three newest of today and
        // yesterday's newest stay; today's 08 h and 09 h and yesterday's 10 h go.
        let mut backups: Vec<RetainedBackup> = (8..13)
            .map(|hour| backup(&format!("t{hour}"), BackupKind::Scheduled, at(11, 20, hour)))
            .collect();
        backups.push(backup("y10", BackupKind::Scheduled, at(11, 19, 10)));
        backups.push(backup("y20", BackupKind::Scheduled, at(11, 19, 20)));
        let deleted = to_delete(&backups, &BackupSettings::default(), at(11, 20, 13));
        assert_eq!(deleted, ["y10", "t8", "t9"]);
    }

    #[test]
    fn a_day_older_than_the_daily_window_needs_to_be_its_weeks_newest() {
        // Now is Monday 30/11. 20/11 (Friday) is 10 days ago: outside the daily window.
        // Its week (16/11 to 22/11) has a newer backup on 21/11, so 20/11 goes; 21/11 is
        // 9 days ago and stays as its day's newest.
        let backups = [
            backup("n1", BackupKind::Scheduled, at(11, 30, 1)),
            backup("n2", BackupKind::Scheduled, at(11, 30, 2)),
            backup("n3", BackupKind::Scheduled, at(11, 30, 3)),
            backup("d21", BackupKind::Scheduled, at(11, 21, 12)),
            backup("d20", BackupKind::Scheduled, at(11, 20, 12)),
        ];
        let deleted = to_delete(&backups, &BackupSettings::default(), at(11, 30, 4));
        assert_eq!(deleted, ["d20"]);
    }

    #[test]
    fn weeks_beyond_the_weekly_window_are_deleted() {
        // Now is Monday 30/11; with 2 weekly weeks only this week and last are kept.
        let settings = BackupSettings {
            keep_newest: 0,
            daily_days: 0,
            weekly_weeks: 2,
            ..BackupSettings::default()
        };
        let backups = [
            backup("this", BackupKind::Scheduled, at(11, 30, 1)),
            backup("last", BackupKind::Scheduled, at(11, 29, 1)),
            backup("before", BackupKind::Scheduled, at(11, 22, 1)),
        ];
        assert_eq!(to_delete(&backups, &settings, at(11, 30, 2)), ["before"]);
    }

    #[test]
    fn backups_guarding_a_change_are_kept_for_their_days_only() {
        let settings = BackupSettings {
            keep_newest: 0,
            daily_days: 0,
            weekly_weeks: 0,
            ..BackupSettings::default()
        };
        let backups = [
            backup("migration", BackupKind::BeforeMigration, at(11, 1, 12)),
            backup("restore", BackupKind::BeforeRestore, at(10, 31, 11)),
            backup("reset", BackupKind::BeforeReset, at(11, 20, 12)),
            backup("manual", BackupKind::Manual, at(11, 20, 13)),
        ];
        // On 30/11 at noon, 01/11 noon is 29 days ago, 31/10 11 h is 30 days and 1 hour.
        assert_eq!(
            to_delete(&backups, &settings, at(11, 30, 12)),
            ["restore", "manual"]
        );
    }
}
