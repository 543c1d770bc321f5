//! The DRE: its lines (`structure`), which line each plano de contas feeds (`mapping`,
//! shown by `mapping_view`, kept as CSV by `mapping_csv`), the parts of a settlement that
//! get lines of their own (`settlement`), what a report is asked for with (`request`), the
//! report by month (`report`), the entries behind a cell (`drill`), and the report as a
//! table for the exports (`table`).

pub mod drill;
pub mod mapping;
pub mod mapping_csv;
mod mapping_rules;
pub mod mapping_view;
pub mod report;
pub mod request;
pub mod settlement;
pub mod structure;
mod table;

pub use drill::{DreAccountRef, DreCell, DreEntries, DreEntry, MAX_DRILL_ENTRIES};
pub use mapping::{AccountClass, ClassSource, PlanoConta, default_class};
pub use mapping_csv::{MappingImport, mapping_to_csv};
pub use mapping_view::{DreMapping, MappingRow};
pub use report::{Basis, Comparison, Dre, DreFilters, DreRow, RowKind};
pub use request::DreQuery;
pub use settlement::{Settlement, SettlementPart};
pub use structure::{DreGroup, DreLine};
