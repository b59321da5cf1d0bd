//! p-median (and, through the 0/1 cost transform, max-coverage): greedy
//! construction, fast swap descent from several seeded starts in parallel,
//! then the Lagrangian bound, whose relaxed plans may improve the best plan.

use std::borrow::Cow;
use std::time::Instant;

use rayon::prelude::*;

use super::greedy::greedy_add;
use super::instance::Instance;
use super::lagrangian::{Fix, LagOutcome};
use super::rng::Rng;
use super::root::root_bound;
use super::swap::SwapState;
use super::HeuristicOptions;
use crate::error::{Error, Result};

/// The best plan of a p-median-like search and what is proven about it.
pub(crate) struct Searched {
    /// Open flags of the best plan.
    pub open: Vec<bool>,
    /// Its cost (assignment plus penalties).
    pub cost: f64,
    /// Proven lower bound on the optimum.
    pub bound: f64,
    /// Local-search moves plus subgradient iterations.
    pub iterations: u64,
    /// The root Lagrangian outcome (multipliers to warm-start from).
    pub root: Option<LagOutcome>,
    /// Candidates fixed at the root for every plan cheaper than `cost`.
    pub fix: Vec<Fix>,
    /// The instance the search ended on when it is not the caller's:
    /// without the candidates fixed closed, when any were, or the one
    /// handed over.
    pub reduced: Option<Instance>,
}

/// Checks that `p` new sites can be opened.
pub(crate) fn check_p(inst: &Instance, p: usize) -> Result<()> {
    let n = inst.candidate.iter().filter(|&&c| c).count();
    if p > n {
        return Err(Error::Infeasible(format!(
            "{p} new sites were asked for but only {n} candidate sites exist"
        )));
    }
    Ok(())
}

/// One start: (randomised) greedy, then swap descent.
fn one_start(
    inst: &Instance,
    p: usize,
    seed: u64,
    r: usize,
    deadline: Instant,
) -> (f64, Vec<bool>, u64) {
    let mut open = inst.fixed_open.clone();
    if r == 0 {
        greedy_add(inst, &mut open, p, None, false);
    } else {
        let mut rng = Rng::new(seed, r as u64);
        greedy_add(inst, &mut open, p, Some(&mut rng), false);
    }
    let mut st = SwapState::new(inst, open, p);
    st.descend_swaps(deadline);
    st.rebuild();
    (st.cost, st.open, st.moves)
}

/// Swap descent from given open flags.
pub(crate) fn polish(
    inst: &Instance,
    p: usize,
    open: Vec<bool>,
    deadline: Instant,
) -> (f64, Vec<bool>, u64) {
    let mut st = SwapState::new(inst, open, p);
    st.descend_swaps(deadline);
    st.rebuild();
    (st.cost, st.open, st.moves)
}

/// Largest instance (kept pairs) whose max-coverage plan [`tie_break`]
/// polishes.
pub(crate) const TIE_BREAK_MAX_PAIRS: usize = 2_000_000;

/// For max-coverage (`cover` is the cutoff): among plans covering as much,
/// prefers the least weighted cost within the cutoff, as the MIP route's
/// objective does. A swap descent on the instance with its tie-break
/// ([`Instance::with_tie_break`]) from `open`, kept only when it covers no
/// less. p-median plans (`cover` is `None`) come back as they are.
pub(crate) fn tie_break(
    inst: &Instance,
    costs: &crate::travel::CostMatrix,
    cover: Option<f64>,
    p: usize,
    open: &[bool],
    deadline: Instant,
) -> Vec<bool> {
    let Some(cut) = cover else {
        return open.to_vec();
    };
    // Merged points (`Instance::merged`, only above the size) have no one
    // cost each.
    let large = inst.row_site.len() > TIE_BREAK_MAX_PAIRS || inst.origin.is_some();
    if large || crate::stop::past(deadline) {
        return open.to_vec();
    }
    let tie = inst.clone().with_tie_break(costs, cut);
    let (_, polished, _) = polish(&tie, p, open.to_vec(), deadline);
    if inst.assignment_cost(&polished) <= inst.assignment_cost(open) {
        polished
    } else {
        open.to_vec()
    }
}

/// Runs the starts (in parallel in the current pool) and keeps the best, lowest
/// start index on ties: the result does not depend on the thread count.
pub(crate) fn multistart(
    inst: &Instance,
    p: usize,
    seed: u64,
    restarts: usize,
    deadline: Instant,
) -> (f64, Vec<bool>, u64) {
    let run = || {
        (0..restarts.max(1))
            .into_par_iter()
            .map(|r| {
                if r > 0 && crate::stop::past(deadline) {
                    None
                } else {
                    Some(one_start(inst, p, seed, r, deadline))
                }
            })
            .collect::<Vec<_>>()
    };
    let results = run();
    let moves = results.iter().flatten().map(|r| r.2).sum();
    let (cost, open, _) = results
        .into_iter()
        .flatten()
        .reduce(|a, b| if b.0 < a.0 { b } else { a })
        .expect("the first start always runs");
    (cost, open, moves)
}

/// Heuristic search plus root bound. An instance handed over
/// ([`Cow::Owned`]) comes back in [`Searched::reduced`], reduced or not;
/// it is dropped as soon as a reduced one replaces it.
pub(crate) fn search(
    inst: Cow<'_, Instance>,
    p: usize,
    gap: f64,
    seed: u64,
    opts: &HeuristicOptions,
    deadline: Instant,
) -> Result<Searched> {
    check_p(&inst, p)?;
    let pairs = inst.row_site.len();
    let restarts = opts.restarts.unwrap_or(if pairs <= 200_000 {
        32
    } else if pairs <= 2_000_000 {
        8
    } else {
        1
    });
    let fits = |open: &[bool]| {
        open.len() == inst.n_sites
            && (0..inst.n_sites).all(|s| !inst.fixed_open[s] || open[s])
            && (0..inst.n_sites).all(|s| !open[s] || inst.fixed_open[s] || inst.candidate[s])
            && (0..inst.n_sites)
                .filter(|&s| open[s] && inst.candidate[s])
                .count()
                == p
    };
    let (cost, open, mut iterations) = match opts.start.as_deref().filter(|o| fits(o)) {
        Some(start) => polish(&inst, p, start.to_vec(), deadline),
        None => multistart(&inst, p, seed, restarts, deadline),
    };
    let integral = inst.is_integral();
    let root = root_bound(
        inst,
        p,
        gap,
        integral,
        opts.max_subgradient,
        cost,
        open,
        deadline,
    );
    iterations += root.iterations;
    let (cost, open) = (root.cost, root.open);
    let mut bound = root.bound;
    if integral && bound.is_finite() {
        // Whole-number data has a whole-number optimum.
        bound = (bound - 1e-6).ceil();
    }
    Ok(Searched {
        open,
        cost,
        bound: bound.min(cost),
        iterations,
        root: root.outcome,
        fix: root.fix,
        reduced: root.reduced,
    })
}

/// A p-median plan for cut rows to grow by
/// ([`crate::travel::CostMatrix::grown_for`]): one greedy start and swap
/// descent on `costs`, or, given the plan of the rows before they grew, a
/// swap descent from it.
pub(crate) fn quick_open(
    problem: &crate::problem::Problem,
    costs: &crate::travel::CostMatrix,
    spec: &crate::models::ModelSpec,
    params: &crate::solve::SolveParams,
    from: Option<&[bool]>,
    deadline: Instant,
) -> Result<Vec<bool>> {
    let (inst, p, _) = super::pmedian_instance(problem, costs, spec)?;
    check_p(&inst, p)?;
    Ok(super::in_pool(params.threads, || match from {
        Some(open) => polish(&inst, p, open.to_vec(), deadline).1,
        None => one_start(&inst, p, params.seed, 0, deadline).1,
    }))
}
