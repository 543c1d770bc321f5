//! The records the API serves, typed as they appear on the wire (field order included).

pub(crate) mod lancamento;
pub(crate) mod pessoa;
pub(crate) mod reference;
pub(crate) mod venda;

use serde::Serialize;

/// A servable record: it knows its own id.
pub(crate) trait Record: Serialize {
    fn id(&self) -> u64;
}
