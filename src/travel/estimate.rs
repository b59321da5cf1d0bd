//! How many pairs a cost matrix will keep, estimated before it is built.
//!
//! - Every pair: demand × sites.
//! - The k nearest without a cutoff: demand × min(k, sites).
//! - A cutoff (with or without k): the sites within the cutoff of each
//!   demand point, counted on the site index without collecting them
//!   ([`PointIndex::count_within`]). Up to [`SAMPLE_POINTS`] demand points
//!   every point is counted and the estimate is exact; beyond that an evenly
//!   spaced sample of [`SAMPLE_POINTS`] points is counted, scaled to all
//!   points and raised by [`SAMPLE_MARGIN`] so that the sample's error errs
//!   on the large side. The same inputs give the same estimate on every run.
//! - An OD cost file: its rows, counted from its size and the length of its
//!   first rows ([`od_file_rows`]).

use rayon::prelude::*;

use super::Reach;
use crate::problem::Problem;
use crate::spatial::PointIndex;
use crate::units::Km;

/// Demand points counted when a cutoff is estimated on a sample.
pub const SAMPLE_POINTS: usize = 2048;

/// Factor a sampled count is raised by.
pub const SAMPLE_MARGIN: f64 = 1.25;

/// The estimated size of a cost matrix.
///
/// # Examples
///
/// ```
/// use siteplan::travel::estimate::pairs;
/// use siteplan::{DemandPoint, Km, Problem, Reach, Site};
/// let p = Problem::builder()
///     .demands([DemandPoint::new("a", 0.0, 0.0, 1.0), DemandPoint::new("b", 0.0, 3.0, 1.0)])
///     .sites([Site::new("x", 0.0, 0.5), Site::new("y", 0.0, 1.5), Site::new("z", 0.0, 2.5)])
///     .build()?;
/// assert_eq!(pairs(&p, None, Reach::all()).pairs, 6);
/// assert_eq!(pairs(&p, None, Reach::k_nearest(2)).pairs, 4);
/// // Within 100 km: "x" for "a", "z" for "b" (0.5° of the equator is ~56 km).
/// let e = pairs(&p, None, Reach::cutoff(Km(100.0)));
/// assert_eq!((e.pairs, e.sampled), (2, None));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairEstimate {
    /// Kept pairs.
    pub pairs: u64,
    /// Demand points counted when the estimate was scaled from a sample.
    pub sampled: Option<usize>,
}

/// The pairs a great-circle [`super::CostMatrix`] of `problem` keeps for
/// `reach`. `index` is the site index (built here when `None` and a cutoff
/// needs it).
///
/// # Examples
///
/// See [`PairEstimate`]. With a site index built beforehand:
///
/// ```
/// use siteplan::travel::estimate::pairs;
/// use siteplan::{spatial::PointIndex, DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 1.0))
///     .sites([Site::new("x", 31.3, 121.4), Site::new("y", 39.9, 116.4)])
///     .build()?;
/// let index = PointIndex::new(p.sites().iter().map(|s| (s.lat, s.lon)));
/// let reach = Reach::cutoff(Km(50.0));
/// let built = Haversine.cost_matrix(&p, reach)?;
/// assert_eq!(pairs(&p, Some(&index), reach).pairs, built.n_pairs() as u64);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn pairs(problem: &Problem, index: Option<&PointIndex>, reach: Reach) -> PairEstimate {
    let n = problem.demand().len() as u64;
    let m = problem.sites().len();
    let k = reach.k_nearest.unwrap_or(usize::MAX).min(m);
    let Some(cutoff) = reach.cutoff else {
        return PairEstimate {
            pairs: n.saturating_mul(k as u64),
            sampled: None,
        };
    };
    let built;
    let index = match index {
        Some(i) => i,
        None => {
            built = PointIndex::new(problem.sites().iter().map(|s| (s.lat, s.lon)));
            &built
        }
    };
    let demand = problem.demand();
    let count = |i: usize| {
        let d = &demand[i];
        index.count_within(d.lat, d.lon, Km(cutoff), k) as u64
    };
    if demand.len() <= SAMPLE_POINTS {
        return PairEstimate {
            pairs: (0..demand.len()).into_par_iter().map(count).sum(),
            sampled: None,
        };
    }
    let step = demand.len() as f64 / SAMPLE_POINTS as f64;
    let counted: u64 = (0..SAMPLE_POINTS)
        .into_par_iter()
        .map(|j| count((j as f64 * step) as usize))
        .sum();
    let scaled = counted as f64 * step * SAMPLE_MARGIN;
    PairEstimate {
        pairs: (scaled.ceil() as u64).min(n.saturating_mul(k as u64)),
        sampled: Some(SAMPLE_POINTS),
    }
}

/// Bytes read from the start of an OD file to measure its rows.
const OD_SAMPLE_BYTES: usize = 1 << 16;

/// The data rows of an OD cost file, estimated without reading it: its
/// size divided by the mean length of the rows in its first 64 KiB (exact
/// when the file is no longer than that), raised by [`SAMPLE_MARGIN`].
/// `None` when the file cannot be read (the reader then says why).
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("costs.csv");
/// std::fs::write(&f, "demand_id,site_id,cost\na,x,1.5\na,y,7\nb,x,3\n")?;
/// assert_eq!(siteplan::travel::estimate::od_file_rows(&f), Some(3));
/// assert_eq!(siteplan::travel::estimate::od_file_rows(&dir.path().join("none.csv")), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn od_file_rows(path: &std::path::Path) -> Option<u64> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(OD_SAMPLE_BYTES);
    std::fs::File::open(path)
        .ok()?
        .take(OD_SAMPLE_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    let header_end = head
        .iter()
        .position(|&b| b == b'\n')
        .map_or(head.len(), |i| i + 1);
    let body = &head[header_end..];
    let lines = body.iter().filter(|&&b| b == b'\n').count() as u64;
    if head.len() as u64 >= meta.len() {
        // The whole file: its rows, the last one with or without a line end.
        let last = u64::from(body.last().is_some_and(|&b| b != b'\n'));
        return Some(lines + last);
    }
    let rest = meta.len() - header_end as u64;
    let mean = body.len() as f64 / lines.max(1) as f64;
    Some((rest as f64 / mean.max(1.0) * SAMPLE_MARGIN).ceil() as u64)
}
