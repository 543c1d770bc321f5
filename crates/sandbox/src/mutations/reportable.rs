//! The random changes the webhook emitter makes: only those a Gestão Click webhook reports
//! (sales, financial transactions, cost centers and customers), so that every change has
//! its event. Fornecedores, and deletes of anything but clientes, have no event and are
//! left alone.

use super::apply::weighted_choice;
use super::{MutationAction, MutationEntity, MutationOutcome, changes};
use crate::dataset::Dataset;
use rand::Rng;

type Change = (MutationAction, MutationEntity);

/// Relative weights, roughly the day of a shop: mostly sales and their titles.
const WEIGHTS: [(Change, u32); 11] = [
    ((MutationAction::Created, MutationEntity::Venda), 22),
    ((MutationAction::Updated, MutationEntity::Venda), 14),
    ((MutationAction::Created, MutationEntity::Recebimento), 12),
    ((MutationAction::Updated, MutationEntity::Recebimento), 12),
    ((MutationAction::Created, MutationEntity::Pagamento), 8),
    ((MutationAction::Updated, MutationEntity::Pagamento), 8),
    ((MutationAction::Created, MutationEntity::Cliente), 8),
    ((MutationAction::Updated, MutationEntity::Cliente), 8),
    ((MutationAction::Deleted, MutationEntity::Cliente), 3),
    ((MutationAction::Created, MutationEntity::CentroCusto), 2),
    ((MutationAction::Updated, MutationEntity::CentroCusto), 3),
];

impl Dataset {
    /// One weighted random change from `WEIGHTS`, among those possible (an update needs a
    /// live record); the same `rng` state on the same dataset makes the same change.
    pub(crate) fn apply_random_reportable(
        &mut self,
        rng: &mut impl Rng,
    ) -> Option<MutationOutcome> {
        let candidates: Vec<(Change, u32)> = WEIGHTS
            .into_iter()
            .filter(|((action, entity), _)| {
                *action == MutationAction::Created || self.live_count(*entity) > 0
            })
            .collect();
        let (action, entity) = weighted_choice(rng, &candidates)?;
        match action {
            MutationAction::Created => Some(changes::create(self, entity, rng)),
            MutationAction::Updated => {
                let id = self.random_live_id(rng, entity)?;
                changes::update(self, entity, id, rng)
            }
            MutationAction::Deleted => {
                let id = self.random_live_id(rng, entity)?;
                changes::delete(self, entity, id)
            }
        }
    }
}
