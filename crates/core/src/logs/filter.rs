//! Which lines a reader wants: a minimum level, one integration, and text that the line
//! contains ignoring case and accents (the `grep -i WEBHOOK` habit), plus a page size.

use super::line::{LogLevel, LogLine};
use crate::domain::IntegrationId;
use crate::format::fold_accents;
use serde::{Deserialize, Serialize};

/// Lines a page shows when the reader does not say.
pub const DEFAULT_LIMIT: u32 = 500;
/// The most lines one page returns.
pub const MAX_LIMIT: u32 = 5_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LogQuery {
    /// Only lines at least this serious; unparsed lines have no level and are left out.
    pub level: Option<LogLevel>,
    /// Only lines that name this integration.
    pub integration_id: Option<IntegrationId>,
    /// Only lines containing this text, ignoring case and accents.
    pub text: Option<String>,
    /// How many lines, newest first (default 500, at most 5.000).
    pub limit: Option<u32>,
}

impl LogQuery {
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize
    }

    pub(super) fn matcher(&self) -> LineMatcher {
        LineMatcher {
            level: self.level,
            integration_id: self.integration_id,
            text: self
                .text
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(fold_accents),
        }
    }
}

/// A query with its text folded once, applied to many lines.
pub(super) struct LineMatcher {
    level: Option<LogLevel>,
    integration_id: Option<IntegrationId>,
    text: Option<String>,
}

impl LineMatcher {
    /// Whether `line` passes; its integration is already resolved to an id where one is
    /// known.
    pub fn matches(&self, line: &LogLine) -> bool {
        if let Some(minimum) = self.level
            && line.level.is_none_or(|level| level > minimum)
        {
            return false;
        }
        if let Some(id) = self.integration_id
            && line.integration_id != Some(id)
        {
            return false;
        }
        match &self.text {
            None => true,
            Some(text) => [
                line.message.as_str(),
                line.target.as_str(),
                line.integration.as_deref().unwrap_or(""),
            ]
            .iter()
            .any(|field| fold_accents(field).contains(text.as_str())),
        }
    }
}
