//! Market share with competitors, own-store cannibalisation and distance
//! decay: the `market-share` and `target-share` models.
//!
//! Customers at demand point `i` choose among every open store in their
//! choice set (ours, existing and new; competitors'; stores beyond the
//! cutoff, when one is given, are not in it) and the outside option, with
//! probability proportional to each one's weight ([`choice`](crate::models::choice)):
//!
//! ```text
//! captured_i(S) = w_i · U_i(S) / (U_i(S) + C_i + o_i),   U_i(S) = Σ_{j∈S} v_ij,   v_ij = a_j φ(d_ij)
//! ```
//!
//! `S` is our set of open stores, `C_i = Σ_k a_k φ(d_ik)` over the
//! competitors `k` in the choice set, `o_i` the outside option's weight
//! (`--outside-weight`, or the demand file's `outside` column). This is
//! Huff's (1964) model with the power decay, the multinomial logit (MNL)
//! with the exponential one; ArcGIS Network Analyst's "Maximize Market
//! Share" and "Target Market Share" use the Huff form. For fixed
//! competitors `captured_i` is a concave function of `U_i`, so the
//! captured demand `f(S) = Σ_i captured_i(S)` is monotone submodular in
//! `S` (Ljubić & Moreno 2018; Mai & Lodi 2020).
//!
//! ## Symbols
//!
//! | symbol | meaning |
//! |---|---|
//! | `E`, `J` | our existing stores, candidate sites (`excluded` sites are neither) |
//! | `y_j ∈ {0,1}` | store `j` is open (`y_e = 1` for `e ∈ E` unless closures are allowed) |
//! | `F_j` | fixed cost of site `j` (the sites file's `fixed_cost`) |
//! | `p`, `B` | most new sites (`--new-sites`), budget on their fixed costs (`--budget`) |
//! | `m` | margin per unit of captured demand (`--margin`) |
//! | `τ` | target share (`--target-share`) |
//! | `W` | total demand `Σ_i w_i` |
//!
//! ## market-share
//!
//! ```text
//! maximise   Σ_i captured_i(y)                                 (no margin)
//!       or   m Σ_i captured_i(y) − Σ_{j∈J} F_j y_j + Σ_{e∈E} F_e (1 − y_e)   (with --margin)
//! (1)  Σ_{j∈J} y_j ≤ p                     (--new-sites)
//! (2)  Σ_{j∈J} F_j y_j ≤ B                 (--budget)
//! (3)  y_e = 1  ∀ e ∈ E                    (unless --allow-closures, which only pays with --margin)
//! ```
//!
//! Without a margin one of `p` or `B` is required (else every candidate
//! opens). Closing a store never raises captured demand, so without a
//! margin `--allow-closures` changes nothing.
//!
//! ## target-share
//!
//! ```text
//! minimise   Σ_{j∈J} y_j
//! (1)  Σ_i captured_i(y) ≥ τ W
//! (2)  y_e = 1  ∀ e ∈ E
//! ```
//!
//! Infeasible when even every candidate open falls short of `τ`; the
//! reason names the best share reachable. With `--allow-closures`,
//! existing stores are then closed one by one, dearest first, while the
//! share stays at least `τ` (a tie-break among plans with the fewest new
//! sites, not optimised exactly).
//!
//! ## The choice set and rows cut to the k nearest
//!
//! Every store in a point's choice set counts, however far, so the model
//! reads whole rows: within the cutoff when one is given, else every pair
//! of the cost input. A matrix cut to the k nearest is widened to whole
//! rows from its source before solving (`ChoiceSets::build`), so a
//! competitor or one of our stores outside the kept row is never lost.
//! Without a cutoff the choice set is every site, which is refused above
//! `MAX_DENSE_PAIRS` pairs (give a cutoff).

use serde::{Deserialize, Serialize};

use super::choice::{split, Decay};
use crate::error::{Error, Result};
use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;

/// Largest number of demand–site pairs a share model reads without a
/// cutoff (every pair is in the choice set then).
pub const MAX_DENSE_PAIRS: usize = 40_000_000;

/// Default weight of the outside option per demand point.
pub const DEFAULT_OUTSIDE_WEIGHT: f64 = 1.0;

/// The settings of the share models (`market-share`, `target-share`).
///
/// `outside_weight` is the weight of the rest of the market at each demand
/// point, on the same scale as a store's weight `a φ(d)`: with `power:2`
/// and the default 1.0, the outside option pulls as much as a store of
/// attractiveness 1 within one km, and a store 10 km away wins 1 % of a
/// point where it has no rival.
///
/// ```
/// use siteplan::models::market_share::ShareParams;
/// let p = ShareParams::default();
/// assert_eq!((p.decay.to_string(), p.outside_weight), ("power:2".to_string(), 1.0));
/// assert!(p.validate().is_ok());
/// assert!(ShareParams { target_share: Some(1.5), ..p }.validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShareParams {
    /// Distance decay (default `power:2`).
    pub decay: Decay,
    /// The outside option's weight per demand point (default 1.0); a
    /// demand file's `outside` column overrides it point by point.
    pub outside_weight: f64,
    /// target-share: the share of total demand to reach, in (0, 1].
    pub target_share: Option<f64>,
    /// Let the plan close existing stores (their fixed costs are saved).
    pub allow_closures: bool,
    /// Profit per unit of captured demand; with it market-share maximises
    /// `margin × captured − fixed costs of new sites (+ those of closed ones)`.
    pub margin: Option<f64>,
}

impl Default for ShareParams {
    fn default() -> Self {
        ShareParams {
            decay: Decay::default(),
            outside_weight: DEFAULT_OUTSIDE_WEIGHT,
            target_share: None,
            allow_closures: false,
            margin: None,
        }
    }
}

impl ShareParams {
    /// Checks the values: outside weight finite and ≥ 0, target share in
    /// (0, 1], margin finite and > 0.
    ///
    /// ```
    /// use siteplan::models::market_share::ShareParams;
    /// let bad = ShareParams { outside_weight: -1.0, ..Default::default() };
    /// assert!(bad.validate().unwrap_err().to_string().contains("outside weight"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        if !(self.outside_weight.is_finite() && self.outside_weight >= 0.0) {
            return Err(Error::Usage(format!(
                "outside weight {}: expected a finite number ≥ 0",
                self.outside_weight
            )));
        }
        if let Some(t) = self.target_share {
            if !(t > 0.0 && t <= 1.0) {
                return Err(Error::Usage(format!(
                    "target share {t}: expected a share in (0, 1], e.g. 0.25 for 25 %"
                )));
            }
        }
        if let Some(m) = self.margin {
            if !(m.is_finite() && m > 0.0) {
                return Err(Error::Usage(format!(
                    "margin {m}: expected a finite number > 0"
                )));
            }
        }
        Ok(())
    }
}

/// Every demand point's choice set: our stores (existing and candidate)
/// with their weights `v_ij` and costs, the competitors' summed weight and
/// the outside option's weight.
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::models::market_share::{ChoiceSets, ShareParams};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 100.0))
///     .site(Site::new("ours", 0.0, 0.0).with_status(SiteStatus::Existing))
///     .site(Site::new("theirs", 0.0, 0.0).with_status(SiteStatus::Competitor))
///     .build()?;
/// let costs = Haversine.cost_matrix(&p, Reach::all())?;
/// let sets = ChoiceSets::build(&p, &costs, None, &ShareParams::default())?;
/// assert_eq!((sets.competitors(0), sets.outside(0)), (1.0, 1.0));
/// // One store of ours, one competitor, the outside option: a third each.
/// let captured = sets.captured(0, &[true, false], 100.0);
/// assert!((captured - 100.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ChoiceSets {
    start: Vec<usize>,
    site: Vec<u32>,
    weight: Vec<f64>,
    cost: Vec<f64>,
    competitors: Vec<f64>,
    outside: Vec<f64>,
}

impl ChoiceSets {
    /// Builds the choice sets of `problem` from `costs`: whole rows within
    /// `cutoff` (rows cut to the k nearest are widened from the matrix's
    /// source first; a matrix without a source to widen from is a usage
    /// error).
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// use siteplan::models::market_share::{ChoiceSets, ShareParams};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites((0..4).map(|i| Site::new(format!("s{i}"), 0.0, i as f64)))
    ///     .build()?;
    /// // Rows cut to the nearest site still give every site to the model.
    /// let cut = Haversine.cost_matrix(&p, Reach::k_nearest(1))?;
    /// let sets = ChoiceSets::build(&p, &cut, None, &ShareParams::default())?;
    /// assert_eq!(sets.stores(0).0.len(), 4);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn build(
        problem: &Problem,
        costs: &CostMatrix,
        cutoff: Option<f64>,
        params: &ShareParams,
    ) -> Result<ChoiceSets> {
        params.validate()?;
        let mut wide: Option<CostMatrix> = None;
        loop {
            let m = wide.as_ref().unwrap_or(costs);
            if !m.is_truncated() || (0..m.n_demand()).all(|d| m.floor(d).is_none()) {
                break;
            }
            if cutoff.is_none()
                && problem.demand().len().saturating_mul(problem.sites().len()) > MAX_DENSE_PAIRS
            {
                return Err(Error::Usage(format!(
                    "market share without a cutoff puts every one of {} × {} pairs in the \
                     choice sets (more than {MAX_DENSE_PAIRS}): give --cutoff",
                    problem.demand().len(),
                    problem.sites().len()
                )));
            }
            match m.widened(problem) {
                Some(w) => wide = Some(w?),
                None => {
                    return Err(Error::Usage(
                        "market share needs every store in each choice set, and this cost \
                         matrix's rows are cut to the k nearest with no source to widen them \
                         from: build it with Reach::all() or a cutoff"
                            .into(),
                    ))
                }
            }
        }
        let m = wide.as_ref().unwrap_or(costs);
        let n = problem.demand().len();
        let mut sets = ChoiceSets {
            start: Vec::with_capacity(n + 1),
            site: Vec::new(),
            weight: Vec::new(),
            cost: Vec::new(),
            competitors: vec![0.0; n],
            outside: Vec::with_capacity(n),
        };
        sets.start.push(0);
        let sites = problem.sites();
        for (d, point) in problem.demand().iter().enumerate() {
            for (s, c) in m.row(d).iter() {
                if cutoff.is_some_and(|r| c > r) {
                    continue;
                }
                let site = &sites[s];
                let v = params.decay.weight(site.attractiveness, c);
                match site.status {
                    SiteStatus::Existing | SiteStatus::Candidate => {
                        sets.site.push(s as u32);
                        sets.weight.push(v);
                        sets.cost.push(c);
                    }
                    SiteStatus::Competitor => sets.competitors[d] += v,
                    SiteStatus::Excluded => {}
                }
            }
            sets.start.push(sets.site.len());
            sets.outside
                .push(point.outside.unwrap_or(params.outside_weight));
        }
        Ok(sets)
    }

    /// Number of demand points.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// assert_eq!(sets.n_demand(), p.demand().len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn n_demand(&self) -> usize {
        self.outside.len()
    }

    /// Our stores (existing and candidate) in point `d`'s choice set: site
    /// indices, their weights `v_dj` and costs.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// let (sites, weights, costs) = sets.stores(0);
    /// assert_eq!((sites.len(), weights.len(), costs.len()), (2, 2, 2));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn stores(&self, d: usize) -> (&[u32], &[f64], &[f64]) {
        let r = self.start[d]..self.start[d + 1];
        (
            &self.site[r.clone()],
            &self.weight[r.clone()],
            &self.cost[r],
        )
    }

    /// The competitors' summed weight `C_d` at point `d`.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// assert!(sets.competitors(0) > 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn competitors(&self, d: usize) -> f64 {
        self.competitors[d]
    }

    /// The outside option's weight `o_d` at point `d`.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// assert_eq!(sets.outside(0), 1.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn outside(&self, d: usize) -> f64 {
        self.outside[d]
    }

    /// Our summed weight `U_d` at point `d` when the sites with `open[s]`
    /// are open.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// assert_eq!(sets.ours(0, &[false; 3]), 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn ours(&self, d: usize, open: &[bool]) -> f64 {
        let (sites, weights, _) = self.stores(d);
        sites
            .iter()
            .zip(weights)
            .filter(|(&s, _)| open[s as usize])
            .fold(0.0, |sum, (_, &v)| sum + v)
    }

    /// Demand point `d`'s weight `weight` captured by our open stores.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// assert_eq!(sets.captured(0, &[false; 3], 10.0), 0.0);
    /// assert!(sets.captured(0, &[true; 3], 10.0) > 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn captured(&self, d: usize, open: &[bool], weight: f64) -> f64 {
        split(
            weight,
            self.ours(d, open),
            self.competitors[d],
            self.outside[d],
        )
        .0
    }

    /// Total demand captured by the sites with `open[s]`.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// let all = sets.total_captured(&p, &[true; 3]);
    /// assert!(all > sets.total_captured(&p, &[true, false, false]));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn total_captured(&self, problem: &Problem, open: &[bool]) -> f64 {
        problem
            .demand()
            .iter()
            .enumerate()
            .map(|(d, p)| self.captured(d, open, p.weight))
            .sum()
    }
}

/// Where a new store's customers come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteShare {
    /// Demand this open store captures.
    pub captured: f64,
    /// New stores only: captured demand our existing stores had before
    /// (cannibalisation).
    pub from_own: f64,
    /// New stores only: captured demand competitors had before.
    pub from_competitors: f64,
    /// New stores only: captured demand the outside option had before.
    pub from_outside: f64,
}

/// A plan's market shares: per site, per demand point, and in total.
/// "Before" is our existing network (every `existing` site open), "after"
/// the plan's open sites.
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::models::market_share::{ChoiceSets, ShareParams, ShareReport};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 90.0))
///     .site(Site::new("old", 0.0, 0.0).with_status(SiteStatus::Existing))
///     .site(Site::new("new", 0.0, 0.0))
///     .build()?;
/// let costs = Haversine.cost_matrix(&p, Reach::all())?;
/// let sets = ChoiceSets::build(&p, &costs, None, &ShareParams::default())?;
/// let r = ShareReport::new(&p, &sets, &[true, true], &[1]);
/// // Before: old store vs outside, 45 each; after: two stores, 30 each.
/// assert!((r.captured_before - 45.0).abs() < 1e-9 && (r.captured_after - 60.0).abs() < 1e-9);
/// let new = r.sites[1];
/// assert!((new.from_own - 15.0).abs() < 1e-9 && (new.from_outside - 15.0).abs() < 1e-9);
/// assert!((r.points[0].1 - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareReport {
    /// Demand our existing network captures.
    pub captured_before: f64,
    /// Demand the plan's open stores capture.
    pub captured_after: f64,
    /// Total demand `W`.
    pub total_weight: f64,
    /// Per site (in the problem's order).
    pub sites: Vec<SiteShare>,
    /// Per demand point: our share before and after.
    pub points: Vec<(f64, f64)>,
}

impl ShareReport {
    /// The shares of the plan opening the sites with `open[s]`, of which
    /// `new` are new. A new store's `from_*` apportion, at each point, the
    /// demand every other side lost between before and after in
    /// proportion to the store's weight among the new stores, so that
    /// `from_own + from_competitors + from_outside` sums to what the new
    /// stores capture.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// use siteplan::models::market_share::ShareReport;
    /// let r = ShareReport::new(&p, &sets, &[false; 3], &[]);
    /// assert_eq!(r.captured_after, 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(problem: &Problem, sets: &ChoiceSets, open: &[bool], new: &[usize]) -> ShareReport {
        let sites = problem.sites();
        let existing: Vec<bool> = sites
            .iter()
            .map(|s| s.status == SiteStatus::Existing)
            .collect();
        let mut is_new = vec![false; sites.len()];
        for &s in new {
            is_new[s] = true;
        }
        let mut report = ShareReport {
            captured_before: 0.0,
            captured_after: 0.0,
            total_weight: problem.total_weight(),
            sites: vec![SiteShare::default(); sites.len()],
            points: Vec::with_capacity(sets.n_demand()),
        };
        for (d, point) in problem.demand().iter().enumerate() {
            let w = point.weight;
            let (c, o) = (sets.competitors(d), sets.outside(d));
            let before_ours = sets.ours(d, &existing);
            let after_ours = sets.ours(d, open);
            let (own0, comp0, out0) = split(w, before_ours, c, o);
            let (own1, comp1, out1) = split(w, after_ours, c, o);
            report.captured_before += own0;
            report.captured_after += own1;
            let share = |x: f64| if w > 0.0 { x / w } else { 0.0 };
            report.points.push((share(own0), share(own1)));
            let (s_ids, weights, _) = sets.stores(d);
            let new_weight: f64 = s_ids
                .iter()
                .zip(weights)
                .filter(|(&s, _)| is_new[s as usize] && open[s as usize])
                .map(|(_, &v)| v)
                .sum();
            let total = after_ours + c + o;
            // What our existing open stores keep after.
            let kept_existing = if total > 0.0 {
                w * (after_ours - new_weight) / total
            } else {
                0.0
            };
            for (&s, &v) in s_ids.iter().zip(weights) {
                let s = s as usize;
                if !open[s] || total <= 0.0 {
                    continue;
                }
                let r = &mut report.sites[s];
                r.captured += w * v / total;
                if is_new[s] && new_weight > 0.0 {
                    let part = v / new_weight;
                    r.from_own += part * (own0 - kept_existing);
                    r.from_competitors += part * (comp0 - comp1);
                    r.from_outside += part * (out0 - out1);
                }
            }
        }
        report
    }

    /// Our share of total demand before the plan.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// let r = siteplan::models::market_share::ShareReport::new(&p, &sets, &[true; 3], &[1]);
    /// assert!(r.share_after() > r.share_before());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn share_before(&self) -> f64 {
        ratio(self.captured_before, self.total_weight)
    }

    /// Our share of total demand after the plan.
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// let r = siteplan::models::market_share::ShareReport::new(&p, &sets, &[true; 3], &[1]);
    /// assert!(r.share_after() <= 1.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn share_after(&self) -> f64 {
        ratio(self.captured_after, self.total_weight)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// A problem and its choice sets for the examples of this module: two
/// demand points, an existing store, a candidate and a competitor.
#[doc(hidden)]
pub fn doc_sets() -> Result<(Problem, ChoiceSets)> {
    use crate::problem::{DemandPoint, Site};
    use crate::travel::{Haversine, Reach, TravelCost};
    let p = Problem::builder()
        .demand(DemandPoint::new("a", 0.0, 0.0, 10.0))
        .demand(DemandPoint::new("b", 0.0, 0.5, 5.0))
        .site(Site::new("old", 0.0, 0.01).with_status(SiteStatus::Existing))
        .site(Site::new("c1", 0.0, 0.2))
        .site(Site::new("rival", 0.0, 0.1).with_status(SiteStatus::Competitor))
        .build()?;
    let costs = Haversine.cost_matrix(&p, Reach::all())?;
    let sets = ChoiceSets::build(&p, &costs, None, &ShareParams::default())?;
    Ok((p, sets))
}
