//! Writing a `ReportTable` to a file format.

pub mod csv;
pub mod pdf;
pub mod xlsx;
