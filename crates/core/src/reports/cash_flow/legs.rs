//! Transfers seen only by their legs: a recebimento and a pagamento without a plano de
//! contas, of the same integration, day and `valor_total`, in different contas, are taken
//! as the two legs of one transfer between the company's own contas, paired one-to-one.
//! Entries with a plano are left to their plano's class: only the few without one are
//! paired, from the grouped sums (one group per conta, day and amount).

use crate::domain::IntegrationId;
use std::collections::BTreeMap;

/// Entries without a plano settled in one conta on one day, all of `valor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LegGroup {
    pub integration_id: IntegrationId,
    pub day: String,
    pub valor: i64,
    pub conta_id: String,
    pub receipts: i64,
    pub payments: i64,
}

/// For each group, in the input's order, how many of its receipts and of its payments
/// pair with a leg of the other side in another conta.
pub(super) fn pair(groups: &[LegGroup]) -> Vec<(i64, i64)> {
    let mut matched = vec![(0, 0); groups.len()];
    // Groups that could pair, by integration, day and amount; a zero moves nothing.
    let mut buckets: BTreeMap<(IntegrationId, &str, i64), Vec<usize>> = BTreeMap::new();
    for (index, group) in groups.iter().enumerate() {
        if group.valor != 0 {
            buckets
                .entry((group.integration_id, group.day.as_str(), group.valor))
                .or_default()
                .push(index);
        }
    }
    for mut members in buckets.into_values() {
        if members.len() < 2 {
            continue;
        }
        // By conta, so the same data pairs the same way every time.
        members.sort_by(|a, b| groups[*a].conta_id.cmp(&groups[*b].conta_id));
        let mut receipts: Vec<i64> = members.iter().map(|i| groups[*i].receipts).collect();
        let mut payments: Vec<i64> = members.iter().map(|i| groups[*i].payments).collect();
        // One pair at a time, between the conta with most receipts left and the other
        // conta with most payments left: what keeps the most legs pairable.
        while let Some((r, p)) = best_pair(&receipts, &payments) {
            receipts[r] -= 1;
            payments[p] -= 1;
            matched[members[r]].0 += 1;
            matched[members[p]].1 += 1;
        }
    }
    matched
}

/// The receipt side `r` and payment side `p` (different contas, both with legs left) with
/// the most legs left between them; the first such pair on a tie.
fn best_pair(receipts: &[i64], payments: &[i64]) -> Option<(usize, usize)> {
    let mut best: Option<(i64, usize, usize)> = None;
    for (r, left_r) in receipts.iter().enumerate().filter(|(_, n)| **n > 0) {
        for (p, left_p) in payments.iter().enumerate().filter(|(_, n)| **n > 0) {
            if r != p && best.is_none_or(|(most, _, _)| left_r + left_p > most) {
                best = Some((left_r + left_p, r, p));
            }
        }
    }
    best.map(|(_, r, p)| (r, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(conta: &str, valor: i64, receipts: i64, payments: i64) -> LegGroup {
        LegGroup {
            integration_id: 1,
            day: "2026-01-31".into(),
            valor,
            conta_id: conta.into(),
            receipts,
            payments,
        }
    }

    #[test]
    fn a_payment_and_a_receipt_in_two_contas_pair() {
        let groups = [group("c1", 5_000, 0, 1), group("c2", 5_000, 1, 0)];
        assert_eq!(pair(&groups), [(0, 1), (1, 0)]);
    }

    #[test]
    fn legs_in_the_same_conta_or_of_other_amounts_do_not_pair() {
        let groups = [group("c1", 5_000, 1, 1), group("c2", 4_000, 1, 0)];
        assert_eq!(pair(&groups), [(0, 0), (0, 0)]);
    }

    #[test]
    fn pairing_is_one_to_one() {
        // Two payments out of c1, one receipt into c2: one pair, one leg left over.
        let groups = [group("c1", 5_000, 0, 2), group("c2", 5_000, 1, 0)];
        assert_eq!(pair(&groups), [(0, 1), (1, 0)]);
    }

    #[test]
    fn crossed_transfers_on_one_day_all_pair() {
        // c1 → c2 and c2 → c1, same amount, same day.
        let groups = [group("c1", 5_000, 1, 1), group("c2", 5_000, 1, 1)];
        assert_eq!(pair(&groups), [(1, 1), (1, 1)]);
    }

    #[test]
    fn other_days_and_integrations_do_not_pair() {
        let mut other_day = group("c2", 5_000, 1, 0);
        other_day.day = "2026-02-01".into();
        let mut other_integration = group("c3", 5_000, 1, 0);
        other_integration.integration_id = 2;
        let groups = [group("c1", 5_000, 0, 1), other_day, other_integration];
        assert_eq!(pair(&groups), [(0, 0), (0, 0), (0, 0)]);
    }
}
