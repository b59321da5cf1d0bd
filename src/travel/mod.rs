//! Travel costs between demand points and sites, kept sparse.
//!
//! A [`TravelCost`] source — great-circle distance ([`Haversine`]) or a
//! user's origin–destination matrix ([`OdMatrix`]) — builds a [`CostMatrix`]:
//! for each demand point, the reachable sites and their costs, cheapest first.
//! Which pairs are kept is a [`Reach`]: a cutoff, the k nearest, or both.
//! Memory grows with the number of kept pairs, never with demand × sites.

pub mod estimate;
mod matrix;
mod reach;

pub(crate) use matrix::WIDEN_FACTOR;
pub use matrix::{CostMatrix, CostSource, Row, SiteColumns};
pub use reach::Reach;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::problem::Problem;
use crate::spatial::PointIndex;
use crate::units::Km;

/// A source of travel costs that can build a sparse [`CostMatrix`].
///
/// # Examples
///
/// Code written against the trait works with great-circle distances and
/// with a user's OD table alike:
///
/// ```
/// use siteplan::{DemandPoint, Haversine, OdMatrix, Problem, Reach, Site, TravelCost};
/// fn nearest_site(source: &dyn TravelCost, p: &Problem) -> siteplan::Result<Option<usize>> {
///     let m = source.cost_matrix(p, Reach::k_nearest(1))?;
///     Ok(m.row(0).sites.first().map(|&s| s as usize))
/// }
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .sites([Site::new("x", 0.0, 0.1), Site::new("y", 0.0, 2.0)])
///     .build()?;
/// assert_eq!(nearest_site(&Haversine, &p)?, Some(0));
/// // By road, "y" is the quicker one (minutes).
/// let od = OdMatrix::from_pairs(&p, vec![(0, 0, 95.0), (0, 1, 40.0)])?;
/// assert_eq!(nearest_site(&od, &p)?, Some(1));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub trait TravelCost: Sync {
    /// Builds the cost matrix of `problem` keeping the pairs allowed by `reach`.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostSource, DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("far", 0.0, 2.0), Site::new("near", 0.0, 1.0)])
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::all())?;
    /// assert_eq!(m.row(0).sites, &[1, 0]); // cheapest first
    /// assert!((m.row(0).costs[0] - 111.195).abs() < 1e-3); // 1° of the equator
    /// assert_eq!(m.source(), CostSource::Haversine);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
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
    ///
    /// The index must hold the problem's sites in order (item `i` = site `i`).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.5), Site::new("y", 0.0, 1.5)])
    ///     .build()?;
    /// let index = PointIndex::new(p.sites().iter().map(|s| (s.lat, s.lon)));
    /// let near = Haversine.cost_matrix_with_index(&p, &index, Reach::cutoff(Km(100.0)));
    /// let wide = Haversine.cost_matrix_with_index(&p, &index, Reach::cutoff(Km(200.0)));
    /// assert_eq!((near.n_pairs(), wide.n_pairs()), (1, 2));
    /// let direct = Haversine.cost_matrix(&p, Reach::cutoff(Km(200.0)))?;
    /// assert_eq!(wide.row(0).costs, direct.row(0).costs);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
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
                    (Some(c), Some(k)) => {
                        index.nearest_within_into(d.lat, d.lon, k, Km(c), &mut hits)
                    }
                    (Some(c), None) => index.within_into(d.lat, d.lon, Km(c), &mut hits),
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
    pairs: std::sync::Arc<Vec<(u32, u32, f64)>>,
}

impl OdMatrix {
    /// An OD table over `problem` from (demand index, site index, cost)
    /// triples. Costs must be finite and ≥ 0 and each pair given once;
    /// otherwise the result is an [`Error::Usage`] naming the pair.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Error, OdMatrix, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
    ///     .build()?;
    /// assert_eq!(OdMatrix::from_pairs(&p, vec![(0, 0, 3.0), (0, 1, 12.5)])?.len(), 2);
    /// let twice = OdMatrix::from_pairs(&p, vec![(0, 1, 3.0), (0, 1, 4.0)]).unwrap_err();
    /// assert!(matches!(&twice, Error::Usage(m) if m == "OD pair (0, 1) is given twice"));
    /// let outside = OdMatrix::from_pairs(&p, vec![(0, 2, 1.0)]).unwrap_err();
    /// assert!(outside.to_string().contains("out of range for 1 demand points and 2 sites"));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
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
            pairs: std::sync::Arc::new(pairs),
        })
    }

    /// Number of pairs in the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, OdMatrix, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demands([DemandPoint::new("a", 0.0, 0.0, 1.0), DemandPoint::new("b", 0.0, 1.0, 1.0)])
    ///     .site(Site::new("x", 0.0, 0.0))
    ///     .build()?;
    /// let od = OdMatrix::from_pairs(&p, vec![(0, 0, 5.0), (1, 0, 50.0)])?;
    /// assert_eq!(od.len(), 2);
    /// // A cutoff keeps fewer pairs in the matrix; the table itself is unchanged.
    /// assert_eq!(od.cost_matrix(&p, Reach::cost_cutoff(30.0))?.n_pairs(), 1);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when the table has no pairs.
    ///
    /// An empty table is valid: every demand point is then unreachable.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, OdMatrix, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0))
    ///     .build()?;
    /// let od = OdMatrix::from_pairs(&p, vec![])?;
    /// assert!(od.is_empty());
    /// assert!(od.cost_matrix(&p, Reach::all())?.row(0).is_empty());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs of demand point `d`, cheapest first.
    pub(crate) fn row(&self, d: usize) -> &[(u32, u32, f64)] {
        let d = d as u32;
        let a = self.pairs.partition_point(|p| p.0 < d);
        let b = self.pairs.partition_point(|p| p.0 <= d);
        &self.pairs[a..b]
    }
}

impl TravelCost for OdMatrix {
    fn cost_matrix(&self, problem: &Problem, reach: Reach) -> Result<CostMatrix> {
        if problem.demand().len() != self.n_demand || problem.sites().len() != self.n_sites {
            return Err(Error::Usage(
                "the OD matrix was read for a different problem".into(),
            ));
        }
        let max = self
            .pairs
            .iter()
            .map(|p| p.2)
            .filter(|&c| reach.cutoff.is_none_or(|cut| c <= cut))
            .fold(0.0, f64::max);
        let mut lens = vec![0u32; self.n_demand];
        let mut sites = Vec::with_capacity(self.pairs.len());
        let mut costs = Vec::with_capacity(self.pairs.len());
        for &(d, s, c) in self.pairs.iter() {
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
        )
        .with_od(self.clone())
        .with_max_cost(Some(max)))
    }
}
