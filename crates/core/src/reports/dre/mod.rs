//! The DRE: its lines (`structure`), which line each plano de contas feeds (`mapping`),
//! and the report by month (`report`).

pub mod mapping;
pub mod report;
pub mod structure;

pub use mapping::{AccountClass, PlanoConta, default_class};
pub use report::{Basis, Comparison, Dre, DreFilters, DreRow, RowKind};
pub use structure::{DreGroup, DreLine};
