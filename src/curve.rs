//! Coverage curves: the model solved for every number of new sites in a
//! range, to show what each further site adds.
//!
//! [`CurveRange`] is the range (`0..=60`, `0..61`, `10..=20`);
//! [`solve_curve`] solves one plan per number of new sites and scores each
//! with [`evaluate`](crate::evaluate()) into an [`io::CurvePoint`](crate::io::CurvePoint), which
//! `report.html` draws and `curve.csv` lists ([`write_curve_csv`]).
//!
//! ```
//! use siteplan::curve::{solve_curve, CurveRange};
//! use siteplan::models::ModelSpec;
//! use siteplan::solve::SolveParams;
//! use siteplan::*;
//! let problem = Problem::builder()
//!     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
//!     .demand(DemandPoint::new("b", 30.3, 120.2, 5.0))
//!     .site(Site::new("sh", 31.2, 121.5))
//!     .site(Site::new("hz", 30.3, 120.2))
//!     .build()?;
//! let costs = Haversine.cost_matrix(&problem, Reach::cost_cutoff(50.0))?;
//! let spec = ModelSpec::new(ModelKind::MaxCoverage).with_cutoff(50.0);
//! let range: CurveRange = "0..=2".parse()?;
//! let curve = solve_curve(&problem, &costs, &spec, &SolveParams::default(), range, Some(50.0))?;
//! let covered: Vec<f64> = curve.iter().map(|p| p.objective).collect();
//! assert_eq!(covered, vec![0.0, 10.0, 15.0]);
//! assert_eq!(curve[2].marginal_gain, 5.0);
//! # Ok::<(), siteplan::Error>(())
//! ```

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::evaluate::evaluate;
use crate::io::{write_atomic, CurvePoint};
use crate::models::ModelSpec;
use crate::problem::Problem;
use crate::solve::{solve, SolveParams};
use crate::travel::CostMatrix;

/// A range of numbers of new sites, both ends included.
///
/// Parsed from `A..=B` (inclusive), `A..B` (exclusive, as in Rust) or a
/// single number `N` (just that one point); written back as `A..=B`.
///
/// ```
/// use siteplan::curve::CurveRange;
/// let r: CurveRange = "0..=60".parse()?;
/// assert_eq!((r.first, r.last, r.len()), (0, 60, 61));
/// assert_eq!("5..10".parse::<CurveRange>()?, CurveRange::new(5, 9)?);
/// assert!("10..=5".parse::<CurveRange>().is_err());
/// assert_eq!(r.to_string(), "0..=60");
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CurveRange {
    /// Fewest new sites.
    pub first: usize,
    /// Most new sites (included).
    pub last: usize,
}

/// Most points a curve may have (each is a solve).
pub const MAX_CURVE_POINTS: usize = 1001;

impl CurveRange {
    /// The range `first..=last`; an error when it is empty or longer than
    /// [`MAX_CURVE_POINTS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::curve::{CurveRange, MAX_CURVE_POINTS};
    /// let r = CurveRange::new(10, 20)?;
    /// assert_eq!((r.first, r.last, r.len()), (10, 20, 11));
    /// assert!(CurveRange::new(20, 10).is_err());
    /// assert!(CurveRange::new(0, MAX_CURVE_POINTS).is_err()); // one point too many
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(first: usize, last: usize) -> Result<CurveRange> {
        if last < first {
            return Err(Error::Usage(format!(
                "curve {first}..={last}: the range is empty (expected A..=B with A ≤ B)"
            )));
        }
        if last - first >= MAX_CURVE_POINTS {
            return Err(Error::Usage(format!(
                "curve {first}..={last}: {} points is more than the {MAX_CURVE_POINTS} allowed",
                last - first + 1
            )));
        }
        Ok(CurveRange { first, last })
    }

    /// Number of points.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::curve::CurveRange;
    /// assert_eq!(CurveRange::new(0, 60)?.len(), 61);
    /// assert_eq!(CurveRange::new(7, 7)?.len(), 1);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.last - self.first + 1
    }

    /// True when `n` lies in the range.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::curve::CurveRange;
    /// let r: CurveRange = "5..10".parse()?; // 5..=9
    /// assert!(r.contains(5) && r.contains(9));
    /// assert!(!r.contains(10) && !r.contains(4));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn contains(&self, n: usize) -> bool {
        (self.first..=self.last).contains(&n)
    }

    /// Every number of new sites in the range, ascending.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::curve::CurveRange;
    /// let r: CurveRange = "2..=5".parse()?;
    /// assert_eq!(r.iter().collect::<Vec<_>>(), [2, 3, 4, 5]);
    /// assert_eq!(r.iter().count(), r.len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn iter(&self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.last
    }
}

impl std::str::FromStr for CurveRange {
    type Err = Error;

    fn from_str(s: &str) -> Result<CurveRange> {
        let t = s.trim();
        let bad = || {
            Error::Usage(format!(
                "curve {s:?}: expected a range of new-site counts such as 0..=60, 0..61 or 10..=20"
            ))
        };
        let num = |x: &str| x.trim().parse::<usize>().map_err(|_| bad());
        if let Some((a, b)) = t.split_once("..=") {
            CurveRange::new(num(a)?, num(b)?)
        } else if let Some((a, b)) = t.split_once("..") {
            let (a, b) = (num(a)?, num(b)?);
            if b <= a {
                return Err(Error::Usage(format!(
                    "curve {s:?}: the range is empty ({a}..{b} excludes {b})"
                )));
            }
            CurveRange::new(a, b - 1)
        } else {
            let n = num(t)?;
            CurveRange::new(n, n)
        }
    }
}

impl std::fmt::Display for CurveRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..={}", self.first, self.last)
    }
}

impl TryFrom<String> for CurveRange {
    type Error = Error;
    fn try_from(s: String) -> Result<CurveRange> {
        s.parse()
    }
}

impl From<CurveRange> for String {
    fn from(r: CurveRange) -> String {
        r.to_string()
    }
}

/// Solves `spec` once for every number of new sites in `range` and scores
/// each plan with [`evaluate`](crate::evaluate()) at `cutoff` (the coverage
/// radius; `None` counts all served demand as covered).
///
/// The steps share the problem and its cost matrix and run in parallel on
/// rayon's pool, each with `params` but a share of its time limit: the
/// steps split `params.time_limit` evenly, so the whole curve takes at most
/// that long (with the exact route each is warm-started from its own greedy
/// plan). Every solve is deterministic, so the curve does not depend on the
/// number of threads as long as no step reaches its share of the time. `marginal_gain` is
/// the objective gained from the previous point (covered weight added for
/// max-coverage, cost saved for the minimising models; 0 at the first
/// point). The model must take a number of new sites (not set-cover or
/// target-share). For market-share, `coverage_pct` is our share of
/// total demand (captured / total, in percent).
///
/// # Examples
///
/// A max-coverage curve from 0 to 3 new sites on a small generated market
/// with no stores yet:
///
/// ```
/// use siteplan::curve::{solve_curve, CurveRange};
/// use siteplan::prelude::*;
///
/// let market = generate(&MarketParams::new().cities(6).towns(24).candidates(10).seed(3));
/// let problem = market.problem()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(80.0)))?;
/// let spec = ModelSpec::new(ModelKind::MaxCoverage).with_cutoff(80.0);
/// let range = CurveRange::new(0, 3)?;
/// let curve = solve_curve(&problem, &costs, &spec, &SolveParams::default(), range, Some(80.0))?;
///
/// assert_eq!(curve.iter().map(|p| p.new_sites).collect::<Vec<_>>(), [0, 1, 2, 3]);
/// // Nothing is open at 0 new sites, so nothing is covered.
/// assert_eq!((curve[0].objective, curve[0].coverage_pct), (0.0, 0.0));
/// // Each point's gain is the covered weight added since the previous one.
/// for w in curve.windows(2) {
///     assert_eq!(w[1].marginal_gain, w[1].objective - w[0].objective);
/// }
/// assert!(curve[3].coverage_pct > 0.0 && curve[3].coverage_pct <= 100.0);
///
/// // Set-cover picks its own number of sites, so it has no curve.
/// let cover = ModelSpec::new(ModelKind::SetCover).with_cutoff(80.0);
/// assert!(solve_curve(&problem, &costs, &cover, &SolveParams::default(), range, None).is_err());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_curve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    range: CurveRange,
    cutoff: Option<f64>,
) -> Result<Vec<CurvePoint>> {
    if !spec.kind.facts().sized {
        return Err(Error::Usage(format!(
            "a curve needs a model with a number of new sites; {} chooses its own",
            spec.kind
        )));
    }
    let n_sites = problem.sites().len();
    let ks: Vec<usize> = range.iter().collect();
    // The curve's solves share one time limit between them, so a curve
    // takes at most that long on one thread (less on several).
    let params = &params
        .clone()
        .with_time_limit(params.time_limit / ks.len().max(1) as f64);
    let scored: Vec<Result<(f64, crate::Evaluation)>> = ks
        .par_iter()
        .map(|&k| {
            let spec = spec.clone().with_new_sites(k);
            let plan = solve(problem, costs, &spec, params).map_err(|e| match e {
                Error::Infeasible(why) => {
                    Error::Infeasible(format!("curve at {k} new sites: {why}"))
                }
                e => e,
            })?;
            let mut e = evaluate(problem, costs, &plan.open_flags(n_sites), cutoff);
            if spec.kind == crate::models::ModelKind::MarketShare {
                // The share of demand captured stands in for coverage.
                let r = crate::solve::share::report(problem, costs, &spec, &plan)?;
                e.covered_weight = r.captured_after;
                e.total_weight = r.total_weight;
            }
            Ok((plan.objective, e))
        })
        .collect();
    let mut points = Vec::with_capacity(ks.len());
    let mut prev: Option<f64> = None;
    for (k, r) in ks.into_iter().zip(scored) {
        let (objective, e) = r?;
        let marginal_gain = match prev {
            None => 0.0,
            Some(p) if spec.kind.maximises() => objective - p,
            Some(p) => p - objective,
        };
        prev = Some(objective);
        points.push(CurvePoint {
            new_sites: k,
            objective,
            coverage_pct: if e.total_weight > 0.0 {
                100.0 * e.covered_weight / e.total_weight
            } else {
                0.0
            },
            mean_cost: e.mean_cost,
            marginal_gain,
        });
    }
    Ok(points)
}

/// Writes `curve.csv` atomically: `new_sites,objective,coverage_pct,mean_cost,marginal_gain`,
/// one row per point, numbers in Rust's shortest round-trip form.
///
/// # Examples
///
/// ```
/// use siteplan::io::CurvePoint;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("curve.csv");
/// let p = CurvePoint { new_sites: 0, objective: 10.0, coverage_pct: 50.0, mean_cost: 3.5, marginal_gain: 0.0 };
/// siteplan::curve::write_curve_csv(&path, &[p])?;
/// assert_eq!(std::fs::read_to_string(&path)?,
///     "new_sites,objective,coverage_pct,mean_cost,marginal_gain\n0,10,50,3.5,0\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_curve_csv(path: &Path, curve: &[CurvePoint]) -> Result<()> {
    write_atomic(path, |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record([
            "new_sites",
            "objective",
            "coverage_pct",
            "mean_cost",
            "marginal_gain",
        ])?;
        for p in curve {
            out.write_record([
                p.new_sites.to_string(),
                p.objective.to_string(),
                p.coverage_pct.to_string(),
                p.mean_cost.to_string(),
                p.marginal_gain.to_string(),
            ])?;
        }
        out.flush()
    })
}
