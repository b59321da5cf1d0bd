//! Exact solves through good_lp (microlp by default, HiGHS with
//! `--features highs`): formulate the model (see [`crate::models`]), warm
//! start it from a quick greedy plan, solve within the time limit, and read
//! the solution back into a [`Plan`] whose objective is recomputed from
//! the plan itself (not copied from the solver). Each model's exact route
//! is its entry in the route table (`solve/routes/`, one file per model
//! family); this module checks the request and looks the route up.

use crate::error::{Error, Result};
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::mip::Ctx;
use crate::solve::{routes, SolveParams};
use crate::travel::CostMatrix;

pub use crate::solve::mip::K_NEAREST_NOTE;

/// Largest number of kept cost-matrix pairs the exact route takes under
/// `Method::Auto`.
pub const AUTO_MAX_PAIRS: usize = 20_000;
/// Largest number of candidate sites the exact route takes under
/// `Method::Auto`.
pub const AUTO_MAX_CANDIDATES: usize = 200;

/// True when the model is small enough for the exact route under
/// `Method::Auto`: at most [`AUTO_MAX_PAIRS`] kept pairs and
/// [`AUTO_MAX_CANDIDATES`] candidate sites. `solve` asks it for
/// fixed-charge and capacitated p-median only (p-median goes to the own branch-and-bound,
/// max-coverage and set cover by kept pairs alone, p-center to this route
/// at any size). Measured
/// with microlp (docs/PERFORMANCE.md, "Exact models"): inside these limits
/// p-median, max-coverage and fixed-charge prove optimality in seconds
/// (the OR-Library pmed instances, 100 × 100 full matrices, in under half a
/// second); beyond them solves take tens of seconds or stop at the time
/// limit (a 2,000 × 300 set cover with 40,000 pairs is still 1.7 % from
/// proven after 30 s). Larger models go to the heuristic engine, which
/// states a bound.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 1.0)]], Reach::all());
/// assert!(siteplan::solve::exact::is_small(&p, &m, &ModelSpec::new(ModelKind::PMedian)));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn is_small(problem: &Problem, costs: &CostMatrix, _spec: &ModelSpec) -> bool {
    let candidates = problem
        .sites()
        .iter()
        .filter(|s| s.status == crate::SiteStatus::Candidate)
        .count();
    costs.n_pairs() <= AUTO_MAX_PAIRS && candidates <= AUTO_MAX_CANDIDATES
}

/// Solves exactly, or until `params.time_limit` (then the plan is
/// `feasible`, with the best bound proven so far).
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, PlanStatus, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// use siteplan::solve::{solve, Method, SolveParams};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 3.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 2.0)], vec![(0, 5.0), (1, 1.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&p, &m, &spec, &SolveParams::default().with_method(Method::Exact))?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(plan.new, vec![1]);
/// assert_eq!(plan.objective, 2.0 + 3.0);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    crate::solve::check_time_limit(params)?;
    if !(params.gap.is_finite() && params.gap >= 0.0) {
        return Err(Error::Usage(format!(
            "gap {}: expected a finite number ≥ 0",
            params.gap
        )));
    }
    if costs.n_demand() != problem.demand().len() || costs.n_sites() != problem.sites().len() {
        return Err(Error::Usage(
            "the cost matrix was built for a different problem".into(),
        ));
    }
    let mip = routes::of(spec.kind)?.mip;
    mip(&Ctx::new(problem, costs, spec, params))
}
