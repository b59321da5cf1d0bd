//! The engine's internal view of a problem: weights, rows restricted to
//! sites a plan may open, the columns of those rows, and which sites are
//! fixed open.

use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;

pub use crate::models::p_median::unserved_penalty;

/// Least share of the demand points that merging points with the same row
/// must spare for [`Instance::merged`] to build the merged instance.
pub(crate) const MERGE_MIN_SHARE: f64 = 0.02;

/// Marks "no site" in per-demand site arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// A location problem in compressed rows and columns, restricted to sites
/// that may be open (existing and candidate). Each row is sorted by cost,
/// then site index, exactly as in [`CostMatrix`], so "the first open site of
/// a row" is the site [`crate::evaluate()`] assigns.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub n_sites: usize,
    pub weight: Vec<f64>,
    pub row_off: Vec<usize>,
    pub row_site: Vec<u32>,
    pub row_cost: Vec<f64>,
    pub col_off: Vec<usize>,
    pub col_dem: Vec<u32>,
    pub col_cost: Vec<f64>,
    /// Cost per unit of weight of leaving a demand point unserved.
    /// Cost per unit of weight of leaving each point without an open site
    /// in its row: the model's unserved cost, or, on a row cut to the k
    /// nearest, the least cost a site beyond the cut can have.
    pub penalty: Vec<f64>,
    /// Existing sites: open in every plan.
    pub fixed_open: Vec<bool>,
    /// Candidate sites: a plan may open them.
    pub candidate: Vec<bool>,
    /// Fixed cost of each site.
    pub fixed_cost: Vec<f64>,
    /// The reported objective is `internal − report_offset` up to sign:
    /// p-median reports its cost without the penalty of points no site can
    /// reach (a constant in every plan and bound), max-coverage the covered
    /// weight, `total weight − uncovered weight`. Relative gaps are taken
    /// against `|internal − report_offset|`, so the search stops at the gap
    /// the plan will report.
    pub report_offset: f64,
    /// The demand point of the cost matrix each point stands for, once
    /// points with the same row have been merged ([`Instance::merged`]);
    /// `None`: point `d` is the matrix's row `d`.
    pub origin: Option<Vec<u32>>,
}

impl Instance {
    /// The instance of `problem` with the costs of `costs` (or, with
    /// `cover = Some(cutoff)`, 0 for every pair within the cutoff and nothing
    /// beyond it, with penalty 1: the max-coverage transform).
    pub fn new(problem: &Problem, costs: &CostMatrix, cover: Option<f64>) -> Instance {
        let sites = problem.sites();
        let n_sites = sites.len();
        let fixed_open: Vec<bool> = sites
            .iter()
            .map(|s| s.status == SiteStatus::Existing)
            .collect();
        let candidate: Vec<bool> = sites
            .iter()
            .map(|s| s.status == SiteStatus::Candidate)
            .collect();
        let openable: Vec<bool> = sites.iter().map(|s| s.can_open()).collect();
        let n_demand = costs.n_demand();
        let mut row_off = Vec::with_capacity(n_demand + 1);
        row_off.push(0);
        // Sized once: rows pushed into growing vectors would hold up to
        // twice their pairs, and briefly more while they move.
        let mut row_site = Vec::with_capacity(costs.n_pairs());
        let mut row_cost = Vec::with_capacity(costs.n_pairs());
        for d in 0..n_demand {
            let row = costs.row(d);
            let row = match cover {
                Some(cut) => row.within(cut),
                None => row,
            };
            for (s, c) in row.iter() {
                if openable[s] {
                    row_site.push(s as u32);
                    row_cost.push(if cover.is_some() { 0.0 } else { c });
                }
            }
            row_off.push(row_site.len());
        }
        row_site.shrink_to_fit();
        row_cost.shrink_to_fit();
        let base = match cover {
            Some(_) => 1.0,
            None => unserved_penalty(costs),
        };
        // A cut row's floor bounds the sites beyond its cut: for coverage,
        // one of them may cover the point when the floor is within the
        // cutoff (its transformed cost is then 0).
        let penalty: Vec<f64> = (0..n_demand)
            .map(|d| match (cover, costs.floor(d)) {
                (None, Some(floor)) => floor.min(base),
                (Some(cut), Some(floor)) if floor <= cut => 0.0,
                _ => base,
            })
            .collect();
        let mut inst = Instance {
            n_sites,
            weight: problem.demand().iter().map(|d| d.weight).collect(),
            row_off,
            row_site,
            row_cost,
            col_off: Vec::new(),
            col_dem: Vec::new(),
            col_cost: Vec::new(),
            penalty,
            fixed_open,
            candidate,
            fixed_cost: sites.iter().map(|s| s.fixed_cost).collect(),
            report_offset: 0.0,
            origin: None,
        };
        inst.report_offset = match cover {
            Some(_) => inst.weight.iter().sum(),
            None => (0..n_demand)
                .filter(|&d| inst.unreachable(costs, d))
                .map(|d| inst.weight[d] * inst.penalty[d])
                .sum(),
        };
        inst.build_columns();
        inst
    }

    fn build_columns(&mut self) {
        let mut off = vec![0usize; self.n_sites + 1];
        for &s in &self.row_site {
            off[s as usize + 1] += 1;
        }
        for i in 0..self.n_sites {
            off[i + 1] += off[i];
        }
        let mut next = off.clone();
        let mut dem = vec![0u32; self.row_site.len()];
        let mut cost = vec![0f64; self.row_site.len()];
        for d in 0..self.n_demand() {
            let (a, b) = (self.row_off[d], self.row_off[d + 1]);
            for k in a..b {
                let s = self.row_site[k] as usize;
                dem[next[s]] = d as u32;
                cost[next[s]] = self.row_cost[k];
                next[s] += 1;
            }
        }
        self.col_off = off;
        self.col_dem = dem;
        self.col_cost = cost;
    }

    /// The instance with demand points whose rows (sites and costs) and
    /// unserved costs are the same merged into one, their weights summed:
    /// co-located points, or, for max-coverage, points covered by the same
    /// sites. Every plan costs the same on both, so plans and bounds carry
    /// over; the search and the bound touch each such row once. The
    /// instance itself when merging would spare under
    /// [`MERGE_MIN_SHARE`] of the points (a copy is not worth so little).
    pub fn merged(mut self) -> Instance {
        use std::hash::{BuildHasher, Hash, Hasher};
        let n = self.n_demand();
        let state = foldhash::fast::FixedState::default();
        let key = |d: usize| {
            let (s, c) = self.row(d);
            let mut h = state.build_hasher();
            s.hash(&mut h);
            for x in c {
                x.to_bits().hash(&mut h);
            }
            self.penalty[d].to_bits().hash(&mut h);
            h.finish()
        };
        let same = |a: usize, b: usize| {
            let ((sa, ca), (sb, cb)) = (self.row(a), self.row(b));
            sa == sb
                && ca.iter().zip(cb).all(|(x, y)| x.to_bits() == y.to_bits())
                && self.penalty[a].to_bits() == self.penalty[b].to_bits()
        };
        // Per hash, the merged points (as their first row) that have it.
        let mut buckets: std::collections::HashMap<u64, Vec<u32>, foldhash::fast::FixedState> =
            std::collections::HashMap::with_capacity_and_hasher(n, Default::default());
        let mut first: Vec<u32> = Vec::new();
        let mut weight: Vec<f64> = Vec::new();
        for d in 0..n {
            let bucket = buckets.entry(key(d)).or_default();
            match bucket
                .iter()
                .find(|&&m| same(first[m as usize] as usize, d))
            {
                Some(&m) => weight[m as usize] += self.weight[d],
                None => {
                    bucket.push(first.len() as u32);
                    first.push(d as u32);
                    weight.push(self.weight[d]);
                }
            }
        }
        drop(buckets);
        if ((n - first.len()) as f64) < MERGE_MIN_SHARE * n as f64 || first.len() == n {
            return self;
        }
        // The columns are rebuilt: free them before the copy.
        self.col_off = Vec::new();
        self.col_dem = Vec::new();
        self.col_cost = Vec::new();
        let pairs: usize = first.iter().map(|&d| self.row(d as usize).0.len()).sum();
        let mut row_off = Vec::with_capacity(first.len() + 1);
        row_off.push(0);
        let mut row_site = Vec::with_capacity(pairs);
        let mut row_cost = Vec::with_capacity(pairs);
        for &d in &first {
            let (s, c) = self.row(d as usize);
            row_site.extend_from_slice(s);
            row_cost.extend_from_slice(c);
            row_off.push(row_site.len());
        }
        let origin = first
            .iter()
            .map(|&d| self.origin.as_ref().map_or(d, |o| o[d as usize]))
            .collect();
        let mut inst = Instance {
            n_sites: self.n_sites,
            penalty: first.iter().map(|&d| self.penalty[d as usize]).collect(),
            weight,
            row_off,
            row_site,
            row_cost,
            col_off: Vec::new(),
            col_dem: Vec::new(),
            col_cost: Vec::new(),
            fixed_open: self.fixed_open,
            candidate: self.candidate,
            fixed_cost: self.fixed_cost,
            report_offset: self.report_offset,
            origin: Some(origin),
        };
        inst.build_columns();
        inst
    }

    /// The max-coverage instance with its tie-break: each pair within the
    /// cutoff costs `TIE_BREAK × cost / cutoff` instead of 0 (uncovered
    /// still costs 1), so among plans covering the same weight the one with
    /// the least weighted cost is cheaper, as in the MIP route's objective
    /// ([`crate::models::max_coverage::TIE_BREAK`]).
    pub fn with_tie_break(mut self, costs: &CostMatrix, cut: f64) -> Instance {
        if cut <= 0.0 {
            return self;
        }
        let eps = crate::models::max_coverage::TIE_BREAK / cut;
        debug_assert!(self.origin.is_none(), "merged points have no one cost");
        for d in 0..self.n_demand() {
            let (a, b) = (self.row_off[d], self.row_off[d + 1]);
            let row = costs.row(d).within(cut);
            let mut k = a;
            for (s, c) in row.iter() {
                if k < b && self.row_site[k] as usize == s {
                    self.row_cost[k] = eps * c;
                    k += 1;
                }
            }
        }
        self.build_columns();
        self
    }

    /// The instance without the candidates `drop` marks: they leave every
    /// row and column and are no longer candidates, everything else (site
    /// indices, weights, penalties, the report offset) stays. A plan of the
    /// restricted instance is a plan of this one at the same cost, since the
    /// dropped sites are closed in it; reduced-cost fixing
    /// (`pmedian::search`) drops sites that no plan cheaper than the best
    /// one opens.
    pub fn restrict(&self, drop: &[bool]) -> Instance {
        let n_demand = self.n_demand();
        let mut row_off = Vec::with_capacity(n_demand + 1);
        row_off.push(0);
        let mut row_site = Vec::with_capacity(self.row_site.len());
        let mut row_cost = Vec::with_capacity(self.row_site.len());
        for d in 0..n_demand {
            let (s, c) = self.row(d);
            for (&s, &c) in s.iter().zip(c) {
                if !drop[s as usize] {
                    row_site.push(s);
                    row_cost.push(c);
                }
            }
            row_off.push(row_site.len());
        }
        row_site.shrink_to_fit();
        row_cost.shrink_to_fit();
        let mut inst = Instance {
            n_sites: self.n_sites,
            weight: self.weight.clone(),
            row_off,
            row_site,
            row_cost,
            col_off: Vec::new(),
            col_dem: Vec::new(),
            col_cost: Vec::new(),
            penalty: self.penalty.clone(),
            fixed_open: self.fixed_open.clone(),
            candidate: (0..self.n_sites)
                .map(|s| self.candidate[s] && !drop[s])
                .collect(),
            fixed_cost: self.fixed_cost.clone(),
            report_offset: self.report_offset,
            origin: self.origin.clone(),
        };
        inst.build_columns();
        inst
    }

    /// True when no plan can serve point `d`: no site a plan may open is in
    /// its row, and the row was not cut to the k nearest (a site beyond the
    /// cut could serve it).
    pub fn unreachable(&self, costs: &CostMatrix, d: usize) -> bool {
        self.row_off[d] == self.row_off[d + 1] && costs.floor(d).is_none()
    }

    /// Number of demand points.
    #[inline]
    pub fn n_demand(&self) -> usize {
        self.weight.len()
    }

    /// Row `d`: open-able sites and costs, cheapest first.
    #[inline]
    pub fn row(&self, d: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.row_off[d], self.row_off[d + 1]);
        (&self.row_site[a..b], &self.row_cost[a..b])
    }

    /// Column `s`: demand points reaching site `s` and their costs.
    #[inline]
    pub fn col(&self, s: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.col_off[s], self.col_off[s + 1]);
        (&self.col_dem[a..b], &self.col_cost[a..b])
    }

    /// Candidate sites, ascending.
    pub fn candidates(&self) -> Vec<u32> {
        (0..self.n_sites as u32)
            .filter(|&s| self.candidate[s as usize])
            .collect()
    }

    /// Σ weight × (cost of the first open site, or the penalty), for open flags.
    pub fn assignment_cost(&self, open: &[bool]) -> f64 {
        let mut total = 0.0;
        for d in 0..self.n_demand() {
            let (s, c) = self.row(d);
            let best = s
                .iter()
                .zip(c)
                .find(|(&s, _)| open[s as usize])
                .map_or(self.penalty[d], |(_, &c)| c);
            total += self.weight[d] * best;
        }
        total
    }

    /// True when every weight, cost, fixed cost and the penalty are whole
    /// numbers, so optimal objectives are whole numbers too.
    pub fn is_integral(&self) -> bool {
        let int = |v: &f64| v.fract() == 0.0 && v.abs() < 1e15;
        self.weight.iter().all(int)
            && self.row_cost.iter().all(int)
            && self.fixed_cost.iter().all(int)
            && self.penalty.iter().all(int)
    }
}
