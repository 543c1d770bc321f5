//! Centros de custo as an operator changes them in the provider's web app: a new one for a
//! new line of work, or a new name for an old one. They have no `modificado_em`
//! (`docs/providers/gestaoclick.md#reference-lists`), so a change shows only in `nome` and, for a
//! new one, `cadastrado_em`.
//!
//! The generated centros are the catalogue's, which every venda and title points at: a
//! rename reaches the catalogue too, so records created later copy the current name, and
//! they cannot be deleted.

use crate::dataset::Dataset;
use crate::generate::draw::{next, pick};
use crate::records::reference::CentroCusto;
use crate::wire::{Id, Timestamp};
use rand::Rng;

/// Each name with the one an operator renames it to, and back. The first four are the
/// generated centros' names (`CentroRole::nome`); the rest name the centros an operator
/// adds.
const NAMES: [(&str, &str); 10] = [
    ("Administrativo", "Administrativo e RH"),
    ("Comercial", "Comercial e Marketing"),
    ("Operacional", "Operações"),
    ("Financeiro", "Financeiro e Contábil"),
    ("Logística", "Logística e Expedição"),
    ("Eventos", "Eventos e Feiras"),
    ("Manutenção", "Manutenção predial"),
    ("Tecnologia", "Tecnologia da Informação"),
    ("Projetos", "Projetos especiais"),
    ("Showroom", "Showroom e Exposição"),
];
const GENERATED: usize = 4;

/// Appended to, or taken off, a name outside `NAMES`, so a rename always changes it.
const REVISED_SUFFIX: &str = " (revisado)";

pub(super) fn create(dataset: &mut Dataset, stamp: Timestamp, rng: &mut impl Rng) -> u64 {
    let id = next(&mut dataset.sequences.next_centro_custo_id);
    let (nome, _) = pick(rng, &NAMES[GENERATED..]);
    dataset.centros_custos.insert(CentroCusto {
        id: Id(id),
        nome: nome.to_string(),
        cadastrado_em: stamp,
    });
    id
}

/// `None` when centro `id` does not exist.
pub(super) fn rename(dataset: &mut Dataset, id: u64) -> Option<()> {
    let nome = dataset.centros_custos.update(id, |centro| {
        centro.nome = renamed(&centro.nome);
        centro.nome.clone()
    })?;
    if let Some(in_catalog) = dataset.catalog.centros.iter_mut().find(|c| c.id == id) {
        in_catalog.nome = nome;
    }
    Some(())
}

/// Whether `id` is one of the catalogue's centros, which records point at.
pub(super) fn in_use(dataset: &Dataset, id: &str) -> bool {
    id.parse::<u64>()
        .is_ok_and(|id| dataset.catalog.centros.iter().any(|c| c.id == id))
}

fn renamed(nome: &str) -> String {
    let paired = NAMES.iter().find_map(|&(first, second)| {
        if nome == first {
            Some(second)
        } else if nome == second {
            Some(first)
        } else {
            None
        }
    });
    match (paired, nome.strip_suffix(REVISED_SUFFIX)) {
        (Some(other), _) => other.to_string(),
        (None, Some(original)) => original.to_string(),
        (None, None) => format!("{nome}{REVISED_SUFFIX}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::catalog::CentroRole;

    #[test]
    fn every_generated_centro_has_a_pair_to_be_renamed_to() {
        for (role, (first, _)) in CentroRole::ALL.iter().zip(&NAMES[..GENERATED]) {
            assert_eq!(role.nome(), *first);
        }
        assert_eq!(CentroRole::ALL.len(), GENERATED);
    }

    #[test]
    fn renaming_twice_gives_the_name_back() {
        for nome in ["Comercial", "Eventos e Feiras", "Centro de Custo 01"] {
            let once = renamed(nome);
            assert_ne!(once, nome);
            assert_eq!(renamed(&once), nome);
        }
    }
}
