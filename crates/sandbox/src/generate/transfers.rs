//! The company's own money moves, now and then, so the fluxo de caixa has them to show: a
//! deposit of the loja's caixa into the bank (a transfer between its own contas, with both
//! legs: a pagamento out of the Caixa da loja and a recebimento into the Conta Itaú, same
//! day and amount, on "Transferência entre contas"), and an "Ajuste de caixa" when the
//! caixa's count comes out over or short. `titles::finish` settles them on their day, at
//! face value.

use super::calendar::{Calendar, last_of_month};
use super::titles::{Counterpart, Draft, Side};
use crate::dataset::catalog::{Catalog, FormaRole, PlanoRole};
use crate::money::Centavos;
use chrono::NaiveDate;
use rand::Rng;

/// Most months see a deposit; a few an ajuste.
const DEPOSIT_CHANCE: f64 = 0.8;
const AJUSTE_CHANCE: f64 = 0.25;

const DEPOSIT: &str = "Depósito do caixa da loja na Conta Itaú";

pub(crate) fn drafts(rng: &mut impl Rng, catalog: &Catalog, calendar: &Calendar) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for month in calendar.months() {
        let last = last_of_month(month).min(calendar.today);
        if rng.random_bool(DEPOSIT_CHANCE) {
            let day = Calendar::day_between(rng, month, last);
            let valor = Centavos(rng.random_range(500..5_000) * 100);
            // Dinheiro books on the Caixa da loja, a transferência on the Conta Itaú.
            let out = own_move(
                rng,
                catalog,
                Side::Pagar,
                FormaRole::Dinheiro,
                DEPOSIT,
                day,
                valor,
            );
            let into = Draft {
                side: Side::Receber,
                forma: FormaRole::Transferencia,
                ..out.clone()
            };
            drafts.extend([out, into]);
        }
        if rng.random_bool(AJUSTE_CHANCE) {
            let day = Calendar::day_between(rng, month, last);
            let over = rng.random_bool(0.5);
            let valor = Centavos(rng.random_range(500..8_000));
            let side = if over { Side::Receber } else { Side::Pagar };
            let descricao = if over {
                "Ajuste de caixa: sobra na contagem"
            } else {
                "Ajuste de caixa: falta na contagem"
            };
            let mut ajuste = own_move(
                rng,
                catalog,
                side,
                FormaRole::Dinheiro,
                descricao,
                day,
                valor,
            );
            ajuste.plano = PlanoRole::AjusteCaixa;
            drafts.push(ajuste);
        }
    }
    drafts
}

/// A transfer leg on `day`, booked at the matriz.
fn own_move(
    rng: &mut impl Rng,
    catalog: &Catalog,
    side: Side,
    forma: FormaRole,
    descricao: &str,
    day: NaiveDate,
    valor: Centavos,
) -> Draft {
    Draft {
        side,
        descricao: descricao.into(),
        counterpart: Counterpart::Outro,
        valor,
        vencimento: day,
        competencia: day,
        plano: PlanoRole::TransferenciaEntreContas,
        centro: None,
        forma,
        loja: catalog.matriz().clone(),
        cadastrado_em: Calendar::business_hours(rng, day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::reference;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn a_year_has_deposits_with_both_legs_and_some_ajustes() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let calendar = Calendar::new(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
        let catalog = reference::generate(&mut rng, &calendar).catalog;
        let drafts = drafts(&mut rng, &catalog, &calendar);
        let deposits: Vec<&Draft> = drafts
            .iter()
            .filter(|d| d.plano == PlanoRole::TransferenciaEntreContas)
            .collect();
        assert!(deposits.len() >= 4);
        for pair in deposits.chunks(2) {
            let [out, into] = pair else {
                panic!("a leg without its pair")
            };
            assert_eq!((out.side, into.side), (Side::Pagar, Side::Receber));
            assert_eq!((out.vencimento, out.valor), (into.vencimento, into.valor));
            assert_ne!(out.forma.conta(), into.forma.conta());
            assert!(out.vencimento <= calendar.today);
        }
        assert!(drafts.iter().any(|d| d.plano == PlanoRole::AjusteCaixa));
    }
}
