//! `BackupSettings`: how often the scheduled backup runs and what retention keeps, with
//! the defaults the operator gets until they change them (stored as one preference).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct BackupSettings {
    /// Hours between scheduled backups while the app runs.
    pub interval_hours: u32,
    /// The newest backups always kept, whatever their age.
    pub keep_newest: u32,
    /// One backup a day (the day's newest) is kept for this many days, today included.
    pub daily_days: u32,
    /// One backup a week (the week's newest, weeks from Monday) for this many weeks.
    pub weekly_weeks: u32,
    /// Backups taken before a migration, a restore or a reset are kept this many days.
    pub guard_days: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            interval_hours: 6,
            keep_newest: 3,
            daily_days: 10,
            weekly_weeks: 8,
            guard_days: 30,
        }
    }
}

impl BackupSettings {
    /// The interval between scheduled backups; at least an hour, whatever is stored.
    pub fn interval(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.interval_hours.max(1)))
    }
}
