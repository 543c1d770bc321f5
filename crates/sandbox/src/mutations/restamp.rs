//! An update that carries the `modificado_em` the caller names instead of the logical
//! clock's next second: an edit dated at or before the newest stamp already served, as a
//! provider whose clocks disagree sends it (Brazil has four time zones and the API's times
//! carry none). Tests use it to check that the incremental read still finds such edits.

use super::{Mutation, MutationEntity, MutationOutcome};
use crate::dataset::Dataset;
use crate::error::SandboxError;
use crate::wire::Timestamp;
use chrono::NaiveDateTime;
use rand::Rng;

impl Dataset {
    /// Makes the same change as `Mutation::Update`, then dates it `modificado_em`. Centros
    /// de custo have no `modificado_em` and are refused.
    pub fn update_stamped(
        &mut self,
        entity: MutationEntity,
        id: &str,
        modificado_em: NaiveDateTime,
        rng: &mut impl Rng,
    ) -> Result<MutationOutcome, SandboxError> {
        if entity == MutationEntity::CentroCusto {
            return Err(SandboxError::NoTimestamp {
                resource: entity.resource(),
            });
        }
        let numeric: u64 = id.parse().map_err(|_| SandboxError::RecordNotFound {
            resource: entity.resource(),
            id: id.to_string(),
        })?;
        let mut outcome = self.apply(Mutation::Update(entity, id.to_string()), rng)?;
        let stamp = Timestamp(modificado_em);
        // The update above found the record, so it is there to date.
        match entity {
            MutationEntity::Cliente => self.clientes.update(numeric, |p| p.modificado_em = stamp),
            MutationEntity::Fornecedor => self
                .fornecedores
                .update(numeric, |p| p.modificado_em = stamp),
            MutationEntity::Venda => self.vendas.update(numeric, |v| v.modificado_em = stamp),
            MutationEntity::Recebimento => self
                .recebimentos
                .update(numeric, |t| t.modificado_em = stamp),
            MutationEntity::Pagamento => {
                self.pagamentos.update(numeric, |t| t.modificado_em = stamp)
            }
            MutationEntity::CentroCusto => None,
        };
        // Later ticks stay after every stamp served, even one named in the future.
        self.sequences.clock = self.sequences.clock.max(stamp);
        outcome.modificado_em = Some(stamp.to_string());
        Ok(outcome)
    }
}
