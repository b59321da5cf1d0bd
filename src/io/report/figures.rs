//! Figures a report compares: before and after, curve points, region levels.

use crate::evaluate::{evaluate, Evaluation};
use crate::plan::Plan;
use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;
use serde::{Deserialize, Serialize};

/// One point of a coverage curve: the best plan with `new_sites` new sites.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// use siteplan::io::CurvePoint;
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let curve = [
///     CurvePoint { new_sites: 0, objective: 25.0, coverage_pct: 69.4, mean_cost: 12.3, marginal_gain: 0.0 },
///     CurvePoint { new_sites: 1, objective: 31.0, coverage_pct: 86.1, mean_cost: 10.5, marginal_gain: 6.0 },
/// ];
/// let md = report_md_string(&Report::new(&view, &before, &after).with_curve(&curve));
/// assert!(md.contains("| New sites | Objective: the model's cost | Coverage (% of demand) | Mean distance (km) | Gain over one site fewer |"));
/// assert!(md.contains("| 1 | 31 | 86.1% | 10.5 | 6 |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Number of new sites.
    pub new_sites: usize,
    /// The model's objective with that many new sites.
    pub objective: f64,
    /// Share of demand weight covered, in percent (0–100).
    pub coverage_pct: f64,
    /// Weighted mean travel cost of served demand.
    pub mean_cost: f64,
    /// Objective gained by the last site added (0 for the first point).
    pub marginal_gain: f64,
}

/// Headline figures of one set of open sites.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// use siteplan::io::Figures;
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let b = Figures::from_evaluation(&before, 1, 0);
/// let a = Figures::from_evaluation(&after, plan.open.len(), plan.new.len());
/// assert_eq!((b.covered_weight, a.covered_weight), (25.0, 31.0)); // Hangzhou gained
/// assert!((a.coverage_pct - 100.0 * 31.0 / 36.0).abs() < 1e-9);
/// assert!(a.mean_cost < b.mean_cost);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Open sites (existing and new).
    pub open_sites: usize,
    /// Newly opened sites.
    pub new_sites: usize,
    /// Weight covered (within the cutoff), in percent of the total.
    pub coverage_pct: f64,
    /// Weight covered (within the cutoff).
    pub covered_weight: f64,
    /// Weight of all demand.
    pub total_weight: f64,
    /// Weight with no reachable open site.
    pub unserved_weight: f64,
    /// Weighted mean travel cost of served demand.
    pub mean_cost: f64,
    /// Largest travel cost of a served demand point.
    pub max_cost: f64,
}

impl Figures {
    /// The figures of an evaluation with the given site counts.
    ///
    /// ```
    /// use siteplan::{evaluate, CostMatrix, Problem, DemandPoint, Site, Reach, io::Figures};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 3.0))
    ///     .demand(DemandPoint::new("b", 0.0, 1.0, 1.0)).site(Site::new("x", 0.0, 0.0)).build()?;
    /// let m = CostMatrix::from_rows(1, vec![vec![(0, 0.0)], vec![(0, 111.0)]], Reach::all());
    /// let f = Figures::from_evaluation(&evaluate(&p, &m, &[true], Some(50.0)), 1, 1);
    /// assert_eq!(f.coverage_pct, 75.0);
    /// assert_eq!(f.max_cost, 111.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_evaluation(e: &Evaluation, open_sites: usize, new_sites: usize) -> Figures {
        Figures {
            open_sites,
            new_sites,
            coverage_pct: if e.total_weight > 0.0 {
                100.0 * e.covered_weight / e.total_weight
            } else {
                0.0
            },
            covered_weight: e.covered_weight,
            total_weight: e.total_weight,
            unserved_weight: e.unserved_weight,
            mean_cost: e.mean_cost,
            max_cost: e.max_cost,
        }
    }
}

/// Evaluates the existing sites alone ("before") and the plan's open sites
/// ("after") with [`evaluate`](crate::evaluate()).
///
/// ```
/// use siteplan::{io::before_after, *};
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
///     .demand(DemandPoint::new("b", 30.3, 120.2, 5.0))
///     .site(Site::new("sh", 31.2, 121.5).with_status(SiteStatus::Existing))
///     .site(Site::new("hz", 30.3, 120.2))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = Plan { model: ModelKind::MaxCoverage, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![0, 1], new: vec![1], assignment: vec![], objective: 15.0, bound: None, gap: None,
///     stats: SolveStats::default(), timeline: None };
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// assert_eq!((before.covered_weight, after.covered_weight), (10.0, 15.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn before_after(
    problem: &Problem,
    costs: &CostMatrix,
    plan: &Plan,
    cutoff: Option<f64>,
) -> (Evaluation, Evaluation) {
    let existing: Vec<bool> = problem
        .sites()
        .iter()
        .map(|s| s.status == SiteStatus::Existing)
        .collect();
    let before = evaluate(problem, costs, &existing, cutoff);
    let after = evaluate(
        problem,
        costs,
        &plan.open_flags(problem.sites().len()),
        cutoff,
    );
    (before, after)
}

/// How the per-region table groups demand and sites.
///
/// # Examples
///
/// ```
/// use siteplan::io::RegionLevel;
/// use siteplan::prelude::*;
/// let city = |id: &str, lat, lon, weight, region: &str| DemandPoint {
///     country: Some("CN".into()), region: Some(region.into()), ..DemandPoint::new(id, lat, lon, weight)
/// };
/// let problem = Problem::builder()
///     .demand(city("shanghai", 31.23, 121.47, 25.0, "Shanghai"))
///     .demand(city("suzhou", 31.30, 120.59, 5.0, "Jiangsu"))
///     .demand(city("nanjing", 32.06, 118.80, 9.0, "Jiangsu"))
///     .site(Site::new("sh-1", 31.22, 121.48))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = solve(&problem, &costs, &ModelSpec::new(ModelKind::PMedian).with_new_sites(1), &SolveParams::default())?;
/// let view = PlanView::new(&problem, &plan)?;
/// let (before, after) = before_after(&problem, &costs, &plan, None);
/// let report = Report::new(&view, &before, &after);
/// // Auto: the demand lies in one country, so rows are provinces (points, weight, …).
/// let md = report_md_string(&report);
/// assert!(md.contains("## By province / region\n") && md.contains("| Jiangsu | 2 | 14 |"));
/// let md = report_md_string(&report.with_regions(RegionLevel::Country));
/// assert!(md.contains("## By country\n") && md.contains("| CN | 3 | 39 |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionLevel {
    /// By country when demand spans several countries, else by region.
    #[default]
    Auto,
    /// By first-level region (province, state); country where none is given.
    Region,
    /// By country.
    Country,
}
