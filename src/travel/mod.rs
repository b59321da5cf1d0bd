//! Travel costs between demand points and sites, kept sparse.
//!
//! A [`TravelCost`] source — great-circle distance ([`Haversine`]) or a
//! user's origin–destination matrix ([`OdMatrix`]) — builds a [`CostMatrix`]:
//! for each demand point, the reachable sites and their costs, cheapest first.
//! Which pairs are kept is a [`Reach`]: a cutoff, the k nearest, or both.
//! Memory grows with the number of kept pairs, never with demand × sites.

mod matrix;

pub use matrix::{CostMatrix, CostSource, Reach, Row, SiteColumns};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::problem::Problem;
use crate::spatial::PointIndex;
use crate::units::Km;

/// A source of travel costs that can build a sparse [`CostMatrix`].
pub trait TravelCost: Sync {
    /// Builds the cost matrix of `problem` keeping the pairs allowed by `reach`.
    fn cost_matrix(&self, problem: &Problem, reach: Reach) -> Result<CostMatrix>;
}

/// Great-circle distance in km (haversine, R = 6371.0088 km), found through a
/// spatial index so that only pairs within reach are ever computed.
///
/// ```
/// use siteplan::{Problem, DemandPoint, Site, Haversine, Reach, TravelCost, Km};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 31.0, 121.0, 1.0))
///     .site(Site::new("near", 31.1, 121.1))
///     .site(Site::new("far", 40.0, 116.0))
///     .build()?;
/// let m = Haversine.cost_matrix(&p, Reach::cutoff(Km(100.0)))?;
/// assert_eq!(m.row(0).sites, &[0]);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Haversine;

impl TravelCost for Haversine {
    fn cost_matrix(&self, problem: &Problem, reach: Reach) -> Result<CostMatrix> {
        let index = PointIndex::new(problem.sites().iter().map(|s| (s.lat, s.lon)));
        Ok(haversine_matrix(problem, &index, reach))
    }
}

impl Haversine {
    /// Like [`TravelCost::cost_matrix`] with a site index built beforehand
    /// (several matrices of one problem can share it).
    pub fn cost_matrix_with_index(
        &self,
        problem: &Problem,
        index: &PointIndex,
        reach: Reach,
    ) -> CostMatrix {
        haversine_matrix(problem, index, reach)
    }
}

/// Rows of demand points handled by one parallel task: one storage block.
const CHUNK: usize = matrix::BLOCK_ROWS;

fn haversine_matrix(problem: &Problem, index: &PointIndex, reach: Reach) -> CostMatrix {
    let demand = problem.demand();
    let chunks: Vec<(Vec<u32>, Vec<u32>, Vec<f64>)> = demand
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut lens = Vec::with_capacity(chunk.len());
            let mut sites = Vec::new();
            let mut costs = Vec::new();
            let mut hits = Vec::new();
            for d in chunk {
                match (reach.cutoff, reach.k_nearest) {
                    (Some(c), k) => {
                        index.within_into(d.lat, d.lon, Km(c), &mut hits);
                        if let Some(k) = k {
                            hits.truncate(k);
                        }
                    }
                    (None, Some(k)) => hits = index.nearest(d.lat, d.lon, k),
                    (None, None) => hits = index.nearest(d.lat, d.lon, index.len()),
                }
                lens.push(hits.len() as u32);
                sites.extend(hits.iter().map(|h| h.0));
                costs.extend(hits.iter().map(|h| h.1 .0));
            }
            (lens, sites, costs)
        })
        .collect();
    CostMatrix::from_chunks(problem.sites().len(), chunks, reach, CostSource::Haversine)
}

/// A user-supplied origin–destination cost table (as exported from OSRM,
/// Valhalla or pgRouting). When used, it is the only source of travel cost:
/// a pair absent from it is unreachable. Read one with [`crate::io::read_costs`].
///
/// ```
/// use siteplan::{Problem, DemandPoint, Site, OdMatrix, Reach, TravelCost};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 1.0))
///     .build()?;
/// let od = OdMatrix::from_pairs(&p, vec![(0, 1, 7.5)])?;
/// let m = od.cost_matrix(&p, Reach::all())?;
/// assert_eq!(m.row(0).sites, &[1]);
/// assert_eq!(m.row(0).costs, &[7.5]);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OdMatrix {
    n_demand: usize,
    n_sites: usize,
    /// (demand, site, cost), sorted by demand, cost, site.
    pairs: Vec<(u32, u32, f64)>,
}

impl OdMatrix {
    /// An OD table over `problem` from (demand index, site index, cost)
    /// triples. Costs must be finite and ≥ 0 and each pair given once.
    pub fn from_pairs(problem: &Problem, mut pairs: Vec<(u32, u32, f64)>) -> Result<Self> {
        let (nd, ns) = (problem.demand().len(), problem.sites().len());
        for &(d, s, c) in &pairs {
            if d as usize >= nd || s as usize >= ns {
                return Err(Error::Usage(format!(
                    "OD pair ({d}, {s}) is out of range for {nd} demand points and {ns} sites"
                )));
            }
            if !(c.is_finite() && c >= 0.0) {
                return Err(Error::Usage(format!(
                    "OD pair ({d}, {s}) has cost {c}; expected a finite number ≥ 0"
                )));
            }
        }
        pairs.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some(w) = pairs
            .windows(2)
            .find(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1)
        {
            return Err(Error::Usage(format!(
                "OD pair ({}, {}) is given twice",
                w[0].0, w[0].1
            )));
        }
        pairs.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then(a.2.total_cmp(&b.2)).then(a.1.cmp(&b.1))
        });
        Ok(OdMatrix {
            n_demand: nd,
            n_sites: ns,
            pairs,
        })
    }

    /// Number of pairs in the table.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when the table has no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl TravelCost for OdMatrix {
    fn cost_matrix(&self, problem: &Problem, reach: Reach) -> Result<CostMatrix> {
        if problem.demand().len() != self.n_demand || problem.sites().len() != self.n_sites {
            return Err(Error::Usage(
                "the OD matrix was read for a different problem".into(),
            ));
        }
        let mut lens = vec![0u32; self.n_demand];
        let mut sites = Vec::with_capacity(self.pairs.len());
        let mut costs = Vec::with_capacity(self.pairs.len());
        for &(d, s, c) in &self.pairs {
            if reach.cutoff.is_some_and(|cut| c > cut) {
                continue;
            }
            if reach
                .k_nearest
                .is_some_and(|k| lens[d as usize] as usize >= k)
            {
                continue;
            }
            lens[d as usize] += 1;
            sites.push(s);
            costs.push(c);
        }
        Ok(CostMatrix::from_chunks(
            self.n_sites,
            vec![(lens, sites, costs)],
            reach,
            CostSource::Matrix,
        ))
    }
}
