//! The sparse demand × site cost matrix (compressed rows).

use serde::{Deserialize, Serialize};

use super::reach::Reach;

mod grow;

/// Where a matrix's costs came from.
///
/// # Examples
///
/// ```
/// use siteplan::{CostMatrix, CostSource, DemandPoint, OdMatrix, Problem, Reach, Site, TravelCost};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let od = OdMatrix::from_pairs(&p, vec![(0, 0, 12.0)])?;
/// assert_eq!(od.cost_matrix(&p, Reach::all())?.source(), CostSource::Matrix);
/// let custom = CostMatrix::from_rows(1, vec![vec![(0, 12.0)]], Reach::all());
/// assert_eq!(custom.source(), CostSource::Custom);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CostSource {
    /// Great-circle km.
    Haversine,
    /// A user's OD matrix (its own unit); absent pairs are unreachable.
    Matrix,
    /// Supplied directly by a library caller.
    Custom,
}

/// One demand point's reachable sites, cheapest first.
///
/// # Examples
///
/// ```
/// use siteplan::{CostMatrix, Reach};
/// let m = CostMatrix::from_rows(3, vec![vec![(2, 8.0), (0, 3.0), (1, 3.0)]], Reach::all());
/// let row = m.row(0);
/// // Ties in cost are broken by the lower site index.
/// assert_eq!(row.sites, &[0, 1, 2]);
/// assert_eq!(row.costs, &[3.0, 3.0, 8.0]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// Site indices, sorted by cost then index.
    pub sites: &'a [u32],
    /// The matching costs, ascending.
    pub costs: &'a [f64],
}

impl<'a> Row<'a> {
    /// Number of reachable sites.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(4, vec![vec![(3, 2.0), (1, 1.0)]], Reach::all());
    /// assert_eq!(m.row(0).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.sites.len()
    }

    /// True when no site is reachable.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0)], vec![]], Reach::all());
    /// assert!(!m.row(0).is_empty());
    /// assert!(m.row(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    /// The prefix of the row with cost ≤ `cutoff` (the coverage set).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(3, vec![vec![(0, 40.0), (1, 10.0), (2, 25.0)]], Reach::all());
    /// let covering = m.row(0).within(25.0); // inclusive
    /// assert_eq!(covering.sites, &[1, 2]);
    /// assert!(m.row(0).within(5.0).is_empty());
    /// ```
    pub fn within(&self, cutoff: f64) -> Row<'a> {
        let n = self.costs.partition_point(|&c| c <= cutoff);
        Row {
            sites: &self.sites[..n],
            costs: &self.costs[..n],
        }
    }

    /// Iterates (site, cost) pairs, cheapest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(3, vec![vec![(2, 7.0), (1, 4.0)]], Reach::all());
    /// let open = [false, false, true];
    /// // The cheapest open site, as evaluation picks it.
    /// assert_eq!(m.row(0).iter().find(|&(s, _)| open[s]), Some((2, 7.0)));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + 'a {
        self.sites
            .iter()
            .zip(self.costs)
            .map(|(&s, &c)| (s as usize, c))
    }
}

/// Rows per storage block of a [`CostMatrix`] (and per parallel task when
/// one is built).
pub(crate) const BLOCK_ROWS: usize = 512;

/// How many times more sites a row keeps each time rows cut to the k
/// nearest grow ([`CostMatrix::widened`]).
pub(crate) const WIDEN_FACTOR: usize = 4;

/// The pairs of [`BLOCK_ROWS`] consecutive rows.
#[derive(Debug, Clone, Default)]
struct Block {
    /// Position of the block's first pair among all pairs.
    base: usize,
    sites: Vec<u32>,
    costs: Vec<f64>,
}

/// Sparse costs between every demand point and its reachable sites, in
/// compressed-row form: memory is 12 bytes per kept pair plus 8 per demand point.
///
/// Rows are stored in blocks of a few hundred, so that a matrix built in
/// parallel keeps each task's output where it was written instead of copying
/// it into one array (which would briefly need twice the memory).
///
/// ```
/// use siteplan::{CostMatrix, Reach};
/// // 2 demand points, 3 sites.
/// let m = CostMatrix::from_rows(3, vec![vec![(2, 5.0), (0, 1.0)], vec![]], Reach::all());
/// assert_eq!(m.row(0).sites, &[0, 2]);
/// assert_eq!(m.cost(0, 2), Some(5.0));
/// assert_eq!(m.cost(1, 0), None);
/// assert_eq!(m.n_pairs(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct CostMatrix {
    /// Start of each row's pairs among all pairs; one more entry than rows.
    offsets: Vec<usize>,
    /// Row `d` lives in block `d / BLOCK_ROWS`.
    blocks: Vec<Block>,
    n_sites: usize,
    reach: Reach,
    source: CostSource,
    /// The OD table the matrix was cut from, to widen it.
    od: Option<super::OdMatrix>,
    /// The largest cost of the source within the cutoff, kept or not.
    max_cost: f64,
    /// Which rows are cut, once some have grown past the k nearest
    /// ([`CostMatrix::grown_for`]); `None`: a row is cut when it holds k
    /// pairs.
    cut: Option<Vec<bool>>,
}

impl CostMatrix {
    /// Builds a matrix from per-demand lists of (site, cost); each list is
    /// sorted here. Costs must be finite; a site may appear once per row.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, CostSource, Reach};
    /// // Costs from any source, e.g. minutes from an in-memory routing table.
    /// let m = CostMatrix::from_rows(2, vec![vec![(1, 30.0), (0, 12.0)], vec![(1, 5.0)]], Reach::all());
    /// assert_eq!(m.row(0).sites, &[0, 1]);
    /// assert_eq!(m.row(1).costs, &[5.0]);
    /// assert_eq!(m.source(), CostSource::Custom);
    /// ```
    pub fn from_rows(n_sites: usize, rows: Vec<Vec<(u32, f64)>>, reach: Reach) -> Self {
        let mut chunks = Vec::with_capacity(rows.len().div_ceil(BLOCK_ROWS));
        let mut chunk = (Vec::new(), Vec::new(), Vec::new());
        for mut row in rows {
            row.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            debug_assert!(row.iter().all(|&(s, _)| (s as usize) < n_sites));
            chunk.0.push(row.len() as u32);
            chunk.1.extend(row.iter().map(|p| p.0));
            chunk.2.extend(row.iter().map(|p| p.1));
            if chunk.0.len() == BLOCK_ROWS {
                chunks.push(std::mem::take(&mut chunk));
            }
        }
        if !chunk.0.is_empty() {
            chunks.push(chunk);
        }
        Self::from_chunks(n_sites, chunks, reach, CostSource::Custom)
    }

    /// Joins chunks of (row lengths, sites, costs) whose rows are already
    /// sorted. Chunks of exactly [`BLOCK_ROWS`] rows (the last may be
    /// shorter) become blocks as they are; others are cut into blocks.
    pub(crate) fn from_chunks(
        n_sites: usize,
        chunks: Vec<(Vec<u32>, Vec<u32>, Vec<f64>)>,
        reach: Reach,
        source: CostSource,
    ) -> Self {
        let n_demand: usize = chunks.iter().map(|c| c.0.len()).sum();
        let mut offsets = Vec::with_capacity(n_demand + 1);
        offsets.push(0);
        for (lens, _, _) in &chunks {
            for &len in lens {
                offsets.push(offsets.last().unwrap() + len as usize);
            }
        }
        let n = chunks.len();
        let aligned = chunks
            .iter()
            .enumerate()
            .all(|(i, c)| c.0.len() == BLOCK_ROWS || (i + 1 == n && c.0.len() < BLOCK_ROWS));
        let mut blocks = Vec::with_capacity(n_demand.div_ceil(BLOCK_ROWS));
        if aligned {
            for (i, (_, mut sites, mut costs)) in chunks.into_iter().enumerate() {
                sites.shrink_to_fit();
                costs.shrink_to_fit();
                blocks.push(Block {
                    base: offsets[i * BLOCK_ROWS],
                    sites,
                    costs,
                });
            }
        } else {
            let mut sites = Vec::new();
            let mut costs = Vec::new();
            for (_, s, c) in chunks {
                sites.extend_from_slice(&s);
                costs.extend_from_slice(&c);
            }
            for first in (0..n_demand).step_by(BLOCK_ROWS) {
                let end = (first + BLOCK_ROWS).min(n_demand);
                let (a, b) = (offsets[first], offsets[end]);
                blocks.push(Block {
                    base: a,
                    sites: sites[a..b].to_vec(),
                    costs: costs[a..b].to_vec(),
                });
            }
        }
        CostMatrix {
            offsets,
            blocks,
            n_sites,
            reach,
            source,
            od: None,
            max_cost: 0.0,
            cut: None,
        }
        .with_max_cost(None)
    }

    /// Records the largest cost of the source (within the cutoff), or, with
    /// `None`, the largest kept cost.
    pub(crate) fn with_max_cost(mut self, max: Option<f64>) -> Self {
        self.max_cost = max.unwrap_or_else(|| {
            self.blocks
                .iter()
                .flat_map(|b| b.costs.iter().copied())
                .fold(0.0, f64::max)
        });
        self
    }

    /// The largest cost in the matrix's source within its cutoff, whether
    /// or not its row kept the pair (for a matrix from
    /// [`CostMatrix::from_rows`] or great-circle distances: the largest kept
    /// cost).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, OdMatrix, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
    ///     .build()?;
    /// let od = OdMatrix::from_pairs(&p, vec![(0, 0, 5.0), (0, 1, 9.0)])?;
    /// let m = od.cost_matrix(&p, Reach::k_nearest(1))?;
    /// assert_eq!((m.n_pairs(), m.max_cost()), (1, 9.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn max_cost(&self) -> f64 {
        self.max_cost
    }

    /// Keeps the OD table this matrix was cut from, so that
    /// [`CostMatrix::widened`] can cut it again with more sites per row.
    pub(crate) fn with_od(mut self, od: super::OdMatrix) -> Self {
        self.od = Some(od);
        self
    }

    /// The reachable sites of demand point `d`, cheapest first.
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(3, vec![vec![(2, 9.0), (0, 4.0)], vec![]], Reach::all());
    /// let row: Vec<(usize, f64)> = m.row(0).iter().collect();
    /// assert_eq!(row, [(0, 4.0), (2, 9.0)]);
    /// assert!(m.row(1).is_empty()); // nothing reachable
    /// assert_eq!((m.cost(0, 2), m.cost(0, 1)), (Some(9.0), None));
    /// assert_eq!((m.n_demand(), m.n_sites(), m.n_pairs()), (2, 3, 2));
    /// ```
    #[inline]
    pub fn row(&self, d: usize) -> Row<'_> {
        let block = &self.blocks[d / BLOCK_ROWS];
        let (a, b) = (
            self.offsets[d] - block.base,
            self.offsets[d + 1] - block.base,
        );
        Row {
            sites: &block.sites[a..b],
            costs: &block.costs[a..b],
        }
    }

    /// The cost from demand point `d` to site `s`, if the pair is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(2, vec![vec![(1, 6.5)]], Reach::all());
    /// assert_eq!(m.cost(0, 1), Some(6.5));
    /// assert_eq!(m.cost(0, 0), None); // not kept: unreachable
    /// ```
    pub fn cost(&self, d: usize, s: usize) -> Option<f64> {
        self.row(d).iter().find(|&(t, _)| t == s).map(|(_, c)| c)
    }

    /// Number of demand points (rows).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(5, vec![vec![]; 3], Reach::all());
    /// assert_eq!(m.n_demand(), 3);
    /// ```
    pub fn n_demand(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of sites (columns).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(5, vec![vec![(4, 1.0)]], Reach::all());
    /// assert_eq!(m.n_sites(), 5);
    /// ```
    pub fn n_sites(&self) -> usize {
        self.n_sites
    }

    /// Number of kept pairs.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(3, vec![vec![(0, 1.0), (2, 4.0)], vec![], vec![(1, 2.0)]], Reach::all());
    /// assert_eq!(m.n_pairs(), 3);
    /// ```
    pub fn n_pairs(&self) -> usize {
        *self.offsets.last().unwrap()
    }

    /// Which pairs were kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0))
    ///     .build()?;
    /// let reach = Reach::cutoff(Km(60.0)).with_k_nearest(5);
    /// assert_eq!(Haversine.cost_matrix(&p, reach)?.reach(), reach);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn reach(&self) -> Reach {
        self.reach
    }

    /// Where the costs came from.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostSource, DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0))
    ///     .build()?;
    /// assert_eq!(Haversine.cost_matrix(&p, Reach::all())?.source(), CostSource::Haversine);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn source(&self) -> CostSource {
        self.source
    }

    /// True when rows were cut to the k nearest, so a missing pair may be
    /// merely far rather than unreachable.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Km, Reach};
    /// let cut = CostMatrix::from_rows(1, vec![vec![]], Reach::cutoff(Km(50.0)));
    /// assert!(!cut.is_truncated()); // an empty row really is out of reach
    /// let knn = CostMatrix::from_rows(1, vec![vec![]], Reach::k_nearest(3));
    /// assert!(knn.is_truncated());
    /// ```
    pub fn is_truncated(&self) -> bool {
        self.reach.k_nearest.is_some()
    }

    /// The least cost a pair dropped from row `d` by the k-nearest cut can
    /// have: the row's dearest kept cost, when the row holds k pairs of a
    /// matrix cut to the k nearest (`None` otherwise: the row holds every
    /// pair its source has within the cutoff). Rows are sorted by cost, so
    /// every dropped pair costs at least this much: the under-estimate that
    /// keeps bounds valid on cut rows.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(3, vec![vec![(0, 2.0), (1, 5.0)], vec![(2, 1.0)]], Reach::k_nearest(2));
    /// assert_eq!(m.floor(0), Some(5.0)); // full row: site 2 may lie beyond, at 5 or more
    /// assert_eq!(m.floor(1), None); // fewer than k pairs: nothing was dropped
    /// ```
    pub fn floor(&self, d: usize) -> Option<f64> {
        let k = self.reach.k_nearest?;
        let row = self.row(d);
        let cut = match &self.cut {
            Some(cut) => cut[d],
            None => row.len() >= k,
        };
        if cut && row.len() < self.n_sites {
            row.costs.last().copied()
        } else {
            None
        }
    }

    /// True when [`CostMatrix::widened`] can give wider rows: they are cut
    /// to the k nearest and the source is at hand.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..3).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// assert!(Haversine.cost_matrix(&p, Reach::k_nearest(1))?.can_widen());
    /// assert!(!Haversine.cost_matrix(&p, Reach::all())?.can_widen());
    /// let rows = CostMatrix::from_rows(3, vec![vec![(0, 0.0)]], Reach::k_nearest(1));
    /// assert!(!rows.can_widen()); // no source to widen from
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn can_widen(&self) -> bool {
        self.reach.k_nearest.is_some()
            && match self.source {
                CostSource::Haversine => true,
                CostSource::Matrix => self.od.is_some(),
                CostSource::Custom => false,
            }
    }

    /// The same costs with four times as many sites kept per demand point
    /// (all of them once that reaches the number of sites), rebuilt from the
    /// matrix's source: great-circle distances for `problem`, or the OD
    /// table it was cut from. `None` when the rows are not cut or the
    /// source is not at hand (a matrix built with [`CostMatrix::from_rows`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..6).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
    /// let wide = m.widened(&p).unwrap()?;
    /// assert_eq!(wide.reach().k_nearest, Some(4));
    /// let all = wide.widened(&p).unwrap()?; // 16 ≥ 6 sites: every pair
    /// assert_eq!((all.reach().k_nearest, all.n_pairs()), (None, 6));
    /// assert!(all.widened(&p).is_none());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn widened(&self, problem: &crate::problem::Problem) -> Option<crate::error::Result<Self>> {
        let k = self.reach.k_nearest?;
        self.widened_to(problem, k.saturating_mul(WIDEN_FACTOR))
    }

    /// The same costs with `k` sites kept per demand point (every site once
    /// `k` reaches their number), rebuilt from the matrix's source like
    /// [`CostMatrix::widened`]. `None` when the rows are not cut, `k` keeps
    /// no more than they do, or the source is not at hand.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..6).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
    /// assert_eq!(m.widened_to(&p, 3).unwrap()?.n_pairs(), 3);
    /// assert!(m.widened_to(&p, 1).is_none()); // no wider than the rows
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn widened_to(
        &self,
        problem: &crate::problem::Problem,
        k: usize,
    ) -> Option<crate::error::Result<Self>> {
        use super::TravelCost;
        if !self.can_widen() || k <= self.reach.k_nearest? {
            return None;
        }
        let reach = Reach {
            cutoff: self.reach.cutoff,
            k_nearest: (k < self.n_sites).then_some(k),
        };
        let wide = match (self.source, &self.od) {
            (CostSource::Haversine, _) => super::Haversine.cost_matrix(problem, reach),
            (CostSource::Matrix, Some(od)) => od.cost_matrix(problem, reach),
            _ => return None,
        };
        // Rows grown further than k before keep what they have.
        Some(wide.map(|w| self.keep_longer(w)))
    }

    /// The cost of the pair (`d`, `s`) in the matrix's source, kept in the
    /// row or dropped by its cut to the k nearest (within the cutoff);
    /// `None` when the source has no such pair or is not at hand.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..3).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
    /// assert_eq!(m.cost(0, 2), None); // not kept
    /// assert!((m.source_cost(&p, 0, 2).unwrap() - 222.39).abs() < 0.01);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn source_cost(
        &self,
        problem: &crate::problem::Problem,
        d: usize,
        s: usize,
    ) -> Option<f64> {
        if let Some(c) = self.cost(d, s) {
            return Some(c);
        }
        self.floor(d)?;
        let within = |c: f64| self.reach.cutoff.is_none_or(|cut| c <= cut);
        match (self.source, &self.od) {
            (CostSource::Haversine, _) => {
                let (p, q) = (&problem.demand()[d], &problem.sites()[s]);
                Some(crate::spatial::haversine_km(p.lat, p.lon, q.lat, q.lon).0)
                    .filter(|&c| within(c))
            }
            (CostSource::Matrix, Some(od)) => od
                .row(d)
                .iter()
                .find(|p| p.1 as usize == s)
                .map(|p| p.2)
                .filter(|&c| within(c)),
            _ => None,
        }
    }

    /// The cheapest site with `open[s]` for demand point `d` in the
    /// matrix's source, beyond its kept row too (within the cutoff): the
    /// true cost of a point whose kept row holds no open site. `None` when
    /// no open site is within reach, or the source is not at hand (then the
    /// kept row is all there is).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..3).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
    /// let (s, km) = m.source_nearest(&p, 0, &[false, false, true]).unwrap();
    /// assert_eq!(s, 2);
    /// assert!((km - 222.39).abs() < 0.01);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn source_nearest(
        &self,
        problem: &crate::problem::Problem,
        d: usize,
        open: &[bool],
    ) -> Option<(usize, f64)> {
        let kept = self.row(d).iter().find(|&(s, _)| open[s]);
        if kept.is_some() || self.floor(d).is_none() {
            return kept;
        }
        let within = |c: f64| self.reach.cutoff.is_none_or(|cut| c <= cut);
        match (self.source, &self.od) {
            // The OD row is sorted by cost: its first open pair is the one.
            (CostSource::Matrix, Some(od)) => od
                .row(d)
                .iter()
                .find(|p| open[p.1 as usize] && within(p.2))
                .map(|p| (p.1 as usize, p.2)),
            _ => (0..open.len())
                .filter(|&s| open[s])
                .filter_map(|s| self.source_cost(problem, d, s).map(|c| (s, c)))
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))),
        }
    }

    /// Bytes held by the matrix's arrays.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let rows: Vec<Vec<(u32, f64)>> = (0..100).map(|d| vec![(d % 7, 1.0), (7, 2.0)]).collect();
    /// let m = CostMatrix::from_rows(8, rows, Reach::all());
    /// // 12 bytes per kept pair plus 8 per row offset, and a little bookkeeping.
    /// let arrays = 12 * m.n_pairs() + 8 * (m.n_demand() + 1);
    /// assert!(m.memory_bytes() >= arrays && m.memory_bytes() < arrays + 1024);
    /// ```
    pub fn memory_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.blocks.capacity() * std::mem::size_of::<Block>()
            + self
                .blocks
                .iter()
                .map(|b| b.sites.capacity() * 4 + b.costs.capacity() * 8)
                .sum::<usize>()
            + self.cut.as_ref().map_or(0, Vec::capacity)
    }

    /// The same pairs seen from the sites: for each site, the demand points
    /// that reach it, in demand order.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(2, vec![vec![(1, 4.0)], vec![(0, 2.0), (1, 9.0)]], Reach::all());
    /// let cols = m.transpose();
    /// assert_eq!(cols.column(1), (&[0u32, 1][..], &[4.0, 9.0][..]));
    /// assert_eq!(cols.column(0), (&[1u32][..], &[2.0][..]));
    /// ```
    pub fn transpose(&self) -> SiteColumns {
        let mut counts = vec![0usize; self.n_sites + 1];
        for block in &self.blocks {
            for &s in &block.sites {
                counts[s as usize + 1] += 1;
            }
        }
        for i in 0..self.n_sites {
            counts[i + 1] += counts[i];
        }
        let offsets = counts.clone();
        let mut next = counts;
        let mut demand = vec![0u32; self.n_pairs()];
        let mut costs = vec![0f64; self.n_pairs()];
        for d in 0..self.n_demand() {
            for (s, c) in self.row(d).iter() {
                let at = next[s];
                demand[at] = d as u32;
                costs[at] = c;
                next[s] += 1;
            }
        }
        SiteColumns {
            offsets,
            demand,
            costs,
        }
    }
}

/// The transpose of a [`CostMatrix`]: for each site, the demand points that
/// reach it and their costs, in demand order.
///
/// # Examples
///
/// ```
/// use siteplan::{CostMatrix, Reach};
/// let m = CostMatrix::from_rows(3, vec![vec![(0, 1.0)], vec![(0, 3.0)], vec![(2, 5.0)]], Reach::all());
/// let cols = m.transpose();
/// // How many demand points each site could serve.
/// let reach: Vec<usize> = (0..3).map(|s| cols.column(s).0.len()).collect();
/// assert_eq!(reach, [2, 0, 1]);
/// ```
#[derive(Debug, Clone)]
pub struct SiteColumns {
    offsets: Vec<usize>,
    demand: Vec<u32>,
    costs: Vec<f64>,
}

impl SiteColumns {
    /// Demand points reaching site `s` and their costs.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let m = CostMatrix::from_rows(1, vec![vec![(0, 3.0)], vec![], vec![(0, 1.0)]], Reach::all());
    /// let cols = m.transpose();
    /// let (demand, costs) = cols.column(0);
    /// assert_eq!(demand, &[0, 2]);
    /// assert_eq!(costs, &[3.0, 1.0]);
    /// ```
    pub fn column(&self, s: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.offsets[s], self.offsets[s + 1]);
        (&self.demand[a..b], &self.costs[a..b])
    }
}
