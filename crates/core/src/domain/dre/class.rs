//! Where a plano de contas' amounts go in the DRE: a line, out of it as a transfer or an
//! excluded money move, or not classified. Here, below both `reports` and `store`, because
//! it is what the operator chooses and the store keeps (`dre_mapping.class`, by `as_str`);
//! which class an account gets by default or by inheritance is the mapping's
//! (`reports::dre::mapping`).

use super::structure::{DreGroup, DreLine};
use serde::{Deserialize, Serialize};

/// Where an account's amounts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "group")]
pub enum AccountClass {
    Line(DreGroup),
    /// Moves money between the company's own contas: out of the DRE unless asked for, and
    /// out of the cash flow's entradas and saídas (a memo line of its own).
    Transfer,
    /// Moves money without being income or expense ("Ajuste de caixa"): out of the DRE
    /// unless asked for, in the cash flow.
    Excluded,
    Unclassified,
}

impl AccountClass {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountClass::Line(group) => group.as_str(),
            AccountClass::Transfer => "transferencia",
            AccountClass::Excluded => "excluida",
            AccountClass::Unclassified => "nao_classificado",
        }
    }

    /// As the screens and the mapping CSV name it.
    pub fn label(self) -> &'static str {
        match self {
            AccountClass::Line(group) => DreLine::Group(group).label(),
            AccountClass::Transfer => {
                "Transferência entre contas (fora do DRE e das entradas/saídas)"
            }
            AccountClass::Excluded => {
                "Fora do DRE (ajuste de caixa, empréstimos, aportes: sem resultado)"
            }
            AccountClass::Unclassified => "Não classificado",
        }
    }

    /// Whether the DRE leaves it out unless the money moves are asked for.
    pub fn is_money_move(self) -> bool {
        matches!(self, AccountClass::Transfer | AccountClass::Excluded)
    }

    pub fn parse(text: &str) -> Option<AccountClass> {
        match text.trim() {
            "transferencia" => Some(AccountClass::Transfer),
            "excluida" => Some(AccountClass::Excluded),
            "nao_classificado" => Some(AccountClass::Unclassified),
            other => DreGroup::parse(other).map(AccountClass::Line),
        }
    }
}
