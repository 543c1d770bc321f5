//! Reports over the mirrored data. The DRE (Demonstração do Resultado do Exercício) comes
//! first: its structure, the mapping of each plano de contas onto its lines, and the
//! report itself by competência or by caixa. Each report becomes a `ReportTable`, which
//! the exports and the CLI's text table write; `request` names a report and its query
//! the same way for the screens and the CLI. Beside it, filtered alike by a `scope`
//! (integration, loja, centro de custo) and cut into `period` columns (days, ISO weeks,
//! months): the fluxo de caixa (`cash_flow`), the aging of contas a receber and a pagar
//! (`aging`), and the vendas by period, produto, vendedor or canal (`sales`). Where a
//! report compares periods, `comparison` decides when a change is worth a percentage.
//!
//! Every operation goes through `Reports` (`service`), the front door `Core::reports`
//! hands out: it holds the store for its SQL and hands it to each report's own functions,
//! which do their arithmetic, build their tables and write their exports here, never in
//! the store. The reports call one another's functions, never `Reports`.

pub mod aging;
pub mod cash_flow;
pub mod comparison;
pub mod conferencia;
pub mod dre;
pub mod export;
mod heading;
pub mod indicators;
pub mod period;
pub mod request;
pub mod sales;
mod service;
pub mod table;

// The calendar and the query scope are the domain's (the store binds them too); the
// reports' callers name them here.
pub use crate::domain::period::{Month, MonthRange};
pub use crate::domain::report_query::ReportScope;
pub use heading::ReportHeading;
pub use period::{Granularity, Period};
pub use request::{AgingQuery, CashFlowQuery, ExportedReport, Report, ReportRequest, SalesQuery};
pub use service::Reports;
pub use table::{Cell, ReportTable, RowStyle, TableRow};
