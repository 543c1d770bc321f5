//! Reports over the mirrored data. The DRE (Demonstração do Resultado do Exercício) comes
//! first: its structure, the mapping of each plano de contas onto its lines, and the
//! report itself by competência or by caixa.

pub mod dre;
pub mod month;

pub use month::{Month, MonthRange};
