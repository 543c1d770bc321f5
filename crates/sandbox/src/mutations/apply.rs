//! Applying mutations to the dataset: one named change, or a batch of random ones drawn
//! from a seed, the entities weighted as a shop's day touches them.

use super::{Mutation, MutationEntity, MutationOutcome, RandomMutations, centros, changes};
use crate::dataset::Dataset;
use crate::error::SandboxError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Relative weights of the entities random batches touch. Centros de custo are not among
/// them, so a batch's seed keeps making the same changes it always made.
const WEIGHTS: [(MutationEntity, u32); 5] = [
    (MutationEntity::Cliente, 15),
    (MutationEntity::Fornecedor, 5),
    (MutationEntity::Venda, 30),
    (MutationEntity::Recebimento, 30),
    (MutationEntity::Pagamento, 20),
];

impl Dataset {
    pub fn apply(
        &mut self,
        mutation: Mutation,
        rng: &mut impl Rng,
    ) -> Result<MutationOutcome, SandboxError> {
        let not_found = |entity: MutationEntity, id: &str| SandboxError::RecordNotFound {
            resource: entity.resource(),
            id: id.to_string(),
        };
        match mutation {
            Mutation::Create(entity) => Ok(changes::create(self, entity, rng)),
            Mutation::Update(entity, id) => id
                .parse()
                .ok()
                .and_then(|numeric| changes::update(self, entity, numeric, rng))
                .ok_or_else(|| not_found(entity, &id)),
            Mutation::Delete(MutationEntity::CentroCusto, id) if centros::in_use(self, &id) => {
                Err(SandboxError::RecordInUse {
                    resource: MutationEntity::CentroCusto.resource(),
                    id,
                })
            }
            Mutation::Delete(entity, id) => id
                .parse()
                .ok()
                .and_then(|numeric| changes::delete(self, entity, numeric))
                .ok_or_else(|| not_found(entity, &id)),
        }
    }

    /// Creates first, then updates and deletes of random live records; the same seed on
    /// the same dataset always makes the same changes.
    pub fn apply_random(&mut self, batch: RandomMutations) -> Vec<MutationOutcome> {
        let mut rng = ChaCha8Rng::seed_from_u64(batch.seed);
        let mut outcomes = Vec::with_capacity(batch.creates + batch.updates + batch.deletes);
        for _ in 0..batch.creates {
            let entity = self.random_entity(&mut rng, false);
            if let Some(entity) = entity {
                outcomes.push(changes::create(self, entity, &mut rng));
            }
        }
        for deleting in std::iter::repeat_n(false, batch.updates)
            .chain(std::iter::repeat_n(true, batch.deletes))
        {
            let Some((entity, id)) = self.random_live_record(&mut rng) else {
                break;
            };
            let outcome = if deleting {
                changes::delete(self, entity, id)
            } else {
                changes::update(self, entity, id, &mut rng)
            };
            outcomes.extend(outcome);
        }
        outcomes
    }

    /// A weighted random entity; with `live_only`, only among entities that have records.
    fn random_entity(&self, rng: &mut impl Rng, live_only: bool) -> Option<MutationEntity> {
        let candidates: Vec<(MutationEntity, u32)> = WEIGHTS
            .into_iter()
            .filter(|(entity, _)| !live_only || self.live_count(*entity) > 0)
            .collect();
        weighted_choice(rng, &candidates)
    }

    fn random_live_record(&self, rng: &mut impl Rng) -> Option<(MutationEntity, u64)> {
        let entity = self.random_entity(rng, true)?;
        Some((entity, self.random_live_id(rng, entity)?))
    }

    /// A uniformly chosen live record of `entity`; `None` when it has none.
    pub(super) fn random_live_id(&self, rng: &mut impl Rng, entity: MutationEntity) -> Option<u64> {
        let count = self.live_count(entity);
        if count == 0 {
            return None;
        }
        let index = rng.random_range(0..count);
        match entity {
            MutationEntity::Cliente => self.clientes.nth_id(index),
            MutationEntity::Fornecedor => self.fornecedores.nth_id(index),
            MutationEntity::Venda => self.vendas.nth_id(index),
            MutationEntity::Recebimento => self.recebimentos.nth_id(index),
            MutationEntity::Pagamento => self.pagamentos.nth_id(index),
            MutationEntity::CentroCusto => self.centros_custos.nth_id(index),
        }
    }

    pub(super) fn live_count(&self, entity: MutationEntity) -> usize {
        match entity {
            MutationEntity::Cliente => self.clientes.len(),
            MutationEntity::Fornecedor => self.fornecedores.len(),
            MutationEntity::Venda => self.vendas.len(),
            MutationEntity::Recebimento => self.recebimentos.len(),
            MutationEntity::Pagamento => self.pagamentos.len(),
            MutationEntity::CentroCusto => self.centros_custos.len(),
        }
    }
}

/// One of `candidates`, drawn in proportion to its weight; `None` when all weigh nothing.
pub(super) fn weighted_choice<T: Copy>(rng: &mut impl Rng, candidates: &[(T, u32)]) -> Option<T> {
    let total: u32 = candidates.iter().map(|(_, weight)| weight).sum();
    if total == 0 {
        return None;
    }
    let mut draw = rng.random_range(0..total);
    candidates.iter().find_map(|&(choice, weight)| {
        if draw < weight {
            Some(choice)
        } else {
            draw -= weight;
            None
        }
    })
}
