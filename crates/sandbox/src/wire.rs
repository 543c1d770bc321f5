//! How values look on the wire: ids and flags as strings, timestamps without a zone, and
//! blanks where the provider sends `""` instead of `null`
//! (`docs/providers/gestaoclick.md#field-conventions`).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Serialize, Serializer};
use std::fmt;

/// A record id, served as a string (`"505"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Id(pub u64);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A boolean served as `"1"` or `"0"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flag(pub bool);

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if self.0 { "1" } else { "0" })
    }
}

/// `"YYYY-MM-DD HH:MM:SS"`, Brazil local time with no zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp(pub NaiveDateTime);

impl Timestamp {
    pub fn date(self) -> NaiveDate {
        self.0.date()
    }

    pub fn next_second(self) -> Timestamp {
        Timestamp(self.0 + TimeDelta::seconds(1))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d %H:%M:%S").fmt(f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A value the provider sends as `""` when absent, where other fields use `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrBlank<T>(pub Option<T>);

impl<T: Serialize> Serialize for OrBlank<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(value) => value.serialize(serializer),
            None => serializer.serialize_str(""),
        }
    }
}
