//! Solving models: the only module that names an LP/MIP backend.
//!
//! [`solve`] picks a method ([`Method`]): the exact MIP route through
//! good_lp (module `exact`), or siteplan's own heuristic-and-bound engine
//! (module `heuristic`).

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::travel::CostMatrix;

pub(crate) mod backend;
pub mod exact;
mod greedy;
pub mod grow;
pub mod heuristic;
pub mod market_entry;
mod mip;
mod routes;
pub mod share;

/// How to solve.
///
/// # Examples
///
/// Four points on a line, one unit apart, with a candidate at each; two
/// new sites serve them at a total cost of 2 whichever method runs:
///
/// ```
/// use siteplan::prelude::*;
/// let p = Problem::builder()
///     .demands((0..4).map(|i| DemandPoint::new(format!("d{i}"), 0.0, i as f64, 1.0)))
///     .sites((0..4).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
///     .build()?;
/// let rows = (0..4)
///     .map(|d: i32| (0..4).map(|s: i32| (s as u32, (d - s).abs() as f64)).collect())
///     .collect();
/// let m = CostMatrix::from_rows(4, rows, Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(2);
/// assert_eq!(Method::default(), Method::Auto);
/// for method in [Method::Auto, Method::Exact, Method::Heuristic] {
///     let plan = solve(&p, &m, &spec, &SolveParams::default().with_method(method))?;
///     assert_eq!(plan.objective, 2.0);
/// }
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Exact for small models, the heuristic engine for large ones.
    #[default]
    Auto,
    /// Prove optimality (within the gap) or stop at the time limit.
    Exact,
    /// Heuristic search with a proven bound.
    Heuristic,
}

impl std::str::FromStr for Method {
    type Err = String;
    /// ```
    /// assert_eq!("exact".parse::<siteplan::solve::Method>(), Ok(siteplan::solve::Method::Exact));
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Method::Auto),
            "exact" => Ok(Method::Exact),
            "heuristic" => Ok(Method::Heuristic),
            _ => Err(format!(
                "unknown method {s:?}; expected auto, exact or heuristic"
            )),
        }
    }
}

/// Solver settings, with documented defaults.
///
/// ```
/// use siteplan::solve::{SolveParams, Method};
/// let p = SolveParams::default().with_time_limit(30.0).with_method(Method::Exact);
/// assert_eq!(p.time_limit, 30.0);
/// assert_eq!(p.gap, 1e-4);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SolveParams {
    /// Method (default `auto`).
    pub method: Method,
    /// Wall-clock limit in seconds for the whole solve (default 60).
    pub time_limit: f64,
    /// Relative optimality gap at which a solve may stop (default 1e-4).
    pub gap: f64,
    /// Threads a single solve may use (default 1; sweeps run solves in parallel instead).
    pub threads: usize,
    /// Seed for randomised parts (default 0); same seed, same plan.
    pub seed: u64,
}

impl Default for SolveParams {
    fn default() -> Self {
        SolveParams {
            method: Method::Auto,
            time_limit: 60.0,
            gap: 1e-4,
            threads: 1,
            seed: 0,
        }
    }
}

impl SolveParams {
    /// Sets the method.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::{Method, SolveParams};
    /// assert_eq!(SolveParams::default().with_method(Method::Heuristic).method, Method::Heuristic);
    /// ```
    pub fn with_method(mut self, m: Method) -> Self {
        self.method = m;
        self
    }

    /// Sets the time limit in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::SolveParams;
    /// assert_eq!(SolveParams::default().with_time_limit(5.0).time_limit, 5.0);
    /// ```
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = seconds;
        self
    }

    /// Sets the relative gap target.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::SolveParams;
    /// assert_eq!(SolveParams::default().with_gap(0.01).gap, 0.01);
    /// ```
    pub fn with_gap(mut self, gap: f64) -> Self {
        self.gap = gap;
        self
    }

    /// Sets the thread count of one solve.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::SolveParams;
    /// assert_eq!(SolveParams::default().with_threads(4).threads, 4);
    /// ```
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Sets the seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::solve::SolveParams;
    /// assert_eq!(SolveParams::default().with_seed(42).seed, 42);
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// True when siteplan's own branch-and-bound solves `spec` exactly: an
/// uncapacitated p-median or max-coverage, or a set cover (by
/// max-coverage searches with fewer and fewer new sites), on any cost matrix (dense as
/// the OR-Library instances, or sparse: cut to a radius, to the k nearest
/// sites, or an OD file with missing pairs). `Method::Exact` and
/// `Method::Auto` then take it rather than the MIP route, which is weaker
/// on these models.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::solve::own_branch_and_bound_fits;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .demand(DemandPoint::new("b", 0.0, 1.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 1.0).with_capacity(1.0))
///     .build()?;
/// let median = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// assert!(!own_branch_and_bound_fits(&p, &median)); // y has a capacity
/// let mut uncapacitated = median.clone();
/// uncapacitated.capacities = false;
/// assert!(own_branch_and_bound_fits(&p, &uncapacitated));
/// let cover = ModelSpec::new(ModelKind::SetCover).with_cutoff(0.5);
/// assert!(own_branch_and_bound_fits(&p, &cover));
/// let fixed = ModelSpec::new(ModelKind::FixedCharge);
/// assert!(!own_branch_and_bound_fits(&p, &fixed)); // the MIP route's
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn own_branch_and_bound_fits(problem: &Problem, spec: &ModelSpec) -> bool {
    routes::find(spec.kind)
        .and_then(|r| r.own_exact.as_ref())
        .is_some_and(|own| own.capacities || !uses_capacities(problem, spec))
}

/// True when `spec` respects capacities and some site a plan may open has
/// one.
pub(crate) fn uses_capacities(problem: &Problem, spec: &ModelSpec) -> bool {
    spec.capacities
        && problem
            .sites()
            .iter()
            .any(|s| s.can_open() && s.capacity.is_some())
}

/// True when `spec` is a max-coverage whose sites have capacities the
/// model must respect, too large for the engine's capacitated coverage
/// (a dense block of demand points × open sites above
/// 40 million entries): `Method::Auto` then sends it to the MIP route.
/// (A capacitated p-median goes to the engine's fixed-charge search
/// with no fixed costs when large.)
pub(crate) fn engine_lacks_capacities(problem: &Problem, spec: &ModelSpec) -> bool {
    let open = problem
        .sites()
        .iter()
        .filter(|s| s.status == crate::SiteStatus::Existing)
        .count()
        + spec.new_sites.unwrap_or(0);
    let coverage_fits = spec.kind == crate::models::ModelKind::MaxCoverage
        && heuristic::dense_fits(problem.demand().len(), open);
    routes::find(spec.kind)
        .and_then(|r| r.engine.as_ref())
        .is_some_and(|engine| !engine.capacities)
        && uses_capacities(problem, spec)
        && !coverage_fits
}

/// Solves `spec` on `problem` with travel costs `costs`.
///
/// Routes, under `Method::Auto` and `Method::Exact`: a model of at most
/// [`exact::AUTO_MAX_PAIRS`] kept pairs (not a dense p-median) goes to the
/// MIP route, whose
/// LP bound is the stronger on small models; a larger uncapacitated
/// p-median, max-coverage or set cover to siteplan's own engine, whose
/// branch-and-bound goes on after the heuristic until the gap target or the
/// time limit ([`own_branch_and_bound_fits`]); other models to the MIP route
/// under `Method::Exact`, and under `Method::Auto` to the engine (to the
/// MIP route for a capacitated max-coverage);
/// `Method::Heuristic` always runs the engine (greedy, swap search and a
/// Lagrangian bound, no branching).
///
/// Rows cut to the k nearest sites never make a certificate false: the
/// bound lets a point whose kept sites are all closed go beyond the cut at
/// the least cost it could have there (its row's dearest kept cost), the
/// objective costs the plan on the matrix's source, and while such points
/// hold the plan back and time is left, the rows are widened
/// ([`CostMatrix::widened`]) and the model solved again
/// ([`solve_growing`] also returns the widened matrix).
///
/// Requests that cannot have a plan (more new sites than candidates,
/// capacity below demand, nothing reachable) return
/// [`crate::Error::Infeasible`] with the reason.
///
/// The market-entry model has its own route ([`crate::pipeline::run_entry`],
/// [`crate::pipeline::solve_entry`]); asking this function for it is a
/// [`crate::Error::Usage`] error.
///
/// ```
/// use siteplan::prelude::*;
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("shanghai", 31.22, 121.46, 24.9e6))
///     .demand(DemandPoint::new("suzhou", 31.30, 120.60, 5.3e6))
///     .demand(DemandPoint::new("hangzhou", 30.29, 120.16, 6.2e6))
///     .site(Site::new("sh-1", 31.23, 121.47).with_status(SiteStatus::Existing))
///     .site(Site::new("sz-1", 31.31, 120.61))
///     .site(Site::new("hz-1", 30.28, 120.15))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(problem.sites()[plan.new[0]].id, "hz-1"); // Hangzhou is the larger and farther city
///
/// // Three new sites where only two candidates exist: no plan is possible.
/// let too_many = ModelSpec::new(ModelKind::PMedian).with_new_sites(3);
/// assert!(matches!(
///     solve(&problem, &costs, &too_many, &SolveParams::default()),
///     Err(Error::Infeasible(_))
/// ));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    solve_growing(problem, costs, spec, params).map(|(plan, _)| plan)
}

/// [`solve`], also returning the widened cost matrix the plan was solved
/// on when rows cut to the k nearest had to grow (`None`: `costs` itself).
/// The plan's assignment costs come from that matrix.
///
/// # Examples
///
/// Five sites on a line and one demand point at the far end; each row
/// keeps only the nearest site, which cannot open, so the rows grow:
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::solve::solve_growing;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0).with_status(SiteStatus::Excluded))
///     .sites((1..5).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
///     .build()?;
/// let costs = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let (plan, wide) = solve_growing(&p, &costs, &spec, &SolveParams::default())?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(p.sites()[plan.new[0]].id, "s1");
/// assert_eq!(wide.unwrap().reach().k_nearest, Some(4));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_growing(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<(Plan, Option<CostMatrix>)> {
    let budget = crate::memory::default_budget();
    let (plan, rows) = grow_and_solve(problem, Rows::Given(costs), spec, params, budget)?;
    Ok((
        plan,
        match rows {
            Rows::Grown(m) => Some(m),
            Rows::Given(_) | Rows::Shared(_) => None,
        },
    ))
}

/// [`solve_growing`] on a shared matrix, with rows grown only as far as
/// `budget` allows ([`grow::max_pairs`]); the shared matrix is let go
/// (freed when no one else holds it) as soon as grown rows replace it.
/// Returns the matrix the plan was solved on.
pub(crate) fn solve_growing_shared(
    problem: &Problem,
    costs: std::sync::Arc<CostMatrix>,
    spec: &ModelSpec,
    params: &SolveParams,
    budget: crate::memory::Budget,
) -> Result<(Plan, std::sync::Arc<CostMatrix>)> {
    let (plan, rows) = grow_and_solve(problem, Rows::Shared(costs), spec, params, budget)?;
    let rows = match rows {
        Rows::Shared(m) => m,
        Rows::Grown(m) => std::sync::Arc::new(m),
        Rows::Given(m) => std::sync::Arc::new(m.clone()),
    };
    Ok((plan, rows))
}

/// The rows a solve works on: the caller's, shared ones, or grown here.
enum Rows<'a> {
    Given(&'a CostMatrix),
    Shared(std::sync::Arc<CostMatrix>),
    Grown(CostMatrix),
}

impl Rows<'_> {
    fn get(&self) -> &CostMatrix {
        match self {
            Rows::Given(m) => m,
            Rows::Shared(m) => m,
            Rows::Grown(m) => m,
        }
    }
}

fn grow_and_solve<'a>(
    problem: &Problem,
    costs: Rows<'a>,
    spec: &ModelSpec,
    params: &SolveParams,
    budget: crate::memory::Budget,
) -> Result<(Plan, Rows<'a>)> {
    routes::of(spec.kind)?;
    let start = std::time::Instant::now();
    let max_pairs = grow::max_pairs(problem, budget);
    let mut rows = costs;
    let (grown, mut from) = grow::grow_first(problem, rows.get(), spec, params, start, max_pairs)?;
    if let Some(grown) = grown {
        rows = Rows::Grown(grown);
    }
    loop {
        // A stop asked for ends the growing too: no wider rows are built
        // for a solve that is not going on.
        if crate::stop::requested() {
            return Err(crate::Error::Interrupted);
        }
        let m = rows.get();
        if needs_whole_rows(problem, spec, m, params) {
            if let Some(w) = m.widened(problem) {
                rows = Rows::Grown(w?);
                continue;
            }
            // Rows given by the caller, cut within the radius: every route
            // refuses them alike rather than miscount the coverage.
            if let Some(r) = spec.cutoff.filter(|_| spec.kind.is_coverage()) {
                crate::models::common::check_complete_within(m, r)?;
            }
        }
        let left = params.time_limit - start.elapsed().as_secs_f64();
        let p = params.clone().with_time_limit(left.max(1e-3));
        let (result, route) = route(problem, m, spec, &p, from.as_deref());
        let mut plan = result?;
        let time_left =
            start.elapsed().as_secs_f64() < params.time_limit && !crate::stop::requested();
        // The plan needs wider rows (a point beyond its cut), or the bound
        // does (the floors of cut rows hold it below the target gap while
        // time is left): rows grow where the plan needs them, else
        // four-fold, within the memory budget.
        // (Not for the heuristic method, which stops at its root bound.)
        let gap_open = plan.gap.is_some_and(|g| g > params.gap)
            && params.method != Method::Heuristic
            && m.can_widen()
            && start.elapsed().as_secs_f64() < (1.0 - GROW_LEFT) * params.time_limit;
        if (plan.stats.rows_bind || gap_open) && time_left && may_widen(problem, spec, m) {
            let open = crate::evaluate::open_flags(problem.sites().len(), &plan.open);
            if let Some(w) = grow::grown(problem, m, spec, params, &open, max_pairs) {
                rows = Rows::Grown(w);
                from = Some(open);
                continue;
            }
            if let Some(w) = m
                .widened(problem)
                .filter(|_| grow::widen_fits(m, max_pairs))
            {
                rows = Rows::Grown(w?);
                continue;
            }
        }
        if plan.stats.rows_bind {
            if route == Route::Engine && !m.can_widen() && time_left {
                // No source to widen from (rows given by the caller): the
                // MIP route keeps every point within its kept row.
                let left = params.time_limit - start.elapsed().as_secs_f64();
                plan = exact::solve(
                    problem,
                    m,
                    spec,
                    &params.clone().with_time_limit(left.max(1e-3)),
                )?;
            }
            if plan.status == crate::plan::PlanStatus::NoSolution && !m.can_widen() {
                return Err(crate::models::common::too_few_nearest(m));
            }
        }
        plan.stats.seconds = start.elapsed().as_secs_f64();
        return Ok((plan, rows));
    }
}

/// Share of the time limit that must be left for rows to grow for a
/// bound's sake alone (no point beyond its cut): growing a large matrix
/// takes seconds.
const GROW_LEFT: f64 = 0.1;

/// Largest matrix (kept pairs) that rows are widened to for a model with
/// capacities: each of its plans is priced by a transportation problem
/// over the kept pairs, which beyond this no longer fits a time limit.
pub const WIDEN_CAPACITATED_MAX_PAIRS: usize = 2_000_000;

/// True when the rows of `costs` can and may grow for `spec`
/// ([`CostMatrix::can_widen`], within [`WIDEN_CAPACITATED_MAX_PAIRS`] when
/// capacities are in force).
pub(crate) fn may_widen(problem: &Problem, spec: &ModelSpec, costs: &CostMatrix) -> bool {
    let next = |k: usize| {
        costs.n_demand().saturating_mul(
            k.saturating_mul(crate::travel::WIDEN_FACTOR)
                .min(costs.n_sites()),
        )
    };
    costs.can_widen()
        && !(uses_capacities(problem, spec)
            && costs
                .reach()
                .k_nearest
                .is_some_and(|k| next(k) > WIDEN_CAPACITATED_MAX_PAIRS))
}

/// True when `spec` needs every site within its radius in the rows (the
/// coverage models) or every pair (p-center), and `costs` cut some away.
/// With capacities in force, a cut row that holds no site able to open
/// needs wider rows too: its point can only be served beyond the cut,
/// which a model that charges capacity for every served point must see.
fn needs_whole_rows(
    problem: &Problem,
    spec: &ModelSpec,
    costs: &CostMatrix,
    params: &SolveParams,
) -> bool {
    if uses_capacities(problem, spec) {
        let sites = problem.sites();
        let lacks = |d: usize| {
            costs.floor(d).is_some() && !costs.row(d).iter().any(|(s, _)| sites[s].can_open())
        };
        if (0..costs.n_demand()).any(lacks) {
            return true;
        }
    }
    if grow::cover_on_cut_rows(problem, spec, costs, params) {
        // The engine bounds coverage on cut rows (a point that a site
        // beyond its cut may cover counts as covered), and its rows grow
        // where plans leave points uncovered.
        false
    } else if spec.kind.is_coverage() {
        spec.cutoff
            .is_some_and(|r| crate::models::common::first_incomplete_row(costs, r).is_some())
    } else if spec.kind.facts().all_pairs {
        (0..costs.n_demand()).any(|d| costs.floor(d).is_some())
    } else {
        false
    }
}

/// Largest model (kept pairs) on which `auto` goes on with the MIP route
/// after the engine's plan when its gap is still above the target.
pub const GO_ON_MAX_PAIRS: usize = 200_000;

/// `auto` uses the time it is given: an engine plan (of a model the own
/// branch-and-bound does not take) whose gap is still above `params.gap`,
/// with time left, goes on to the MIP route, warm-started, for the rest of
/// the time on models of at most [`GO_ON_MAX_PAIRS`] kept pairs; the better
/// plan and the better bound are kept.
fn go_on(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    start: std::time::Instant,
    plan: Plan,
) -> Result<Plan> {
    use crate::plan::PlanStatus;
    let left = params.time_limit - start.elapsed().as_secs_f64();
    let open_gap = plan.gap.is_none_or(|g| g > params.gap);
    if !open_gap
        || left < 1.0
        || plan.stats.rows_bind
        || plan.status != PlanStatus::Feasible
        || costs.n_pairs() > GO_ON_MAX_PAIRS
        // The comparison below is a minimisation's.
        || spec.kind.maximises()
    {
        return Ok(plan);
    }
    let Ok(mip) = exact::solve(problem, costs, spec, &params.clone().with_time_limit(left)) else {
        return Ok(plan);
    };
    if !matches!(mip.status, PlanStatus::Optimal | PlanStatus::Feasible) {
        return Ok(plan);
    }
    // Minimisation: the cheaper plan, the higher bound.
    let bound = match (plan.bound, mip.bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let mut best = if mip.objective < plan.objective {
        mip
    } else {
        plan
    };
    if let Some(b) = bound {
        best.tighten(b.min(best.objective), params.gap);
    }
    Ok(best)
}

/// The usage error for a time limit that is not a positive number of
/// seconds (the MIP route and the share models' search check it first).
pub(crate) fn check_time_limit(params: &SolveParams) -> Result<()> {
    if params.time_limit.is_finite() && params.time_limit > 0.0 {
        return Ok(());
    }
    Err(crate::Error::Usage(format!(
        "time limit {}: expected a positive number of seconds",
        params.time_limit
    )))
}

/// Which solver a request went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Engine,
    Mip,
}

/// One solve on one cost matrix, by the route `params.method` picks.
fn route(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    start: Option<&[bool]>,
) -> (Result<Plan>, Route) {
    // A plan to start the engine's search from (the last plan on narrower
    // rows): one descent instead of greedy starts.
    let opts = match start {
        Some(open) => heuristic::HeuristicOptions::default().with_start(open.to_vec()),
        None => heuristic::HeuristicOptions::default(),
    };
    // Small coverage models go to the MIP route, whose LP bound is the
    // stronger there (China's max-coverage: proven in 0.04 s; the own tree
    // stalls at 0.025 %); p-medians and larger models to the own
    // branch-and-bound (microlp found no plan for OR-Library pmed16 cut to
    // the 50 nearest in 120 s; the own tree proves it in 0.5 s).
    let routes = match routes::of(spec.kind) {
        Ok(routes) => routes,
        Err(e) => return (Err(e), Route::Mip),
    };
    let mip_first = costs.n_pairs() <= exact::AUTO_MAX_PAIRS
        && routes
            .own_exact
            .as_ref()
            .is_some_and(|own| own.mip_when_small);
    let own = own_branch_and_bound_fits(problem, spec);
    match params.method {
        Method::Exact | Method::Auto if own && mip_first => {
            (exact::solve(problem, costs, spec, params), Route::Mip)
        }
        Method::Exact | Method::Auto if own => (
            heuristic::solve_exact_with(problem, costs, spec, params, &opts),
            Route::Engine,
        ),
        // `exact` never hands a model the engine solves better to a weaker
        // backend: beyond the small models the MIP route settles, a model
        // with no own tree (fixed-charge, capacitated p-median) gets the
        // engine's plan and bound first, then the MIP route warm-started,
        // as under `auto` (capa 8000: microlp alone had no plan in 108 s).
        Method::Exact
            if !exact::is_small(problem, costs, spec)
                && !engine_lacks_capacities(problem, spec)
                && routes.engine.is_some() =>
        {
            let start = std::time::Instant::now();
            let plan = heuristic::solve(problem, costs, spec, params)
                .and_then(|plan| go_on(problem, costs, spec, params, start, plan));
            (plan, Route::Engine)
        }
        Method::Exact => (exact::solve(problem, costs, spec, params), Route::Mip),
        // The engine has no capacitated max-coverage: the MIP route solves it.
        Method::Heuristic if engine_lacks_capacities(problem, spec) => {
            (exact::solve(problem, costs, spec, params), Route::Mip)
        }
        Method::Heuristic => (
            heuristic::solve_with(problem, costs, spec, params, &opts),
            Route::Engine,
        ),
        Method::Auto => {
            // A model the engine lacks (p-center) is the MIP route's at
            // any size.
            if exact::is_small(problem, costs, spec)
                || engine_lacks_capacities(problem, spec)
                || routes.engine.is_none()
            {
                (exact::solve(problem, costs, spec, params), Route::Mip)
            } else {
                let start = std::time::Instant::now();
                let plan = heuristic::solve(problem, costs, spec, params)
                    .and_then(|plan| go_on(problem, costs, spec, params, start, plan));
                (plan, Route::Engine)
            }
        }
    }
}
