//! The share models as a set function over "items" (candidates, and
//! existing stores that may close): per demand point a concave function
//! `h_i` of our summed weight `U_i`, linear in the open items.
//!
//! `h_i(U) = w_i U / (U + K_i)` where `K_i` (competitors plus outside
//! option) is positive; where it is 0 a point goes wholly to us once any
//! of our stores is in reach, and `h_i(U) = w_i min(1, U)` with every
//! weight of that point replaced by 1 (the same values at 0/1 points, and
//! still concave in `y`, which the relaxation needs).

use crate::models::market_share::{ChoiceSets, ShareParams};
use crate::problem::{Problem, SiteStatus};

/// One share instance: points, items and the constraints on new items.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    /// Demand weight `w_i`.
    pub w: Vec<f64>,
    /// `K_i`: competitors' weight plus the outside option's.
    pub k: Vec<f64>,
    /// Our weight at the point from stores that stay open whatever the plan.
    pub base: Vec<f64>,
    /// The site of each item.
    pub items: Vec<usize>,
    /// Objective cost of opening (keeping) the item (0 without a margin).
    pub cost: Vec<f64>,
    /// Fixed cost counted against the budget (new items).
    pub fixed: Vec<f64>,
    /// True for candidates (count against `max_new` and the budget).
    pub is_new: Vec<bool>,
    col_start: Vec<usize>,
    col_d: Vec<u32>,
    col_v: Vec<f64>,
    /// Margin (1 without one).
    pub scale: f64,
    /// Constant added to the objective (fixed costs of closable stores).
    pub constant: f64,
    /// Most new items.
    pub max_new: Option<usize>,
    /// Most fixed cost of new items.
    pub budget: Option<f64>,
}

impl Instance {
    /// The instance of the share model on `sets`; existing stores become
    /// items when `params.allow_closures` and a margin make closing pay.
    pub fn new(
        problem: &Problem,
        sets: &ChoiceSets,
        params: &ShareParams,
        max_new: Option<usize>,
        budget: Option<f64>,
    ) -> Instance {
        let sites = problem.sites();
        let profit = params.margin.is_some();
        let closable = profit && params.allow_closures;
        let mut item_of = vec![usize::MAX; sites.len()];
        let mut items = Vec::new();
        for (s, site) in sites.iter().enumerate() {
            let item = match site.status {
                SiteStatus::Candidate => true,
                SiteStatus::Existing => closable,
                _ => false,
            };
            if item {
                item_of[s] = items.len();
                items.push(s);
            }
        }
        let n = sets.n_demand();
        let mut w = Vec::with_capacity(n);
        let mut k = Vec::with_capacity(n);
        let mut base = vec![0.0; n];
        let mut cols: Vec<Vec<(u32, f64)>> = vec![Vec::new(); items.len()];
        for (d, point) in problem.demand().iter().enumerate() {
            let kd = sets.competitors(d) + sets.outside(d);
            let cover = kd <= 0.0;
            w.push(point.weight);
            k.push(kd);
            let (ss, vs, _) = sets.stores(d);
            for (&s, &v) in ss.iter().zip(vs) {
                let v = if cover { 1.0 } else { v };
                let s = s as usize;
                if item_of[s] != usize::MAX {
                    cols[item_of[s]].push((d as u32, v));
                } else if sites[s].status == SiteStatus::Existing {
                    base[d] += v;
                }
            }
            if cover {
                base[d] = base[d].min(1.0);
            }
        }
        let mut col_start = vec![0];
        let (mut col_d, mut col_v) = (Vec::new(), Vec::new());
        for c in cols {
            for (d, v) in c {
                col_d.push(d);
                col_v.push(v);
            }
            col_start.push(col_d.len());
        }
        let is_new: Vec<bool> = items
            .iter()
            .map(|&s| sites[s].status == SiteStatus::Candidate)
            .collect();
        let fixed: Vec<f64> = items.iter().map(|&s| sites[s].fixed_cost).collect();
        let cost = if profit {
            fixed.clone()
        } else {
            vec![0.0; items.len()]
        };
        let constant = items
            .iter()
            .zip(&is_new)
            .filter(|(_, &new)| !new)
            .map(|(&s, _)| sites[s].fixed_cost)
            .sum();
        Instance {
            w,
            k,
            base,
            items,
            cost,
            fixed,
            is_new,
            col_start,
            col_d,
            col_v,
            scale: params.margin.unwrap_or(1.0),
            constant: if closable { constant } else { 0.0 },
            max_new,
            budget,
        }
    }

    /// `ρ_ij(I) = h_i(U_i + v_ij) − h_i(U_i)` for every pair of the items
    /// with `want(j)` (0 elsewhere), at weights `u` (those of a set `I`):
    /// what each item alone adds to `I` at each point, laid out as the
    /// columns ([`Instance::span`]).
    pub fn marginals(&self, u: &[f64], want: impl Fn(usize) -> bool) -> Vec<f64> {
        let mut rho = vec![0.0; self.n_pairs()];
        for j in 0..self.n_items() {
            if want(j) {
                let r = self.col_start[j]..self.col_start[j + 1];
                for p in r {
                    let d = self.col_d[p] as usize;
                    rho[p] = self.h(d, u[d] + self.col_v[p]) - self.h(d, u[d]);
                }
            }
        }
        rho
    }

    /// Where item `j`'s pairs lie in the column arrays.
    pub fn span(&self, j: usize) -> std::ops::Range<usize> {
        self.col_start[j]..self.col_start[j + 1]
    }

    /// Number of items.
    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// Number of demand points.
    pub fn n_points(&self) -> usize {
        self.w.len()
    }

    /// Pairs (point, item).
    pub fn n_pairs(&self) -> usize {
        self.col_d.len()
    }

    /// Item `j`'s points and weights.
    pub fn col(&self, j: usize) -> (&[u32], &[f64]) {
        let r = self.col_start[j]..self.col_start[j + 1];
        (&self.col_d[r.clone()], &self.col_v[r])
    }

    /// `h_i(u)`.
    #[inline]
    pub fn h(&self, i: usize, u: f64) -> f64 {
        let k = self.k[i];
        if k > 0.0 {
            self.w[i] * u / (u + k)
        } else {
            self.w[i] * u.min(1.0)
        }
    }

    /// A supergradient of `h_i` at `u`.
    #[inline]
    pub fn dh(&self, i: usize, u: f64) -> f64 {
        let k = self.k[i];
        if k > 0.0 {
            self.w[i] * k / ((u + k) * (u + k))
        } else if u < 1.0 {
            self.w[i]
        } else {
            0.0
        }
    }

    /// Our summed weight per point with the items `open` (fractional
    /// allowed).
    pub fn weights(&self, y: &[f64]) -> Vec<f64> {
        let mut u = self.base.clone();
        for (j, &yj) in y.iter().enumerate() {
            if yj != 0.0 {
                let (ds, vs) = self.col(j);
                for (&d, &v) in ds.iter().zip(vs) {
                    u[d as usize] += v * yj;
                }
            }
        }
        u
    }

    /// The objective at `y` given `u = weights(y)`.
    pub fn value_at(&self, y: &[f64], u: &[f64]) -> f64 {
        let captured: f64 = (0..self.n_points()).map(|i| self.h(i, u[i])).sum();
        let cost: f64 = y.iter().zip(&self.cost).map(|(a, c)| a * c).sum();
        self.scale * captured - cost + self.constant
    }

    /// The objective of the items `set`.
    pub fn value(&self, set: &[usize]) -> f64 {
        let y = self.indicator(set);
        self.value_at(&y, &self.weights(&y))
    }

    /// 0/1 vector of `set`.
    pub fn indicator(&self, set: &[usize]) -> Vec<f64> {
        let mut y = vec![0.0; self.n_items()];
        for &j in set {
            y[j] = 1.0;
        }
        y
    }

    /// The objective's change when item `j` opens at weights `u`.
    pub fn gain(&self, j: usize, u: &[f64]) -> f64 {
        let (ds, vs) = self.col(j);
        let mut g = 0.0;
        for (&d, &v) in ds.iter().zip(vs) {
            let d = d as usize;
            g += self.h(d, u[d] + v) - self.h(d, u[d]);
        }
        self.scale * g - self.cost[j]
    }

    /// Adds `sign` times item `j`'s weights to `u`.
    pub fn apply(&self, j: usize, sign: f64, u: &mut [f64]) {
        let (ds, vs) = self.col(j);
        for (&d, &v) in ds.iter().zip(vs) {
            u[d as usize] += sign * v;
        }
    }

    /// True when `set` keeps to the count and the budget.
    pub fn feasible(&self, set: &[usize]) -> bool {
        let new: Vec<usize> = set.iter().copied().filter(|&j| self.is_new[j]).collect();
        self.max_new.is_none_or(|p| new.len() <= p)
            && self.budget.is_none_or(|b| {
                new.iter().map(|&j| self.fixed[j]).sum::<f64>() <= b * (1.0 + 1e-12)
            })
    }

    /// An upper bound on `max Σ_j g_j s_j` over `s` in the relaxed
    /// constraints (free items only, `count` more new items at most,
    /// `budget` more fixed cost at most, closable items free), and a
    /// feasible `s` reaching a value near it: the least of the
    /// count-only and the budget-only LP optimum, each solved greedily.
    pub fn linear_max(
        &self,
        g: &[f64],
        free: impl Fn(usize) -> bool,
        count: Option<f64>,
        budget: Option<f64>,
    ) -> (f64, Vec<(usize, f64)>) {
        let mut fixed_part = 0.0;
        let mut pick: Vec<(usize, f64)> = Vec::new();
        let mut news: Vec<usize> = Vec::new();
        for j in 0..self.n_items() {
            if !free(j) || g[j] <= 0.0 {
                continue;
            }
            if self.is_new[j] {
                news.push(j);
            } else {
                fixed_part += g[j];
                pick.push((j, 1.0));
            }
        }
        // Count only: the `count` largest.
        news.sort_by(|&a, &b| g[b].total_cmp(&g[a]).then(a.cmp(&b)));
        let count_bound = match count {
            Some(c) => {
                let full = c.floor() as usize;
                let mut v: f64 = news.iter().take(full).map(|&j| g[j]).sum();
                if let Some(&j) = news.get(full) {
                    v += (c - full as f64) * g[j];
                }
                v
            }
            None => news.iter().map(|&j| g[j]).sum(),
        };
        // Budget only: by value per unit of fixed cost.
        let budget_bound = budget.map(|b| {
            let mut by_ratio = news.clone();
            let ratio = |j: usize| {
                if self.fixed[j] > 0.0 {
                    g[j] / self.fixed[j]
                } else {
                    f64::INFINITY
                }
            };
            by_ratio.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(a.cmp(&b)));
            let (mut left, mut v) = (b.max(0.0), 0.0);
            for j in by_ratio {
                let f = self.fixed[j];
                if f <= left {
                    left -= f;
                    v += g[j];
                } else {
                    v += g[j] * left / f;
                    break;
                }
            }
            v
        });
        let bound = fixed_part + budget_bound.map_or(count_bound, |b| b.min(count_bound));
        // A feasible s: largest first within both limits (fractional last).
        let (mut left_c, mut left_b) = (
            count.unwrap_or(f64::INFINITY),
            budget.unwrap_or(f64::INFINITY),
        );
        for j in news {
            if left_c <= 0.0 || left_b <= 0.0 {
                break;
            }
            let f = self.fixed[j];
            let mut t = left_c.min(1.0);
            if f > 0.0 {
                t = t.min(left_b / f);
            }
            if t > 0.0 {
                pick.push((j, t));
                left_c -= t;
                left_b -= t * f;
            }
        }
        (bound, pick)
    }
}
