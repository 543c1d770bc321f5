//! The DRE: which line each plano de contas feeds (`mapping`, shown by `mapping_view`,
//! kept as CSV by `mapping_csv`), what a report is asked for with (`request`), the report
//! by month (`report`), the entries behind a cell (`drill`), and the report as a table for
//! the exports (`table`). Its lines (`structure`), the parts of a settlement that get lines
//! of their own (`settlement`) and the other words the store shares are `domain::dre`'s,
//! named here too.

pub mod drill;
pub mod mapping;
pub mod mapping_csv;
mod mapping_rules;
pub mod mapping_view;
pub mod report;
pub mod request;
mod table;

pub use crate::domain::dre::{settlement, structure};

pub use drill::{DreAccountRef, DreCell, DreEntries, DreEntry, MAX_DRILL_ENTRIES};
pub use mapping::{AccountClass, ClassSource, PlanoConta, default_class};
pub use mapping_csv::{MappingImport, mapping_to_csv};
pub use mapping_view::{DreMapping, MappingRow};
pub use report::{Basis, Comparison, Dre, DreFilters, DreRow, RowKind};
pub use request::DreQuery;
pub use settlement::{Settlement, SettlementPart};
pub use structure::{DreGroup, DreLine};
