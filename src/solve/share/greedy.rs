//! Lazy greedy (Minoux), swap improvement and the submodular bound of the
//! share models.
//!
//! The objective `F(S) = m f(S) − c(S)` has non-increasing marginal gains
//! (`f` is submodular, `c` modular), so a gain computed earlier is an
//! upper bound on the gain now: the lazy greedy re-evaluates only the top
//! of its heap. The bound at any set `S` (Nemhauser & Wolsey 1981) is
//!
//! ```text
//! F(T) ≤ F(S) + Σ_{j∈S} c_j + max { Σ_{j∉S} (m ρ_j(S) − c_j)⁺ s_j : s in the constraints }
//! ```
//!
//! for every feasible `T` (the items of `S` that `T` drops give back at
//! most their cost), taken at every set of the greedy sequence and at the
//! final plan; the least is the bound.

use std::collections::BinaryHeap;
use std::time::Instant;

use super::instance::Instance;

/// A heap entry: gain, item (max-heap by gain, then lower item first).
#[derive(PartialEq)]
struct Entry(f64, usize);
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0).then(o.1.cmp(&self.1))
    }
}

/// The greedy result: the chosen items in order.
pub(crate) struct Greedy {
    pub sequence: Vec<usize>,
}

/// Lazy greedy from `start` (items already in): adds the item of largest
/// gain (or gain per unit of fixed cost when `by_ratio`) that keeps the
/// constraints, while the gain is positive; with `stop_at`, stops as soon
/// as the objective reaches it; with `deadline`, also when it passes (the
/// sites chosen so far are still a plan).
pub(crate) fn lazy_greedy(
    inst: &Instance,
    start: &[usize],
    by_ratio: bool,
    stop_at: Option<f64>,
    deadline: Option<Instant>,
) -> Greedy {
    let mut y = inst.indicator(start);
    let mut u = inst.weights(&y);
    let mut value = inst.value_at(&y, &u);
    let mut count = start.iter().filter(|&&j| inst.is_new[j]).count();
    let mut spent: f64 = start
        .iter()
        .filter(|&&j| inst.is_new[j])
        .map(|&j| inst.fixed[j])
        .sum();
    let key = |j: usize, g: f64| {
        if by_ratio && inst.is_new[j] && inst.fixed[j] > 0.0 {
            g / inst.fixed[j]
        } else if by_ratio && g > 0.0 {
            f64::MAX
        } else {
            g
        }
    };
    let mut heap: BinaryHeap<Entry> = (0..inst.n_items())
        .filter(|&j| y[j] == 0.0)
        .map(|j| Entry(key(j, inst.gain(j, &u)), j))
        .collect();
    let mut sequence = start.to_vec();
    let fits = |j: usize, count: usize, spent: f64| {
        !inst.is_new[j]
            || (inst.max_new.is_none_or(|p| count < p)
                && inst
                    .budget
                    .is_none_or(|b| spent + inst.fixed[j] <= b * (1.0 + 1e-12)))
    };
    while let Some(Entry(_, j)) = heap.pop() {
        if stop_at.is_some_and(|t| value >= t) || deadline.is_some_and(crate::stop::past) {
            break;
        }
        if !fits(j, count, spent) {
            continue;
        }
        let g = inst.gain(j, &u);
        let k = key(j, g);
        if heap.peek().is_some_and(|top| top.0 > k) {
            heap.push(Entry(k, j));
            continue;
        }
        if g <= 0.0 {
            break;
        }
        inst.apply(j, 1.0, &mut u);
        y[j] = 1.0;
        value += g;
        sequence.push(j);
        if inst.is_new[j] {
            count += 1;
            spent += inst.fixed[j];
        }
    }
    Greedy { sequence }
}

/// The submodular bound at `set` (module doc).
pub(crate) fn bound_at(inst: &Instance, set: &[usize]) -> f64 {
    let y = inst.indicator(set);
    let u = inst.weights(&y);
    let value = inst.value_at(&y, &u);
    let gains: Vec<f64> = (0..inst.n_items())
        .map(|j| if y[j] > 0.0 { 0.0 } else { inst.gain(j, &u) })
        .collect();
    let given_back: f64 = set.iter().map(|&j| inst.cost[j]).sum();
    let (extra, _) = inst.linear_max(
        &gains,
        |j| y[j] == 0.0,
        inst.max_new.map(|p| p as f64),
        inst.budget,
    );
    value + given_back + extra
}

/// Least submodular bound over the prefixes of `sequence` (all of them
/// when cheap, else about 20 spread along it) and `also`.
pub(crate) fn sequence_bound(
    inst: &Instance,
    sequence: &[usize],
    also: &[usize],
    deadline: Instant,
) -> f64 {
    let mut best = bound_at(inst, also);
    let n = sequence.len();
    let cost = inst.n_pairs().max(1) * (n + 1);
    let step = if cost < 200_000_000 {
        1
    } else {
        n.div_ceil(20).max(1)
    };
    let mut t = 0;
    while t <= n {
        if crate::stop::past(deadline) {
            break;
        }
        best = best.min(bound_at(inst, &sequence[..t]));
        t += step;
    }
    best
}

/// Swap improvement: drops, adds and one-for-one swaps while one raises
/// the objective, best swap per dropped item, until none does or
/// `deadline`. Returns the improved set and the number of moves.
pub(crate) fn improve(inst: &Instance, set: &[usize], deadline: Instant) -> (Vec<usize>, u64) {
    let n = inst.n_items();
    let mut y = inst.indicator(set);
    let mut u = inst.weights(&y);
    let mut value = inst.value_at(&y, &u);
    let mut moves = 0u64;
    let count = |y: &[f64]| (0..n).filter(|&j| y[j] > 0.0 && inst.is_new[j]).count();
    let spent = |y: &[f64]| -> f64 {
        (0..n)
            .filter(|&j| y[j] > 0.0 && inst.is_new[j])
            .map(|j| inst.fixed[j])
            .sum()
    };
    let tol = |v: f64| 1e-10 * v.abs().max(1.0);
    'outer: loop {
        if crate::stop::past(deadline) {
            break;
        }
        // Pure adds (profit, or slack in the count or budget).
        for k in 0..n {
            if y[k] == 0.0 {
                let (c, b) = (count(&y), spent(&y));
                let fits = !inst.is_new[k]
                    || (inst.max_new.is_none_or(|p| c < p)
                        && inst
                            .budget
                            .is_none_or(|bb| b + inst.fixed[k] <= bb * (1.0 + 1e-12)));
                let g = inst.gain(k, &u);
                if fits && g > tol(value) {
                    inst.apply(k, 1.0, &mut u);
                    y[k] = 1.0;
                    value += g;
                    moves += 1;
                    continue 'outer;
                }
            }
        }
        let mut improved = false;
        for j in 0..n {
            if y[j] == 0.0 {
                continue;
            }
            if crate::stop::past(deadline) {
                break 'outer;
            }
            // Loss of dropping j.
            inst.apply(j, -1.0, &mut u);
            y[j] = 0.0;
            let drop_gain = -inst.gain(j, &u);
            let (c, b) = (count(&y), spent(&y));
            let mut best = (drop_gain, usize::MAX);
            for k in 0..n {
                if y[k] > 0.0 || k == j {
                    continue;
                }
                let fits = !inst.is_new[k]
                    || (inst.max_new.is_none_or(|p| c < p)
                        && inst
                            .budget
                            .is_none_or(|bb| b + inst.fixed[k] <= bb * (1.0 + 1e-12)));
                if !fits {
                    continue;
                }
                let d = drop_gain + inst.gain(k, &u);
                if d > best.0 {
                    best = (d, k);
                }
            }
            if best.0 > tol(value) {
                if best.1 != usize::MAX {
                    inst.apply(best.1, 1.0, &mut u);
                    y[best.1] = 1.0;
                }
                value += best.0;
                moves += 1;
                improved = true;
            } else {
                inst.apply(j, 1.0, &mut u);
                y[j] = 1.0;
            }
        }
        if !improved {
            break;
        }
    }
    ((0..n).filter(|&j| y[j] > 0.0).collect(), moves)
}
