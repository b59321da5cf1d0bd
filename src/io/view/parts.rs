//! One site, one demand point and one assignment line of a plan view.

use super::roles::*;

/// One site's part in a plan.
///
/// # Examples
///
/// ```
/// use siteplan::{io::SiteRole, prelude::*};
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
///     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
///     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
///     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing).with_capacity(40.0))
///     .site(Site::new("hz-1", 30.28, 120.15))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = solve(&problem, &costs, &ModelSpec::new(ModelKind::PMedian).with_new_sites(1), &SolveParams::default())?;
/// let view = PlanView::new(&problem, &plan)?;
/// let (sh, hz) = (&view.sites[0], &view.sites[1]);
/// assert_eq!((sh.role, hz.role), (SiteRole::Existing, SiteRole::New));
/// // sh-1 serves Shanghai and Suzhou: 30 of its capacity of 40.
/// assert_eq!((sh.served_weight, sh.load), (30.0, Some(0.75)));
/// assert_eq!((hz.served_weight, hz.load), (6.0, None)); // Hangzhou; no capacity
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SiteView {
    /// Its role (existing, new, candidate, competitor, excluded).
    pub role: SiteRole,
    /// Σ share × weight of the demand the plan sends to it.
    pub served_weight: f64,
    /// `served_weight / capacity`, or `None` for a site without capacity.
    pub load: Option<f64>,
}

/// One demand point's part in a plan.
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
/// let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// let suzhou = &view.demand[1];
/// assert_eq!(suzhou.site, problem.site_index("sh-1"));
/// assert!(suzhou.cost.unwrap() > 50.0 && !suzhou.covered); // served, but beyond 50 km
/// let hangzhou = &view.demand[2];
/// assert_eq!(hangzhou.site, problem.site_index("hz-1"));
/// assert!(hangzhou.cost.unwrap() < 5.0 && hangzhou.covered);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DemandView {
    /// The site serving the largest share of it (ties: the first listed), if any.
    pub site: Option<usize>,
    /// Travel cost to that site.
    pub cost: Option<f64>,
    /// True when it is served within the cutoff (served at all, without one).
    pub covered: bool,
}

/// One (demand → site) pair of a [`PlanView`](super::PlanView).
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
/// let view = PlanView::new(&problem, &plan)?;
/// // The p-median objective is the weighted travel cost of these pairs.
/// let total: f64 = view
///     .assignment_lines()
///     .map(|l| problem.demand()[l.demand].weight * l.share * l.cost)
///     .sum();
/// assert!((total - plan.objective).abs() <= 1e-6 * plan.objective);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineView {
    /// Demand point index.
    pub demand: usize,
    /// Site index.
    pub site: usize,
    /// Travel cost.
    pub cost: f64,
    /// Share of the point's weight.
    pub share: f64,
}
