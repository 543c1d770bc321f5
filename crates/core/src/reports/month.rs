//! Calendar months and ranges of them, the DRE's columns: defined in `domain::period`,
//! below the store that binds their bounds, and named here too for the reports' callers.

pub use crate::domain::period::{MAX_MONTHS, Month, MonthRange};
