//! Rows grown only where a plan needs them.
//!
//! A row cut to the k nearest bounds every site beyond its cut by its
//! dearest kept cost (its floor). That floor is far below the truth for a
//! point whose nearest open site lies beyond the cut, and the search then
//! prices such points too low. [`CostMatrix::grown_for`] rebuilds exactly
//! those rows, each out to the cost of the nearest open site of a plan, and
//! leaves every other row as it is: memory grows with the points a plan
//! strains, not with the whole market.

use rayon::prelude::*;

use super::{CostMatrix, CostSource, BLOCK_ROWS};
use crate::problem::Problem;
use crate::spatial::PointIndex;
use crate::units::Km;

/// One row's growth: its new radius, the pairs it will hold, and how much
/// its point stands to gain (weight × how far the floor falls short).
struct Growth {
    row: usize,
    radius: f64,
    pairs: usize,
    gain: f64,
}

impl CostMatrix {
    /// The same costs with each cut row that a plan with `open` sites
    /// strains grown from the matrix's source: every site within the cost
    /// of the row's nearest open site (the whole cutoff when none is open
    /// within it), so that the row holds the site the plan assigns its
    /// point to and the search and the bound price that point truly.
    /// Rows whose kept sites already reach that far stay as they are. At
    /// most `max_pairs` pairs are kept in all: beyond it the rows of most
    /// weight × shortfall grow first. `None` when no row would grow, the
    /// rows are not cut, or the source is not at hand.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// // One point at 0°, sites every degree east; the plan opens 4 and 5.
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..8).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(2))?;
    /// let open: Vec<bool> = (0..8).map(|s| s == 4 || s == 5).collect();
    /// assert_eq!(m.floor(0).map(|f| f.round()), Some(111.0)); // sites 0 and 1 kept
    /// let grown = m.grown_for(&p, &open, usize::MAX).unwrap();
    /// assert_eq!(grown.row(0).sites, &[0, 1, 2, 3, 4]); // out to site 4, the nearest open
    /// assert!(grown.grown_for(&p, &open, usize::MAX).is_none()); // nothing more to grow
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn grown_for(
        &self,
        problem: &Problem,
        open: &[bool],
        max_pairs: usize,
    ) -> Option<CostMatrix> {
        self.grown_to(problem, open, 1, max_pairs)
    }

    /// [`CostMatrix::grown_for`] out to each strained row's `nth` nearest
    /// open site (the whole cutoff when fewer are open within it): with
    /// `nth = 2` a row also prices its point when its nearest open site
    /// closes, which the bound needs to tell plans apart. `None` when no
    /// row would grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..8).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(2))?;
    /// let open: Vec<bool> = (0..8).map(|s| s == 4 || s == 6).collect();
    /// let grown = m.grown_to(&p, &open, 2, usize::MAX).unwrap();
    /// assert_eq!(grown.row(0).len(), 7); // out to site 6, the second open one
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn grown_to(
        &self,
        problem: &Problem,
        open: &[bool],
        nth: usize,
        max_pairs: usize,
    ) -> Option<CostMatrix> {
        if nth == 0 {
            return None;
        }
        self.grow(problem, open, Rule::Nth(nth), max_pairs)
    }

    /// For coverage within `radius`: each cut row whose point no open site
    /// covers (none within `radius`, beyond the row too) grown to hold every
    /// site within `radius`, so the bound no longer counts the point as
    /// possibly covered beyond its cut. Covered points' rows stay as they
    /// are. `None` when no row would grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..8).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// let reach = Reach::cutoff(Km(350.0)).with_k_nearest(1);
    /// let m = Haversine.cost_matrix(&p, reach)?;
    /// let far: Vec<bool> = (0..8).map(|s| s == 7).collect();
    /// let grown = m.grown_to_cover(&p, &far, 350.0, usize::MAX).unwrap();
    /// assert_eq!(grown.row(0).sites, &[0, 1, 2, 3]); // every site within 350 km
    /// assert_eq!(grown.floor(0), None); // whole: the point is truly uncovered
    /// let near: Vec<bool> = (0..8).map(|s| s == 2).collect();
    /// assert!(m.grown_to_cover(&p, &near, 350.0, usize::MAX).is_none()); // covered beyond its cut
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn grown_to_cover(
        &self,
        problem: &Problem,
        open: &[bool],
        radius: f64,
        max_pairs: usize,
    ) -> Option<CostMatrix> {
        if radius.is_nan() || radius < 0.0 {
            return None;
        }
        self.grow(problem, open, Rule::Cover(radius), max_pairs)
    }

    fn grow(
        &self,
        problem: &Problem,
        open: &[bool],
        rule: Rule,
        max_pairs: usize,
    ) -> Option<CostMatrix> {
        if !self.can_widen() || open.len() != self.n_sites {
            return None;
        }
        if matches!(rule, Rule::Nth(_)) && !open.iter().any(|&o| o) {
            return None;
        }
        let finder = Finder::new(self, problem, open, rule);
        let n = self.n_demand();
        let mut growth: Vec<Growth> = (0..n)
            .into_par_iter()
            .with_min_len(BLOCK_ROWS)
            .map_init(Vec::new, |hits, d| {
                let floor = self.floor(d)?;
                let radius = finder.radius(d, hits)?;
                if radius < floor {
                    return None;
                }
                let pairs = finder.count(d, radius);
                // A row that already holds its whole reach is marked uncut
                // (its floor gives way to the true unserved cost).
                let more = pairs > self.row(d).len() || finder.complete(radius);
                more.then(|| Growth {
                    row: d,
                    radius,
                    pairs,
                    gain: problem.demand()[d].weight * (radius - floor),
                })
            })
            .flatten()
            .collect();
        if growth.is_empty() {
            return None;
        }
        // Over the budget: the rows of most weight × shortfall first.
        let mut total = self.n_pairs();
        let extra: usize = growth.iter().map(|g| g.pairs - self.row(g.row).len()).sum();
        if total.saturating_add(extra) > max_pairs {
            growth.sort_by(|a, b| b.gain.total_cmp(&a.gain).then(a.row.cmp(&b.row)));
            growth.retain(|g| {
                let more = g.pairs - self.row(g.row).len();
                let fits = total + more <= max_pairs;
                if fits {
                    total += more;
                }
                fits
            });
            if growth.is_empty() {
                return None;
            }
        }
        let mut radius = vec![f64::NAN; n];
        for g in &growth {
            radius[g.row] = g.radius;
        }
        let chunks: Vec<(Vec<u32>, Vec<u32>, Vec<f64>)> = (0..n.div_ceil(BLOCK_ROWS))
            .into_par_iter()
            .map(|b| {
                let rows = b * BLOCK_ROWS..n.min((b + 1) * BLOCK_ROWS);
                let mut out = (Vec::new(), Vec::new(), Vec::new());
                let mut hits = Vec::new();
                for d in rows {
                    if radius[d].is_nan() {
                        let row = self.row(d);
                        out.0.push(row.len() as u32);
                        out.1.extend_from_slice(row.sites);
                        out.2.extend_from_slice(row.costs);
                    } else {
                        finder.collect(d, radius[d], &mut hits);
                        out.0.push(hits.len() as u32);
                        out.1.extend(hits.iter().map(|h| h.0));
                        out.2.extend(hits.iter().map(|h| h.1 .0));
                    }
                }
                out
            })
            .collect();
        let cut: Vec<bool> = (0..n)
            .map(|d| {
                if radius[d].is_nan() {
                    self.floor(d).is_some()
                } else {
                    !finder.complete(radius[d])
                }
            })
            .collect();
        let mut grown = CostMatrix::from_chunks(self.n_sites, chunks, self.reach, self.source)
            .with_max_cost(Some(self.max_cost));
        grown.od = self.od.clone();
        grown.cut = Some(cut);
        Some(grown)
    }
}

/// How far a strained row grows.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Out to the row's n-th nearest open site.
    Nth(usize),
    /// For coverage within this radius: a row no open site covers grows to
    /// the whole radius.
    Cover(f64),
}

/// Finds open sites and the pairs within a radius in the matrix's source.
struct Finder<'a> {
    m: &'a CostMatrix,
    problem: &'a Problem,
    open: &'a [bool],
    /// Great-circle sources: the open sites (only their costs are read)
    /// and every site.
    open_index: Option<PointIndex>,
    all_index: Option<PointIndex>,
    /// How far rows grow.
    rule: Rule,
}

impl<'a> Finder<'a> {
    fn new(m: &'a CostMatrix, problem: &'a Problem, open: &'a [bool], rule: Rule) -> Self {
        let sites = problem.sites();
        let (open_index, all_index) = match m.source {
            CostSource::Haversine => {
                let open_sites = sites.iter().zip(open).filter(|(_, &o)| o);
                (
                    Some(PointIndex::new(open_sites.map(|(s, _)| (s.lat, s.lon)))),
                    Some(PointIndex::new(sites.iter().map(|s| (s.lat, s.lon)))),
                )
            }
            _ => (None, None),
        };
        Finder {
            m,
            problem,
            open,
            open_index,
            all_index,
            rule,
        }
    }

    fn cutoff(&self) -> f64 {
        self.m.reach.cutoff.unwrap_or(f64::INFINITY)
    }

    /// True when a row out to `radius` holds every pair of its source.
    fn complete(&self, radius: f64) -> bool {
        radius >= self.cutoff()
    }

    /// The radius row `d` grows to: the cost of its `nth` nearest open site,
    /// or, with fewer within reach, the cutoff (the row must hold every pair
    /// to price the penalty); `None` when neither exists. `hits` is scratch.
    fn radius(&self, d: usize, hits: &mut Vec<(u32, Km)>) -> Option<f64> {
        let (nth, cover) = match self.rule {
            Rule::Nth(n) => (n, None),
            Rule::Cover(r) => (1, Some(r)),
        };
        let cut = match cover {
            Some(r) => r.min(self.cutoff()),
            None => self.cutoff(),
        };
        // How many open sites lie within reach (up to `nth`), and the cost
        // of the last of them.
        let (found, last) = match (&self.open_index, &self.m.od) {
            (Some(idx), _) => {
                let p = &self.problem.demand()[d];
                idx.nearest_within_into(p.lat, p.lon, nth, Km(cut), hits);
                (hits.len(), hits.last().map(|h| h.1 .0))
            }
            (None, Some(od)) => od
                .row(d)
                .iter()
                .filter(|p| self.open[p.1 as usize] && p.2 <= cut)
                .take(nth)
                .fold((0, None), |(n, _), p| (n + 1, Some(p.2))),
            _ => return None,
        };
        if cover.is_some() {
            // Covered (within the radius, perhaps beyond the row): as it is.
            return (found == 0 && cut.is_finite()).then_some(cut);
        }
        if found == nth {
            last
        } else {
            cut.is_finite().then_some(cut)
        }
    }

    /// Pairs of row `d` within `radius`.
    fn count(&self, d: usize, radius: f64) -> usize {
        match (&self.all_index, &self.m.od) {
            (Some(idx), _) => {
                let p = &self.problem.demand()[d];
                idx.count_within(p.lat, p.lon, Km(radius), usize::MAX)
            }
            (None, Some(od)) => od.row(d).iter().take_while(|p| p.2 <= radius).count(),
            _ => 0,
        }
    }

    /// The pairs of row `d` within `radius`, cheapest first, then by site.
    fn collect(&self, d: usize, radius: f64, out: &mut Vec<(u32, Km)>) {
        out.clear();
        match (&self.all_index, &self.m.od) {
            (Some(idx), _) => {
                let p = &self.problem.demand()[d];
                idx.within_into(p.lat, p.lon, Km(radius), out);
            }
            (None, Some(od)) => out.extend(
                od.row(d)
                    .iter()
                    .take_while(|p| p.2 <= radius)
                    .map(|p| (p.1, Km(p.2))),
            ),
            _ => {}
        }
    }
}

impl CostMatrix {
    /// `wide` (this matrix's rows cut to more sites) with each row that
    /// holds more pairs here, grown by [`CostMatrix::grown_for`], kept as
    /// it is here.
    pub(super) fn keep_longer(&self, wide: CostMatrix) -> CostMatrix {
        let Some(cut) = &self.cut else {
            return wide;
        };
        let n = self.n_demand();
        if (0..n).all(|d| self.row(d).len() <= wide.row(d).len()) {
            return wide;
        }
        let chunks: Vec<(Vec<u32>, Vec<u32>, Vec<f64>)> = (0..n.div_ceil(BLOCK_ROWS))
            .into_par_iter()
            .map(|b| {
                let mut out = (Vec::new(), Vec::new(), Vec::new());
                for d in b * BLOCK_ROWS..n.min((b + 1) * BLOCK_ROWS) {
                    let mine = self.row(d);
                    let row = if mine.len() > wide.row(d).len() {
                        mine
                    } else {
                        wide.row(d)
                    };
                    out.0.push(row.len() as u32);
                    out.1.extend_from_slice(row.sites);
                    out.2.extend_from_slice(row.costs);
                }
                out
            })
            .collect();
        let cuts: Vec<bool> = (0..n)
            .map(|d| {
                if self.row(d).len() > wide.row(d).len() {
                    cut[d]
                } else {
                    wide.floor(d).is_some()
                }
            })
            .collect();
        let mut kept = CostMatrix::from_chunks(self.n_sites, chunks, wide.reach, self.source)
            .with_max_cost(Some(self.max_cost));
        kept.od = self.od.clone();
        kept.cut = Some(cuts);
        kept
    }
}
