//! Reports over the mirrored data. The DRE (Demonstração do Resultado do Exercício) comes
//! first: its structure, the mapping of each plano de contas onto its lines, and the
//! report itself by competência or by caixa. Each report becomes a `ReportTable`, which
//! the exports and the CLI's text table write.

pub mod dre;
pub mod export;
pub mod month;
pub mod table;

pub use month::{Month, MonthRange};
pub use table::{Cell, ReportTable, RowStyle, TableRow};
