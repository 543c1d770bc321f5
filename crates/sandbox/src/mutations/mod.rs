//! Changes to the dataset between syncs: creating, updating and deleting clientes,
//! fornecedores, vendas, titles and centros de custo, and writing a title's fields as a
//! client's PUT or an operator's edit does (`title_edit`). Every create and update of a record
//! that has a `modificado_em` is stamped by the logical clock, so it is newer than any that
//! existed before.

mod apply;
mod centros;
mod changes;
mod reportable;
mod restamp;
mod title_edit;

use serde::{Deserialize, Serialize};

pub(crate) use title_edit::{EditRefusal, EditScope, title_entity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationEntity {
    Cliente,
    Fornecedor,
    Venda,
    Recebimento,
    Pagamento,
    /// Changed only when a `Mutation` names it, or by the webhook emitter: random batches
    /// leave centros de custo alone.
    CentroCusto,
}

impl MutationEntity {
    /// The resource path name the entity is served under.
    pub fn resource(self) -> &'static str {
        match self {
            MutationEntity::Cliente => "clientes",
            MutationEntity::Fornecedor => "fornecedores",
            MutationEntity::Venda => "vendas",
            MutationEntity::Recebimento => "recebimentos",
            MutationEntity::Pagamento => "pagamentos",
            MutationEntity::CentroCusto => "centros_custos",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mutation {
    Create(MutationEntity),
    /// The entity and the record id.
    Update(MutationEntity, String),
    Delete(MutationEntity, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationAction {
    Created,
    Updated,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationOutcome {
    pub action: MutationAction,
    pub entity: MutationEntity,
    /// The affected record's id.
    pub id: String,
    /// For vendas and titles, the loja the record belongs to.
    pub loja_id: Option<String>,
    /// The record's new `modificado_em`; `None` for deletes and for centros de custo,
    /// which have none.
    pub modificado_em: Option<String>,
}

/// A batch of random changes: the body of `POST /__sandbox/mutations`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RandomMutations {
    pub creates: usize,
    pub updates: usize,
    pub deletes: usize,
    pub seed: u64,
}
