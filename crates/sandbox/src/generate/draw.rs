//! The draws every generator shares: ids that grow with gaps, running numbers, and a
//! choice from a fixed pool.

use rand::Rng;

/// Ids that grow with small random gaps, as records deleted over the years leave.
#[derive(Debug, Clone)]
pub(crate) struct IdSequence {
    next: u64,
}

impl IdSequence {
    pub fn starting_in(rng: &mut impl Rng, range: std::ops::Range<u64>) -> IdSequence {
        IdSequence {
            next: rng.random_range(range),
        }
    }

    pub fn take(&mut self, rng: &mut impl Rng) -> u64 {
        let id = self.next;
        self.next += rng.random_range(1..=3);
        id
    }
}

/// Hands out `counter` and advances it by one.
pub(crate) fn next(counter: &mut u64) -> u64 {
    let value = *counter;
    *counter += 1;
    value
}

/// A uniformly chosen element; `items` must not be empty (callers pass fixed pools).
pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}
