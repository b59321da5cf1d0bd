//! siteplan's own heuristic-and-bound engine, for problems too large for a
//! general MIP solver.
//!
//! Every plan it returns carries a proven `bound` and its `gap`: a greedy
//! construction and a fast swap local search find the plan, a Lagrangian
//! relaxation proves how far from optimal it can be, and (for p-median and
//! max-coverage) branch-and-bound on that relaxation can prove optimality.
//! See docs/ALGORITHMS.md for the methods and references.
//!
//! Semantics shared by the models: existing sites are always open and never
//! counted as new; competitor and excluded sites are never opened; a demand
//! point with no reachable open site is *unserved*. For p-median it costs
//! [`unserved_penalty`] per unit of weight, except that points no existing
//! or candidate site reaches add nothing (they are unserved whatever
//! opens), so the objective of a plan is `evaluate(..).total_cost +
//! penalty × (unserved_weight − unreachable weight)` (the total cost when
//! every reachable point is served): the model of the MIP route. Max-coverage maximises
//! `evaluate(..).covered_weight` within the cutoff; fixed-charge minimises
//! the fixed costs of all open sites plus assignment costs plus
//! [`fixed_charge_penalty`] per unserved unit; set-cover minimises the number
//! of new sites.
//!
//! Results are deterministic for a seed whatever the number of threads, as
//! long as the time limit does not cut the search short.

// Index loops over parallel arrays read best as they are.
#![allow(clippy::needless_range_loop)]

/// Exact p-median/max-coverage by branch-and-bound on the Lagrangian bound.
mod branch_bound;
/// Capacitated plans: search over open sets priced by the transportation problem.
mod capacitated;
/// The transportation problem for a few open sites and many points.
mod dense_flow;
/// Fixed-charge location: add/drop/swap search and its Lagrangian bound.
mod fixed_charge;
/// Lazy (accelerated) greedy construction.
mod greedy;
/// The engine's compressed view of a problem.
mod instance;
/// Lagrangian bound for p-median-like problems with subgradient optimisation.
mod lagrangian;
/// p-median and max-coverage: multistart greedy + swap, then the bound.
pub(crate) mod pmedian;
/// Seeded random numbers.
mod rng;
/// The root bound: subgradient runs, reduced-cost fixing, a shrinking instance.
mod root;
/// Set cover: greedy, redundancy elimination and a Lagrangian bound.
mod set_cover;
/// Fast swap local search with gain/loss/extra tables.
mod swap;
/// Transportation problem (capacitated assignment) by min-cost flow.
mod transport;

pub(crate) use capacitated::dense_fits;
pub use fixed_charge::fixed_charge_penalty;
pub use instance::unserved_penalty;

use std::time::Instant;

use crate::error::{Error, Result};
use crate::evaluate::evaluate;
use crate::models::{ModelKind, ModelSpec};
use crate::plan::{relative_gap, Assignment, Plan, PlanStatus, SolveStats};
use crate::problem::Problem;
use crate::solve::{routes, SolveParams};
use crate::travel::CostMatrix;

use instance::Instance;

/// Tuning knobs of the engine beyond [`SolveParams`], with defaults.
///
/// ```
/// use siteplan::solve::heuristic::HeuristicOptions;
/// let o = HeuristicOptions::default().with_restarts(4);
/// assert_eq!(o.restarts, Some(4));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HeuristicOptions {
    /// Starts of greedy + swap search (the first is plain greedy, the others
    /// randomised by the seed). Default: 32 for matrices up to 200,000
    /// pairs, 8 up to 2 million, 1 above.
    pub restarts: Option<usize>,
    /// Most subgradient iterations of one run of the root bound (default
    /// 3000; the p-median root makes up to 12 runs, each from the best
    /// multipliers of the last, while they raise the bound).
    pub max_subgradient: usize,
    /// A plan to start the p-median search from (open flags, one per site:
    /// every existing site and exactly `new_sites` candidates open): one
    /// swap descent from it replaces the greedy starts. Ignored when it
    /// does not fit the problem. Default: none.
    pub start: Option<Vec<bool>>,
}

impl Default for HeuristicOptions {
    fn default() -> Self {
        HeuristicOptions {
            restarts: None,
            max_subgradient: 3000,
            start: None,
        }
    }
}

impl HeuristicOptions {
    /// Sets the number of starts.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::heuristic::HeuristicOptions;
    /// assert_eq!(HeuristicOptions::default().with_restarts(1).restarts, Some(1));
    /// ```
    pub fn with_restarts(mut self, n: usize) -> Self {
        self.restarts = Some(n);
        self
    }

    /// Sets the most subgradient iterations of the root bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::heuristic::HeuristicOptions;
    /// assert_eq!(HeuristicOptions::default().with_max_subgradient(500).max_subgradient, 500);
    /// ```
    pub fn with_max_subgradient(mut self, n: usize) -> Self {
        self.max_subgradient = n;
        self
    }

    /// Sets the plan to start the p-median search from.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::heuristic::HeuristicOptions;
    /// let o = HeuristicOptions::default().with_start(vec![true, false]);
    /// assert_eq!(o.start.as_deref(), Some(&[true, false][..]));
    /// ```
    pub fn with_start(mut self, open: Vec<bool>) -> Self {
        self.start = Some(open);
        self
    }
}

/// Solves with greedy construction, swap local search and a Lagrangian bound.
///
/// Supports p-median, max-coverage, fixed-charge and set-cover; p-center
/// returns [`Error::Usage`]. `params.threads` sets the threads of the search
/// (0: the caller's rayon pool).
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// use siteplan::solve::{heuristic, SolveParams};
/// let p = Problem::builder()
///     .demands((0..4).map(|i| DemandPoint::new(format!("d{i}"), 0.0, i as f64, 1.0)))
///     .sites((0..4).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
///     .build()?;
/// let rows = (0..4)
///     .map(|d: i32| (0..4).map(|s: i32| (s as u32, (d - s).abs() as f64)).collect())
///     .collect();
/// let m = CostMatrix::from_rows(4, rows, Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(2);
/// let plan = heuristic::solve(&p, &m, &spec, &SolveParams::default())?;
/// assert_eq!(plan.objective, 2.0);
/// assert_eq!(plan.bound, Some(2.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    solve_with(problem, costs, spec, params, &HeuristicOptions::default())
}

/// [`solve`] with explicit [`HeuristicOptions`].
///
/// # Examples
///
/// One plain greedy start and a short bound still find and prove the
/// optimum of four points on a line (two new sites, total cost 2):
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// use siteplan::solve::heuristic::{self, HeuristicOptions};
/// use siteplan::solve::SolveParams;
/// let p = Problem::builder()
///     .demands((0..4).map(|i| DemandPoint::new(format!("d{i}"), 0.0, i as f64, 1.0)))
///     .sites((0..4).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
///     .build()?;
/// let rows = (0..4)
///     .map(|d: i32| (0..4).map(|s: i32| (s as u32, (d - s).abs() as f64)).collect())
///     .collect();
/// let m = CostMatrix::from_rows(4, rows, Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(2);
/// let opts = HeuristicOptions::default().with_restarts(1).with_max_subgradient(200);
/// let plan = heuristic::solve_with(&p, &m, &spec, &SolveParams::default(), &opts)?;
/// assert_eq!(plan.objective, 2.0);
/// assert_eq!(plan.bound, Some(2.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_with(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    opts: &HeuristicOptions,
) -> Result<Plan> {
    let start = Instant::now();
    check_inputs(problem, costs, params)?;
    let call = Call {
        problem,
        costs,
        spec,
        params,
        opts,
        start,
        deadline: deadline(start, params),
    };
    let plan = match &routes::of(spec.kind)?.engine {
        Some(engine) => (engine.solve)(&call)?,
        None => {
            return Err(Error::Usage(format!(
                "the heuristic engine does not solve {}; use the exact method",
                spec.kind
            )))
        }
    };
    Ok(with_lp_bound(plan, &call))
}

/// One solve by the engine: the request, the engine's options and its
/// clock. The route table (`solve::routes`) calls the engine's searches
/// below with it.
pub(crate) struct Call<'a> {
    pub(crate) problem: &'a Problem,
    pub(crate) costs: &'a CostMatrix,
    pub(crate) spec: &'a ModelSpec,
    pub(crate) params: &'a SolveParams,
    pub(crate) opts: &'a HeuristicOptions,
    pub(crate) start: Instant,
    pub(crate) deadline: Instant,
}

/// Largest model (kept pairs) whose LP relaxation the engine solves for a
/// second bound when HiGHS is built in.
pub const LP_BOUND_MAX_PAIRS: usize = 300_000;

/// With the `highs` feature, a plan whose gap is still above `params.gap`
/// gets a second lower bound (upper bound for max-coverage): the optimum
/// of the model's LP relaxation, solved by HiGHS in the time left, for
/// models of at most [`LP_BOUND_MAX_PAIRS`] kept pairs. The better of the
/// two bounds is kept, and the gap and status follow it. Fixed-charge
/// takes it only without a budget, a limit on new sites and capacities,
/// where its MIP and the engine solve the same model. Without the feature
/// the plan is returned as it is.
fn with_lp_bound(plan: Plan, call: &Call) -> Plan {
    #[cfg(feature = "highs")]
    {
        let Call {
            problem,
            costs,
            spec,
            params,
            deadline,
            ..
        } = *call;
        let mut plan = plan;
        let open_gap = plan.gap.is_none_or(|g| g > params.gap);
        let fits = costs.n_pairs() <= LP_BOUND_MAX_PAIRS;
        let seconds = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if !(open_gap
            && fits
            && seconds > 0.05
            && matches!(plan.status, PlanStatus::Optimal | PlanStatus::Feasible))
        {
            return plan;
        }
        let Some(relaxation) = routes::find(spec.kind).and_then(|r| r.lp_bound.as_ref()) else {
            return plan;
        };
        let Some(Ok((f, _))) = (relaxation.formulate)(problem, costs, spec) else {
            return plan;
        };
        let Some(lp) = crate::solve::backend::lp_relaxation(f, seconds, params.threads) else {
            return plan;
        };
        // Solver tolerances: give the LP value a little room.
        let slack = 1e-7 * lp.abs().max(1.0);
        let lp = (relaxation.bound)(lp, slack);
        let bound = if spec.kind.maximises() {
            plan.bound.map_or(lp, |b| b.min(lp)).max(plan.objective)
        } else {
            plan.bound.map_or(lp, |b| b.max(lp)).min(plan.objective)
        };
        plan.tighten(bound, params.gap);
        plan
    }
    #[cfg(not(feature = "highs"))]
    {
        let _ = call;
        plan
    }
}

/// The engine's p-median with capacities: the fixed-charge search with no
/// fixed costs, its bound raised by the uncapacitated p-median's.
pub(crate) fn median_search_capacitated(c: &Call) -> Result<Plan> {
    let (problem, costs, spec, params, opts) = (c.problem, c.costs, c.spec, c.params, c.opts);
    let (start, deadline) = (c.start, c.deadline);
    // Without capacities the cost can only fall: the uncapacitated
    // p-median's bound, from a tenth of the time, bounds this one
    // too, and is far tighter than the capacitated Lagrangian's.
    let mut uncapacitated = spec.clone();
    uncapacitated.capacities = false;
    let (inst, p, _) = pmedian_instance(problem, costs, &uncapacitated)?;
    let slice = start + (deadline - start) / 10;
    let relaxed = in_pool(params.threads, || {
        pmedian::search(
            std::borrow::Cow::Borrowed(&inst),
            p,
            params.gap,
            params.seed,
            opts,
            slice,
        )
    })?;
    let warm = relaxed.root.as_ref().map(|r| &r.lambda[..]);
    let mut plan = fixed_charge::solve(c, warm)?;
    if let (Some(b), crate::plan::PlanStatus::Feasible | crate::plan::PlanStatus::Optimal) =
        (plan.bound, plan.status)
    {
        let b = b
            .max(relaxed.bound - inst.report_offset)
            .min(plan.objective);
        plan.tighten(b, params.gap);
    }
    Ok(plan)
}

/// The engine's p-median or max-coverage without capacities: multistart
/// greedy and swap search, then the Lagrangian bound.
pub(crate) fn median_search(c: &Call) -> Result<Plan> {
    median(c, false)
}

/// p-median or max-coverage to proven optimality: branch-and-bound on the
/// Lagrangian bound after the swap search.
pub(crate) fn median_branch_and_bound(c: &Call) -> Result<Plan> {
    median(c, true)
}

/// The swap search, then (with `branch`) branch-and-bound on its bound.
fn median(c: &Call, branch: bool) -> Result<Plan> {
    let (problem, costs, spec, params, opts) = (c.problem, c.costs, c.spec, c.params, c.opts);
    let (start, deadline) = (c.start, c.deadline);
    refuse_capacities(problem, spec)?;
    if !branch
        && spec.kind == ModelKind::MaxCoverage
        && crate::solve::uses_capacities(problem, spec)
    {
        return capacitated::coverage(problem, costs, spec, params, opts, start, deadline);
    }
    let (inst, p, cover) = pmedian_instance(problem, costs, spec)?;
    // Points with the same row are one to the search; a max-coverage plan
    // small enough for its tie-break keeps each point's own costs.
    let inst = if cover.is_none() || inst.row_site.len() > pmedian::TIE_BREAK_MAX_PAIRS {
        inst.merged()
    } else {
        inst
    };
    // The search owns the instance (and drops it once a reduced one
    // replaces it); a max-coverage plan's tie-break keeps a copy.
    let ties = (cover.is_some() && inst.row_site.len() <= pmedian::TIE_BREAK_MAX_PAIRS)
        .then(|| inst.clone());
    let (open, bound, stats) = in_pool(params.threads, || {
        let owned = std::borrow::Cow::Owned(inst);
        let mut s = pmedian::search(owned, p, params.gap, params.seed, opts, deadline)?;
        Ok::<_, Error>(if branch {
            let work = s
                .reduced
                .take()
                .expect("the search hands its instance back");
            let r = branch_bound::branch_and_bound(&work, p, params.gap, s, deadline);
            let stats = SolveStats {
                iterations: r.iterations,
                nodes: r.nodes,
                ..SolveStats::default()
            };
            (r.open, r.bound, stats)
        } else {
            let stats = SolveStats {
                iterations: s.iterations,
                ..SolveStats::default()
            };
            (s.open, s.bound, stats)
        })
    })?;
    let stats = SolveStats {
        seconds: start.elapsed().as_secs_f64(),
        ..stats
    };
    let open = match &ties {
        Some(inst) => pmedian::tie_break(inst, costs, cover, p, &open, deadline),
        None => open,
    };
    Ok(pmedian_plan(
        problem,
        costs,
        spec,
        params,
        cover,
        &open,
        bound,
        if branch {
            "branch-and-bound"
        } else {
            "heuristic"
        },
        stats,
    ))
}

/// The engine's fixed-charge: add/drop/swap search and its Lagrangian bound.
pub(crate) fn fixed_charge_search(c: &Call) -> Result<Plan> {
    fixed_charge::solve(c, None)
}

/// The engine's set cover: greedy, redundancy elimination and a Lagrangian
/// bound.
pub(crate) fn cover_search(c: &Call) -> Result<Plan> {
    set_cover::solve(
        c.problem, c.costs, c.spec, c.params, c.start, c.deadline, false,
    )
}

/// Set cover to proven optimality: max-coverage trees with fewer and fewer
/// new sites.
pub(crate) fn cover_branch_and_bound(c: &Call) -> Result<Plan> {
    set_cover::solve(
        c.problem, c.costs, c.spec, c.params, c.start, c.deadline, true,
    )
}

/// Solves p-median or max-coverage to proven optimality (within
/// `params.gap`, or until `params.time_limit`) by branch-and-bound on the
/// Lagrangian bound, without any external solver. Other models return
/// [`Error::Usage`]: their exact route is the MIP solver ([`crate::solve::Method::Exact`]).
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, PlanStatus, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// use siteplan::solve::{heuristic, SolveParams};
/// let p = Problem::builder()
///     .demands((0..5).map(|i| DemandPoint::new(format!("d{i}"), 0.0, i as f64, 1.0)))
///     .sites((0..5).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
///     .build()?;
/// let rows = (0..5)
///     .map(|d: i32| (0..5).map(|s: i32| (s as u32, ((d - s) * (d - s)) as f64)).collect())
///     .collect();
/// let m = CostMatrix::from_rows(5, rows, Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(2);
/// let plan = heuristic::solve_exact(&p, &m, &spec, &SolveParams::default())?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(plan.objective, 3.0);
/// assert_eq!(plan.method, "branch-and-bound");
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_exact(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    solve_exact_with(problem, costs, spec, params, &HeuristicOptions::default())
}

/// [`solve_exact`] with explicit [`HeuristicOptions`] (a start plan).
pub(crate) fn solve_exact_with(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    opts: &HeuristicOptions,
) -> Result<Plan> {
    let start = Instant::now();
    check_inputs(problem, costs, params)?;
    let call = Call {
        problem,
        costs,
        spec,
        params,
        opts,
        start,
        deadline: deadline(start, params),
    };
    match routes::find(spec.kind).and_then(|r| r.own_exact.as_ref()) {
        Some(own) => (own.solve)(&call),
        None => Err(Error::Usage(format!(
            "siteplan's own exact search covers p-median, max-coverage and set-cover; solve \
             {} exactly with the MIP route (method exact)",
            spec.kind
        ))),
    }
}

fn check_inputs(problem: &Problem, costs: &CostMatrix, params: &SolveParams) -> Result<()> {
    if costs.n_demand() != problem.demand().len() || costs.n_sites() != problem.sites().len() {
        return Err(Error::Usage(format!(
            "the cost matrix is {} × {} but the problem has {} demand points and {} sites",
            costs.n_demand(),
            costs.n_sites(),
            problem.demand().len(),
            problem.sites().len()
        )));
    }
    if params.time_limit.is_nan() || params.time_limit <= 0.0 {
        return Err(Error::Usage(format!(
            "time limit {} s must be a positive number of seconds",
            params.time_limit
        )));
    }
    if !(params.gap >= 0.0 && params.gap.is_finite()) {
        return Err(Error::Usage(format!(
            "gap {} must be a finite number ≥ 0",
            params.gap
        )));
    }
    Ok(())
}

fn deadline(start: Instant, params: &SolveParams) -> Instant {
    let secs = params.time_limit.min(1e7);
    start + std::time::Duration::from_secs_f64(secs)
}

/// Runs `f` in a rayon pool of `threads` threads (0: the caller's pool).
pub(crate) fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    if threads == 0 {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// The instance of a p-median or max-coverage spec, its p, and the cutoff
/// for max-coverage.
/// The engine's p-median and max-coverage ignore capacities: refuse a
/// model that must respect them rather than return a plan that may not.
fn refuse_capacities(problem: &Problem, spec: &ModelSpec) -> Result<()> {
    if crate::solve::engine_lacks_capacities(problem, spec) {
        return Err(Error::Usage(format!(
            "the heuristic engine solves {} without site capacities; use the exact \
             method (MIP) for the capacitated model, or ignore capacities (--no-capacities)",
            spec.kind
        )));
    }
    Ok(())
}

fn pmedian_instance(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
) -> Result<(Instance, usize, Option<f64>)> {
    let p = spec.new_sites.ok_or_else(|| {
        Error::Usage(format!(
            "{} needs the number of new sites (new_sites)",
            spec.kind
        ))
    })?;
    let cover = match spec.kind {
        ModelKind::MaxCoverage => {
            let cut = spec
                .cutoff
                .ok_or_else(|| Error::Usage("max-coverage needs a coverage cutoff".into()))?;
            if cut.is_nan() || cut < 0.0 {
                return Err(Error::Usage(format!("cutoff {cut} must be ≥ 0")));
            }
            Some(cut)
        }
        _ => None,
    };
    let inst = Instance::new(problem, costs, cover);
    // No plan serves anything: the same verdict and reason as the MIP route.
    match cover {
        None => {
            let roles = crate::models::common::Roles::of(problem);
            crate::models::common::served_points(problem, costs, spec, &roles, p)?;
        }
        Some(r) if inst.row_site.is_empty() => {
            return Err(Error::Infeasible(format!(
                "no demand point has an existing or candidate site within the cutoff {r}"
            )));
        }
        Some(_) => {}
    }
    Ok((inst, p, cover))
}

/// Builds the plan of open flags for p-median (cover = None) or
/// max-coverage, with the objective recomputed by [`evaluate`].
#[allow(clippy::too_many_arguments)]
fn pmedian_plan(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    cover: Option<f64>,
    open: &[bool],
    bound: f64,
    method: &str,
    stats: SolveStats,
) -> Plan {
    let e = evaluate(problem, costs, open, cover);
    let (objective, bound) = match cover {
        None => {
            // Unreachable points (no existing or candidate site in their
            // row) are unserved whatever opens: the search charged them
            // the penalty like any unserved point, the plan leaves them
            // out, as the MIP route does. Reachable points left unserved
            // keep the penalty.
            let penalty = unserved_penalty(costs);
            let reachable = |d: usize| {
                costs.floor(d).is_some()
                    || costs
                        .row(d)
                        .iter()
                        .any(|(s, _)| problem.sites()[s].can_open())
            };
            let (mut unreachable, mut left) = (0.0, 0.0);
            for (d, a) in e.assignment.iter().enumerate() {
                let w = problem.demand()[d].weight;
                if !reachable(d) {
                    unreachable += w;
                } else if a.is_none() {
                    left += w;
                }
            }
            let obj = e.total_cost + penalty * left;
            (obj, (bound - penalty * unreachable).min(obj))
        }
        Some(_) => {
            // The search minimised uncovered weight; its bound is a lower
            // bound on it, so total − bound bounds the covered weight.
            let obj = e.covered_weight;
            (obj, (problem.total_weight() - bound).max(obj))
        }
    };
    let stats = SolveStats {
        rows_bind: cover.is_none() && e.beyond_cut > 0,
        ..stats
    };
    // Max-coverage assigns the demand it covers, as the MIP route does.
    let assignment = e
        .assignment
        .iter()
        .enumerate()
        .filter_map(|(d, a)| {
            a.filter(|&(_, cost)| cover.is_none_or(|cut| cost <= cut))
                .map(|(site, cost)| Assignment {
                    demand: d,
                    site,
                    share: 1.0,
                    cost,
                })
        })
        .collect();
    make_plan(
        problem,
        spec.kind,
        method,
        open,
        assignment,
        objective,
        Some(bound),
        params,
        stats,
    )
}

/// Assembles a plan: open and new lists, gap and status.
#[allow(clippy::too_many_arguments)]
pub(crate) fn make_plan(
    problem: &Problem,
    model: ModelKind,
    method: &str,
    open: &[bool],
    assignment: Vec<Assignment>,
    objective: f64,
    bound: Option<f64>,
    params: &SolveParams,
    stats: SolveStats,
) -> Plan {
    let sites = problem.sites();
    let open_list: Vec<usize> = (0..sites.len()).filter(|&s| open[s]).collect();
    let new = open_list
        .iter()
        .copied()
        .filter(|&s| sites[s].status != crate::problem::SiteStatus::Existing)
        .collect();
    let gap = bound.map(|b| relative_gap(objective, b));
    let status = if gap.is_some_and(|g| g <= params.gap) {
        PlanStatus::Optimal
    } else {
        PlanStatus::Feasible
    };
    Plan {
        model,
        method: method.into(),
        status,
        open: open_list,
        new,
        assignment,
        objective,
        bound,
        gap,
        stats,
        timeline: None,
    }
}

/// A `no-solution` plan (no assignment, objective NaN, no bound) with the
/// sites the search had open and `method` saying why.
pub(crate) fn no_plan(
    problem: &Problem,
    model: ModelKind,
    open: &[bool],
    method: &str,
    params: &SolveParams,
    stats: SolveStats,
) -> Plan {
    let mut plan = make_plan(
        problem,
        model,
        method,
        open,
        Vec::new(),
        f64::NAN,
        None,
        params,
        stats,
    );
    plan.status = PlanStatus::NoSolution;
    plan
}
