//! `Scope`: what part of a provider account a mirrored record, its reconciliation and its
//! checkpoint belong to. Gestão Click lists vendas and títulos per loja and everything
//! else for the whole account; a full scan reconciles one scope at a time.

/// Stored in `entity_links.scope` and `sync_checkpoints.scope` as the loja's id, or `""`
/// for the whole account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    #[default]
    Account,
    Loja(String),
}

impl Scope {
    /// The loja of `id`; the whole account when the provider sent no loja.
    pub fn of_loja(id: Option<String>) -> Scope {
        match id {
            Some(id) if !id.is_empty() => Scope::Loja(id),
            _ => Scope::Account,
        }
    }

    /// How the store keeps it.
    pub fn key(&self) -> &str {
        match self {
            Scope::Account => "",
            Scope::Loja(id) => id,
        }
    }
}
