//! The root bound of the p-median search: subgradient runs from the best
//! multipliers, reduced-cost fixing between them, and an instance that
//! shrinks as candidates are fixed closed.
//!
//! At multipliers λ with bound L, the relaxation opens the free candidates
//! of least ρ. Forcing an unchosen candidate j open raises the relaxation's
//! value by at least ρ_j − max_{chosen} ρ, and forcing a chosen one closed
//! by at least min_{unchosen} ρ − ρ_j (the same argument branch-and-bound
//! uses at its nodes). When L plus that reaches the best plan's cost, no
//! cheaper plan makes the opposite choice, so the candidate is fixed: a
//! plan cheaper than the best one keeps every fixing, and the bounds of
//! the later runs, computed with the fixings, hold for the problem as
//! posed once capped by the best plan's cost. Candidates fixed closed
//! leave the rows and columns ([`Instance::restrict`]), so later
//! subgradient steps and swap passes touch fewer pairs.

use std::borrow::Cow;
use std::time::Instant;

use super::instance::Instance;
use super::lagrangian::{proves, Fix, LagOutcome, PMedianLagrangian, SubgradientSettings};
use super::pmedian::polish;

/// What the root loop proved and found.
pub(crate) struct Root {
    /// Best lower bound (before capping by the plan's cost).
    pub bound: f64,
    /// The best plan's cost and open flags (it may improve on the way).
    pub cost: f64,
    pub open: Vec<bool>,
    /// Subgradient iterations and swap moves.
    pub iterations: u64,
    /// The last subgradient run (its multipliers warm-start branching).
    pub outcome: Option<LagOutcome>,
    /// Candidates fixed open or closed for every plan cheaper than `cost`.
    pub fix: Vec<Fix>,
    /// The instance the loop ended on when it is not the caller's: without
    /// the candidates fixed closed, when any were, or the instance handed
    /// over ([`Cow::Owned`]).
    pub reduced: Option<Instance>,
}

/// Fraction of the free candidates that must be newly fixed closed before
/// the instance is rebuilt without them.
const REBUILD_SHARE: f64 = 0.05;

/// Most subgradient runs (each starts with half the step scale of the one
/// before, from the best multipliers so far).
const MAX_RUNS: usize = 12;

/// Runs the root bound from the plan `open` of cost `cost` until the bound
/// proves the plan within `gap`, `deadline`, [`MAX_RUNS`] runs of at most
/// `max_iter` iterations each, or a run that no longer raises the bound.
#[allow(clippy::too_many_arguments)]
pub(crate) fn root_bound(
    inst: Cow<'_, Instance>,
    p: usize,
    gap: f64,
    integral: bool,
    max_iter: usize,
    mut cost: f64,
    mut open: Vec<bool>,
    deadline: Instant,
) -> Root {
    let mut fix = vec![Fix::Free; inst.n_sites];
    let n_sites = inst.n_sites;
    let report_offset = inst.report_offset;
    // An instance handed over is dropped once a reduced one replaces it,
    // so the two are not held at once for the rest of the search.
    let mut work: Cow<'_, Instance> = inst;
    let mut lambda = PMedianLagrangian::new(&work, p).lambda_from_plan(&open);
    let mut bound = f64::NEG_INFINITY;
    let mut outcome: Option<LagOutcome> = None;
    let mut iterations = 0u64;
    for run in 0..MAX_RUNS {
        let lag = PMedianLagrangian::new(&work, p);
        let settings = SubgradientSettings {
            gap,
            max_iter,
            pi: 2.0 * 0.5f64.powi(run as i32),
            ..SubgradientSettings::default()
        };
        let Some(mut out) = lag.run(Some(&lambda), &fix, cost, integral, &settings, deadline)
        else {
            break;
        };
        iterations += out.iterations;
        let before = bound;
        bound = bound.max(out.bound);
        if let Some((_, relaxed_open)) = out.improved.take() {
            let (c, o, m) = polish(&work, p, relaxed_open, deadline);
            iterations += m;
            if c < cost {
                cost = c;
                open = o;
            }
        }
        lambda.clone_from(&out.lambda);
        let (closed, _) = fix_by_reduced_costs(&work, &out, cost, integral, &mut fix);
        // Candidates a reduced instance dropped are fixed closed.
        let free = (0..n_sites)
            .filter(|&s| work.candidate[s] && fix[s] == Fix::Free)
            .count();
        let stalled = bound <= before + 1e-7 * bound.abs().max(1.0);
        outcome = Some(out);
        if proves(bound, cost, integral, gap, report_offset)
            || crate::stop::past(deadline)
            || (run > 0 && stalled)
        {
            break;
        }
        if closed as f64 >= REBUILD_SHARE * (free + closed) as f64 && closed > 0 {
            let drop: Vec<bool> = fix.iter().map(|&f| f == Fix::Closed).collect();
            let next = work.restrict(&drop);
            work = Cow::Owned(next);
        }
    }
    Root {
        bound,
        cost,
        open,
        iterations,
        outcome,
        fix,
        reduced: match work {
            Cow::Owned(w) => Some(w),
            Cow::Borrowed(_) => None,
        },
    }
}

/// Fixes free candidates by the reduced costs of the relaxation at the
/// best multipliers of `out` against the plan cost `ub`; returns how many
/// were newly fixed closed and open.
pub(crate) fn fix_by_reduced_costs(
    inst: &Instance,
    out: &LagOutcome,
    ub: f64,
    integral: bool,
    fix: &mut [Fix],
) -> (usize, usize) {
    let r = &out.relaxed;
    // Every plan making the opposite choice costs at least `x`.
    let reaches = |x: f64| x >= ub || (integral && (x - 1e-6).ceil() >= ub);
    let (mut closed, mut opened) = (0, 0);
    for s in 0..inst.n_sites {
        if !inst.candidate[s] || fix[s] != Fix::Free {
            continue;
        }
        if r.open[s] {
            if r.rho_out_min.is_finite() && reaches(r.bound - r.rho[s] + r.rho_out_min) {
                fix[s] = Fix::Open;
                opened += 1;
            }
        } else if r.rho_in_max.is_finite() && reaches(r.bound + r.rho[s] - r.rho_in_max) {
            fix[s] = Fix::Closed;
            closed += 1;
        }
    }
    (closed, opened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::heuristic::swap::tests::instance;

    /// Every way to open `p` of the candidates, with its cost.
    fn all_plans(inst: &Instance, p: usize) -> Vec<(Vec<bool>, f64)> {
        let n = inst.n_sites;
        (0u32..1 << n)
            .filter(|m| m.count_ones() as usize == p)
            .map(|m| {
                let open: Vec<bool> = (0..n).map(|s| m >> s & 1 == 1).collect();
                let cost = inst.assignment_cost(&open);
                (open, cost)
            })
            .collect()
    }

    /// From a poor plan (so that the bound has room to fix candidates) and
    /// from the best one: the bound never exceeds the optimum, and every
    /// plan cheaper than the plan kept respects every fixing.
    #[test]
    fn root_fixings_keep_every_cheaper_plan_and_the_bound_valid() {
        let mut fixed = 0;
        for seed in 0..30u64 {
            let inst = instance(500 + seed, 25, 10);
            let p = 3;
            let plans = all_plans(&inst, p);
            let optimum = plans.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            let worst = plans
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap()
                .0
                .clone();
            let best = plans.iter().find(|x| x.1 == optimum).unwrap().0.clone();
            for start in [worst, best] {
                let cost = inst.assignment_cost(&start);
                let far = Instant::now() + std::time::Duration::from_secs(600);
                let root = root_bound(Cow::Borrowed(&inst), p, 0.0, true, 300, cost, start, far);
                assert!(
                    root.bound <= optimum + 1e-9,
                    "seed {seed}: {} > {optimum}",
                    root.bound
                );
                assert!(root.cost >= optimum && root.cost <= cost);
                assert_eq!(inst.assignment_cost(&root.open), root.cost);
                for (open, c) in &plans {
                    if *c < root.cost {
                        for s in 0..inst.n_sites {
                            match root.fix[s] {
                                Fix::Open => assert!(open[s], "seed {seed}: site {s}"),
                                Fix::Closed => assert!(!open[s], "seed {seed}: site {s}"),
                                Fix::Free => {}
                            }
                        }
                    }
                }
                fixed += root.fix.iter().filter(|&&f| f != Fix::Free).count();
                if let Some(r) = &root.reduced {
                    // The restricted instance costs every plan it allows alike.
                    for (open, c) in &plans {
                        let allowed = (0..inst.n_sites).all(|s| !open[s] || r.candidate[s]);
                        if allowed {
                            assert_eq!(r.assignment_cost(open), *c);
                        }
                    }
                }
            }
        }
        // The property was exercised: some candidates were fixed.
        assert!(fixed > 0);
    }
}
