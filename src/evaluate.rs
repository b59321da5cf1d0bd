//! Scores a set of open sites against a problem, without any solver.
//!
//! Every demand point goes to its cheapest reachable open site (ties: the
//! lower site index), ignoring capacities. This is the referee every model's
//! objective is checked against.

use serde::Serialize;

use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Figures of one evaluated set of open sites.
///
/// # Examples
///
/// ```
/// use siteplan::{evaluate, CostMatrix, DemandPoint, Problem, Reach, Site};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 3.0))
///     .demand(DemandPoint::new("b", 0.0, 1.0, 1.0))
///     .demand(DemandPoint::new("c", 0.0, 9.0, 4.0))
///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
///     .build()?;
/// // "c" reaches no site.
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 2.0), (1, 6.0)], vec![(1, 20.0)], vec![]], Reach::all());
/// let e = evaluate(&p, &m, &[true, true], Some(10.0));
/// assert_eq!(e.total_cost, 3.0 * 2.0 + 1.0 * 20.0);
/// assert_eq!(e.mean_cost, 26.0 / 4.0);
/// assert_eq!(e.max_cost, 20.0);
/// assert_eq!((e.covered_weight, e.served_weight, e.unserved_weight), (3.0, 4.0, 4.0));
/// assert_eq!(e.covered_weight / e.total_weight, 0.375);
/// assert_eq!(e.assignment, [Some((0, 2.0)), Some((1, 20.0)), None]);
/// assert_eq!((e.load, e.unserved_points), (vec![3.0, 1.0], 1));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Σ weight × cost over served demand.
    pub total_cost: f64,
    /// `total_cost / served_weight` (0 when nothing is served).
    pub mean_cost: f64,
    /// Largest cost of a served demand point (0 when nothing is served).
    pub max_cost: f64,
    /// Weight of demand points served within the coverage cutoff (all served
    /// weight when no cutoff is given).
    pub covered_weight: f64,
    /// Weight of demand points with a reachable open site.
    pub served_weight: f64,
    /// Weight of demand points with no reachable open site.
    pub unserved_weight: f64,
    /// Sum of all weights.
    pub total_weight: f64,
    /// Number of demand points with no reachable open site.
    pub unserved_points: usize,
    /// Points whose row, cut to the k nearest sites, holds no open site:
    /// served beyond the cut (by the matrix's source, [`CostMatrix::source_nearest`])
    /// or, where the source is not at hand, counted unserved.
    pub beyond_cut: usize,
    /// For each demand point, its site and cost, or `None` when unserved.
    pub assignment: Vec<Option<(usize, f64)>>,
    /// Weight served by each site (0 for closed sites).
    pub load: Vec<f64>,
}

/// Assigns each demand point to its cheapest reachable open site.
///
/// `open[s]` says whether site `s` is open; `coverage_cutoff` (in the
/// matrix's unit) decides which served points count as covered.
///
/// ```
/// use siteplan::{evaluate, CostMatrix, Problem, DemandPoint, Site, Reach};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 2.0))
///     .demand(DemandPoint::new("b", 0.0, 1.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 1.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 0.0), (1, 10.0)], vec![(1, 3.0)]], Reach::all());
/// let e = evaluate(&p, &m, &[true, false], Some(5.0));
/// assert_eq!(e.total_cost, 0.0);
/// assert_eq!(e.unserved_weight, 1.0);
/// let e = evaluate(&p, &m, &[false, true], Some(5.0));
/// assert_eq!(e.total_cost, 2.0 * 10.0 + 3.0);
/// assert_eq!(e.covered_weight, 1.0);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn evaluate(
    problem: &Problem,
    costs: &CostMatrix,
    open: &[bool],
    coverage_cutoff: Option<f64>,
) -> Evaluation {
    assert_eq!(open.len(), problem.sites().len(), "one flag per site");
    assert_eq!(
        costs.n_demand(),
        problem.demand().len(),
        "one row per demand point"
    );
    let mut e = Evaluation {
        total_cost: 0.0,
        mean_cost: 0.0,
        max_cost: 0.0,
        covered_weight: 0.0,
        served_weight: 0.0,
        unserved_weight: 0.0,
        total_weight: problem.total_weight(),
        unserved_points: 0,
        beyond_cut: 0,
        assignment: Vec::with_capacity(problem.demand().len()),
        load: vec![0.0; open.len()],
    };
    for (d, point) in problem.demand().iter().enumerate() {
        let mut best = costs.row(d).iter().find(|&(s, _)| open[s]);
        if best.is_none() && costs.floor(d).is_some() {
            e.beyond_cut += 1;
            best = costs.source_nearest(problem, d, open);
        }
        match best {
            Some((s, c)) => {
                let w = point.weight;
                e.total_cost += w * c;
                e.served_weight += w;
                e.max_cost = e.max_cost.max(c);
                e.load[s] += w;
                if coverage_cutoff.is_none_or(|cut| c <= cut) {
                    e.covered_weight += w;
                }
                e.assignment.push(Some((s, c)));
            }
            None => {
                e.unserved_weight += point.weight;
                e.unserved_points += 1;
                e.assignment.push(None);
            }
        }
    }
    if e.served_weight > 0.0 {
        e.mean_cost = e.total_cost / e.served_weight;
    }
    e
}

/// Open flags for a list of site indices.
///
/// ```
/// assert_eq!(siteplan::evaluate::open_flags(3, &[2]), vec![false, false, true]);
/// ```
pub fn open_flags(n_sites: usize, open: &[usize]) -> Vec<bool> {
    let mut flags = vec![false; n_sites];
    for &s in open {
        flags[s] = true;
    }
    flags
}
