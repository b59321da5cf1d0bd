//! The result of a solve: which sites open, who goes where, how good it is.

use serde::{Deserialize, Serialize};

use crate::models::ModelKind;

/// How a solve ended.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
///     .sites([Site::new("x", 30.0, 120.1), Site::new("y", 30.0, 121.0)])
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(problem.sites()[plan.new[0]].id, "x");
/// assert_eq!(plan.status.to_string(), "optimal");
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// Proven optimal (within the requested gap).
    Optimal,
    /// A plan was found but optimality was not proven (time limit, heuristic).
    Feasible,
    /// Proven that no plan satisfies the constraints.
    Infeasible,
    /// Stopped without a plan and without proof of infeasibility.
    NoSolution,
}

impl PlanStatus {
    /// The name used in outputs: `optimal`, `feasible`, `infeasible`, `no-solution`.
    ///
    /// ```
    /// assert_eq!(siteplan::PlanStatus::NoSolution.as_str(), "no-solution");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Optimal => "optimal",
            PlanStatus::Feasible => "feasible",
            PlanStatus::Infeasible => "infeasible",
            PlanStatus::NoSolution => "no-solution",
        }
    }
}

impl std::fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One demand point's (share of) service by one site.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// let problem = Problem::builder()
///     .demands([DemandPoint::new("a", 0.0, 0.0, 2.0), DemandPoint::new("b", 0.0, 1.0, 1.0)])
///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
///     .build()?;
/// let costs = CostMatrix::from_rows(2, vec![vec![(0, 0.0), (1, 4.0)], vec![(0, 4.0), (1, 0.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Site x serves the heavier point at cost 0, and b travels to it at cost 4.
/// assert_eq!(plan.new, [0]);
/// let b = plan.assignment.iter().find(|a| a.demand == 1).unwrap();
/// assert_eq!((b.site, b.share, b.cost), (0, 1.0, 4.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Demand point index.
    pub demand: usize,
    /// Site index.
    pub site: usize,
    /// Fraction of the point's weight served by this site (1 unless split).
    pub share: f64,
    /// Travel cost of the pair.
    pub cost: f64,
}

/// Counters from the solver.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::FixedCharge);
/// // A model this small goes to the MIP backend, so a model was formulated.
/// let stats = solve(&problem, &costs, &spec, &SolveParams::default())?.stats;
/// assert!(stats.variables > 0 && stats.constraints > 0);
/// assert!(stats.seconds < SolveParams::default().time_limit);
/// assert!(!stats.rows_bind); // every pair kept: no row was cut
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SolveStats {
    /// Wall-clock seconds spent solving.
    pub seconds: f64,
    /// Branch-and-bound nodes explored (0 when not applicable).
    pub nodes: u64,
    /// Iterations (local-search moves, subgradient steps, …).
    pub iterations: u64,
    /// Variables in the model (0 when no model was formulated).
    pub variables: usize,
    /// Constraints in the model.
    pub constraints: usize,
    /// True when rows cut to the k nearest sites held this plan back: some
    /// point's kept row has no open site, so the bound came from letting
    /// such points go beyond the cut at the least cost they could have.
    /// [`crate::solve::solve`] then widens the rows and solves again.
    #[serde(default)]
    pub rows_bind: bool,
}

/// A solved (or attempted) plan.
///
/// Indices in `open`, `new` and `assignment` are positions in the
/// problem's [`sites`](crate::Problem::sites) and
/// [`demand`](crate::Problem::demand).
///
/// ```
/// use siteplan::prelude::*;
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
///     .site(Site::new("old", 31.0, 121.0).with_status(SiteStatus::Existing))
///     .site(Site::new("near", 31.2, 121.4))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// assert_eq!((plan.open.clone(), plan.new.clone()), (vec![0, 1], vec![1]));
/// let a = plan.assignment[0];
/// assert_eq!((a.demand, a.site, a.share), (0, 1, 1.0));
/// assert!(plan.gap.unwrap() <= 1e-4);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The model solved.
    pub model: ModelKind,
    /// Which method produced it (e.g. `exact (microlp)`, `heuristic`).
    pub method: String,
    /// How the solve ended.
    pub status: PlanStatus,
    /// Every open site (existing and new), ascending.
    pub open: Vec<usize>,
    /// The newly opened sites (open and not `existing`), ascending.
    pub new: Vec<usize>,
    /// Who is served by whom, ordered by demand then site.
    pub assignment: Vec<Assignment>,
    /// The model's objective value for this plan.
    pub objective: f64,
    /// Best proven bound on the optimal objective, if known.
    pub bound: Option<f64>,
    /// Relative gap `|objective − bound| / max(|objective|, 1e-9)`, if a bound is known.
    pub gap: Option<f64>,
    /// Solver counters.
    pub stats: SolveStats,
    /// When the plan unfolds over several years (market entry): the year
    /// each open site opens; `None` for the single-period models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// The years of a plan that unfolds over time ([`Plan::timeline`]): when
/// each open site opens, and whether the model's one optional plant is
/// built (market entry's `local_assembly` route).
///
/// # Examples
///
/// ```
/// use siteplan::plan::Timeline;
/// // Two open sites: the first opens in 2027, the second in 2029.
/// let t = Timeline { years: vec![2027, 2028, 2029], opens: vec![0, 2], plant: false };
/// assert_eq!(t.opening_years(), vec![2027, 2029]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The planning years, ascending.
    pub years: Vec<i32>,
    /// For each entry of [`Plan::open`], in the same order, the index into
    /// `years` of the year it opens (existing sites: 0).
    pub opens: Vec<usize>,
    /// The plant is built.
    pub plant: bool,
}

impl Timeline {
    /// The calendar year each open site opens, in [`Plan::open`]'s order.
    ///
    /// ```
    /// let t = siteplan::plan::Timeline { years: vec![2030], opens: vec![0], plant: true };
    /// assert_eq!(t.opening_years(), vec![2030]);
    /// ```
    pub fn opening_years(&self) -> Vec<i32> {
        self.opens.iter().map(|&t| self.years[t]).collect()
    }
}

impl Plan {
    /// Open flags, one per site of a problem with `n_sites` sites.
    ///
    /// ```
    /// # use siteplan::{Plan, PlanStatus, ModelKind, SolveStats};
    /// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
    ///     open: vec![1], new: vec![1], assignment: vec![], objective: 0.0, bound: None, gap: None,
    ///     stats: SolveStats::default(), timeline: None };
    /// assert_eq!(plan.open_flags(3), vec![false, true, false]);
    /// ```
    pub fn open_flags(&self, n_sites: usize) -> Vec<bool> {
        crate::evaluate::open_flags(n_sites, &self.open)
    }

    /// Takes a proven `bound` for the plan and recomputes its gap and
    /// status: `optimal` within the relative gap `target`, else `feasible`.
    pub(crate) fn tighten(&mut self, bound: f64, target: f64) {
        let gap = relative_gap(self.objective, bound);
        self.bound = Some(bound);
        self.gap = Some(gap);
        self.status = if gap <= target {
            PlanStatus::Optimal
        } else {
            PlanStatus::Feasible
        };
    }
}

/// Relative gap between an objective and a bound.
///
/// ```
/// assert_eq!(siteplan::plan::relative_gap(100.0, 99.0), 0.01);
/// assert_eq!(siteplan::plan::relative_gap(0.0, 0.0), 0.0);
/// ```
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    let diff = (objective - bound).abs();
    if diff <= 1e-12 * objective.abs().max(1.0) {
        0.0
    } else {
        diff / objective.abs().max(1e-9)
    }
}
