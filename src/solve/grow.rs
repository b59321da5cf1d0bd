//! Rows cut to the k nearest grown before the solve, where a plan needs
//! them ([`CostMatrix::grown_for`]), within the memory budget.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::memory::{Budget, BYTES_PER_POINT, ENGINE_BYTES_PER_PAIR, MATRIX_BYTES_PER_PAIR};
use crate::models::{ModelKind, ModelSpec};
use crate::problem::Problem;
use crate::travel::CostMatrix;

use super::SolveParams;

/// Share of the time limit that growing rows before the solve may take.
const GROW_SHARE: f64 = 0.35;

/// Most rounds of plan-then-grow before the solve.
const GROW_ROUNDS: usize = 4;

/// Growth by less than one pair in this many ends the rounds.
const SETTLED: usize = 50;

/// Smallest matrix (kept pairs) whose rows grow before the solve; below
/// it the solve itself is quick and its plan widens the rows.
const GROW_MIN_PAIRS: usize = 200_000;

/// Most pairs a matrix may hold under `budget`: what the inputs leave,
/// shared by the pairs of two matrices (the one growing and the grown one)
/// and the engine's working set.
///
/// ```
/// # use siteplan::prelude::*;
/// # use siteplan::memory::{Budget, BudgetSource, Bytes};
/// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("x", 0.0, 0.0)).build()?;
/// let budget = Budget { bytes: Bytes(1 << 30), source: BudgetSource::Set };
/// assert!(siteplan::solve::grow::max_pairs(&p, budget) > 10_000_000);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn max_pairs(problem: &Problem, budget: Budget) -> usize {
    let inputs = (problem.demand().len() + problem.sites().len()) as u64 * BYTES_PER_POINT;
    let per_pair = 2 * MATRIX_BYTES_PER_PAIR + ENGINE_BYTES_PER_PAIR;
    (budget.bytes.0.saturating_sub(inputs) / per_pair) as usize
}

/// True for the models whose rows cut to the k nearest grow only where
/// plans need them, within the memory budget: the uncapacitated p-median
/// and max-coverage (the latter on the engine's route,
/// [`cover_on_cut_rows`]).
pub(crate) fn grows_in_budget(problem: &Problem, spec: &ModelSpec) -> bool {
    let kind = spec.kind == ModelKind::PMedian
        || (spec.kind == ModelKind::MaxCoverage && spec.cutoff.is_some());
    kind && !super::uses_capacities(problem, spec)
}

/// True when the engine takes a max-coverage on rows cut to the k nearest
/// as they are: without capacities, and by the engine's route (above
/// [`super::exact::AUTO_MAX_PAIRS`] kept pairs, or the heuristic method).
/// A cut row then counts its point as covered when a site beyond its cut
/// may cover it (the floor of its 0/1 costs is 0), and rows grow where a
/// plan leaves points uncovered ([`CostMatrix::grown_to_cover`]); the MIP
/// route needs whole rows.
pub(crate) fn cover_on_cut_rows(
    problem: &Problem,
    spec: &ModelSpec,
    costs: &CostMatrix,
    params: &SolveParams,
) -> bool {
    spec.kind == ModelKind::MaxCoverage
        && grows_in_budget(problem, spec)
        && costs.can_widen()
        && (params.method == super::Method::Heuristic
            || costs.n_pairs() > super::exact::AUTO_MAX_PAIRS)
}

/// The rows a plan with `open` sites needs grown, for the model of `spec`:
/// coverage rows of uncovered points to the whole cutoff
/// ([`CostMatrix::grown_to_cover`]), else rows out to their nearest open
/// site ([`CostMatrix::grown_for`]). `None` when none grows.
pub(crate) fn grown(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    open: &[bool],
    max_pairs: usize,
) -> Option<CostMatrix> {
    match spec.cutoff {
        Some(r) if cover_on_cut_rows(problem, spec, costs, params) => {
            costs.grown_to_cover(problem, open, r, max_pairs)
        }
        _ => costs.grown_for(problem, open, max_pairs),
    }
}

/// True when rows widened four-fold everywhere
/// ([`CostMatrix::widened`]) may hold no more than `max_pairs` pairs.
pub(crate) fn widen_fits(costs: &CostMatrix, max_pairs: usize) -> bool {
    let k = costs.reach().k_nearest.unwrap_or(costs.n_sites());
    let next = k
        .saturating_mul(crate::travel::WIDEN_FACTOR)
        .min(costs.n_sites());
    costs.n_demand().saturating_mul(next) <= max_pairs
        || costs.n_pairs().saturating_mul(crate::travel::WIDEN_FACTOR) <= max_pairs
}

/// For an uncapacitated p-median on rows cut to the k nearest (and a
/// max-coverage on the engine's route, [`cover_on_cut_rows`], whose rows
/// grow where its plans leave points uncovered): a quick plan, then its
/// strained rows grown ([`CostMatrix::grown_for`]), a few
/// rounds within [`GROW_SHARE`] of the time limit, each plan a descent from
/// the one before, until the rows settle; then (p-median) the rows of the
/// last plan grown out to its second-nearest open site
/// ([`CostMatrix::grown_to`]).
/// The solve then starts on rows that hold the sites its plans use,
/// instead of pricing far points at their floors, and from the last plan.
/// Returns the grown rows (`None` when nothing grew) and that plan.
pub(crate) fn grow_first(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    start: Instant,
    max_pairs: usize,
) -> Result<(Option<CostMatrix>, Option<Vec<bool>>)> {
    let cover = cover_on_cut_rows(problem, spec, costs, params);
    if !(cover || spec.kind == ModelKind::PMedian && grows_in_budget(problem, spec))
        || !costs.can_widen()
        || costs.n_pairs() < GROW_MIN_PAIRS
    {
        return Ok((None, None));
    }
    let share = (params.time_limit * GROW_SHARE).clamp(0.0, 1e6);
    let until = start + Duration::from_secs_f64(share);
    let mut wide: Option<CostMatrix> = None;
    let mut from: Option<Vec<bool>> = None;
    for _ in 0..GROW_ROUNDS {
        if crate::stop::requested() {
            return Err(Error::Interrupted);
        }
        if Instant::now() >= until {
            break;
        }
        let m = wide.as_ref().unwrap_or(costs);
        let open = super::heuristic::pmedian::quick_open(
            problem,
            m,
            spec,
            params,
            from.as_deref(),
            until,
        )?;
        let before = m.n_pairs();
        match grown(problem, m, spec, params, &open, max_pairs) {
            Some(grown) => {
                // Rows that hardly grew: the plans have settled.
                let settled = grown.n_pairs() < before + before / SETTLED;
                wide = Some(grown);
                from = Some(open);
                if settled {
                    break;
                }
            }
            None => break,
        }
    }
    // Last, the rows of the settled plan reach their second-nearest open
    // site: the bound then prices a point when its site closes, instead of
    // letting it leave at its plan's cost.
    if let Some(open) = from.as_ref().filter(|_| !cover) {
        let m = wide.as_ref().unwrap_or(costs);
        if let Some(grown) = m.grown_to(problem, open, 2, max_pairs) {
            wide = Some(grown);
        }
    }
    Ok((wide, from))
}
