//! The DRE: its lines (`structure`), which line each plano de contas feeds (`mapping`),
//! the report by month (`report`), and the report as a table for the exports (`table`).

pub mod mapping;
pub mod report;
pub mod structure;
mod table;

pub use mapping::{AccountClass, PlanoConta, default_class};
pub use report::{Basis, Comparison, Dre, DreFilters, DreRow, RowKind};
pub use structure::{DreGroup, DreLine};
