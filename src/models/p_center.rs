//! p-center (spopt `PCenter`; no ArcGIS problem type): open exactly `p`
//! new sites, besides every existing site, so that the largest cost from a
//! demand point to its nearest open site is least.
//!
//! # Formulation
//!
//! | symbol | meaning |
//! |---|---|
//! | `D` | demand points with at least one openable site in their row (the others are unserved and left out) |
//! | `J`, `E` | candidate sites; existing (required) sites |
//! | `c_ds` | cost from `d` to `s` |
//! | `R` | the sorted distinct costs `c_ds` (`d ∈ D`, `s` openable) not below `max_d min_s c_ds` |
//! | `N_d(r)` | candidates with `c_dj ≤ r` |
//! | `U(r)` | points of `D` with no existing site within `r` |
//! | `p` | number of new sites |
//! | `y_j ∈ {0,1}` | candidate `j` opens |
//!
//! The optimum is the least `r ∈ R` for which this set cover needs at
//! most `p` new sites (opening more never raises the largest cost):
//!
//! ```text
//! cover(r) = minimise   Σ_{j∈J} y_j
//!            subject to
//! (1)        Σ_{j∈N_d(r)} y_j ≥ 1       ∀ d ∈ U(r)
//! p-center = min { r ∈ R : cover(r) ≤ p }
//! ```
//!
//! The solver finds it by binary search over `R` (one set-cover MIP per
//! step, `⌈log₂ |R|⌉` steps), then pads the cover with further candidates
//! (largest cost reduction first) up to exactly `p` new sites. Capacities
//! are not used by this model. On rows cut to the k nearest, only radii
//! strictly below every cut row's dearest kept cost are searched.

use crate::error::{Error, Result};
use crate::models::common::{self, Roles};
use crate::models::formulation::{Decoder, Formulation};
use crate::models::{set_cover, ModelSpec};
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// What the p-center search runs over.
///
/// # Examples
///
/// One demand point, one of two sites to open: the candidate radii are the
/// costs to both sites, and the point must be served.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{p_center, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 2.0), (1, 3.0)]], Reach::all());
/// let s = p_center::search(&p, &m, &ModelSpec::new(ModelKind::PCenter).with_new_sites(1))?;
/// assert_eq!(s.p, 1);
/// assert_eq!(s.served, vec![true]);
/// assert_eq!(s.radii, vec![2.0, 3.0]);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Search {
    /// Number of new sites.
    pub p: usize,
    /// One flag per demand point: must be served (`D`).
    pub served: Vec<bool>,
    /// Candidate radii `R`, ascending.
    pub radii: Vec<f64>,
}

/// Checks the request and lists the candidate radii.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{p_center, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 2.0), (1, 3.0)]], Reach::all());
/// let s = p_center::search(&p, &m, &ModelSpec::new(ModelKind::PCenter).with_new_sites(1))?;
/// assert_eq!(s.radii, vec![2.0, 3.0]);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn search(problem: &Problem, costs: &CostMatrix, spec: &ModelSpec) -> Result<Search> {
    let roles = Roles::of(problem);
    let p = common::exact_new_sites(spec, &roles)?;
    let (served_list, _) = common::reachable_points(costs, &roles);
    if served_list.is_empty() {
        return Err(Error::Infeasible(
            "no demand point can reach an existing or candidate site".into(),
        ));
    }
    let mut served = vec![false; costs.n_demand()];
    let mut lb = 0.0f64;
    let mut limit = f64::INFINITY;
    let mut radii = Vec::new();
    for &d in &served_list {
        served[d] = true;
        let row = costs.row(d);
        let mut first = true;
        for (s, c) in row.iter() {
            if roles.openable(s) {
                if first {
                    lb = lb.max(c);
                    first = false;
                }
                radii.push(c);
            }
        }
        if first {
            // A cut row without an openable site: its nearest one is unknown.
            return Err(common::too_few_nearest(costs));
        }
        if common::row_is_cut(costs, d) {
            limit = limit.min(row.costs.last().copied().unwrap_or(0.0));
        }
    }
    radii.retain(|&r| r >= lb && (limit.is_infinite() || r < limit));
    radii.sort_by(f64::total_cmp);
    radii.dedup();
    if radii.is_empty() {
        return Err(Error::Usage(format!(
            "the cost matrix keeps only the {} nearest sites of each demand point, too few \
             to decide the p-center radius; build it with a larger k or a cutoff",
            costs.reach().k_nearest.unwrap_or(0)
        )));
    }
    Ok(Search { p, served, radii })
}

/// The set-cover model `cover(r)` at radius `radius`; `warm` open flags
/// become the hint when they cover every served point within `radius`.
///
/// # Examples
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{p_center, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 2.0), (1, 3.0)]], Reach::all());
/// let s = p_center::search(&p, &m, &ModelSpec::new(ModelKind::PCenter).with_new_sites(1))?;
/// // At radius 2 only site x covers the point: opening x is a cover, opening y is not.
/// let (f, _) = p_center::formulate_at(&p, &m, &s, 2.0, Some(&[true, false]))?;
/// assert_eq!(f.constraints.len(), 1);
/// assert!(!f.hint.is_empty());
/// let (f, _) = p_center::formulate_at(&p, &m, &s, 2.0, Some(&[false, true]))?;
/// assert!(f.hint.is_empty());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn formulate_at(
    problem: &Problem,
    costs: &CostMatrix,
    search: &Search,
    radius: f64,
    warm: Option<&[bool]>,
) -> Result<(Formulation, Decoder)> {
    set_cover::formulate_at(problem, costs, radius, None, Some(&search.served), warm)
}
