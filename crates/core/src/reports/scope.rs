//! Which records the fluxo de caixa, the aging and the vendas report read: `ReportScope`,
//! defined in `domain::report_query` beside the store that renders it into SQL, and named
//! here too for the reports' callers.

pub use crate::domain::report_query::ReportScope;
