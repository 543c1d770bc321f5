//! The DRE's vocabulary, shared by the store that keeps its sums and mapping and by the
//! report that reads them (`reports::dre`): its lines (`structure`), where an account goes
//! (`class`), the parts of a settlement that get lines of their own (`settlement`), and
//! what a read is asked with (`query`). Only words and their rules live here; the mapping's
//! defaults, the report and its arithmetic are `reports::dre`'s, the SQL is `store`'s.

mod class;
mod query;
pub mod settlement;
pub mod structure;

pub use class::AccountClass;
pub use query::{Basis, DreAccountRef, DreFilters};
pub use settlement::{PART_KEY_PREFIX, Settlement, SettlementPart};
pub use structure::{DreGroup, DreLine};
