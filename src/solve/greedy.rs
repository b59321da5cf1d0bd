//! Quick greedy plans: warm starts for the exact solves and a fallback plan
//! when a time limit stops a solver before it finds one. Deterministic:
//! ties go to the lower site index.

use crate::problem::Problem;
use crate::travel::{CostMatrix, SiteColumns};

/// Greedy "add" search over candidate sites.
pub(crate) struct Adder<'a> {
    pub costs: &'a CostMatrix,
    pub cols: &'a SiteColumns,
    /// Weight of each demand point in the greedy score (0 = ignored).
    pub weights: Vec<f64>,
    /// Score of a served pair with cost `c` (smaller is better).
    pub score: &'a dyn Fn(f64) -> f64,
    /// Score of an unserved point.
    pub unserved: f64,
}

impl Adder<'_> {
    /// Current score of each demand point under `open`.
    pub fn current(&self, open: &[bool]) -> Vec<f64> {
        (0..self.costs.n_demand())
            .map(|d| {
                self.costs
                    .row(d)
                    .iter()
                    .find(|&(s, _)| open[s])
                    .map_or(self.unserved, |(_, c)| (self.score)(c))
            })
            .collect()
    }

    /// Opens up to `steps` sites of `candidates` (those `allowed`), each
    /// time the one with the largest gain minus `fixed(j)`; stops early when
    /// no gain is positive and `only_improving` is set.
    pub fn add(
        &self,
        open: &mut [bool],
        candidates: &[usize],
        steps: usize,
        fixed: &dyn Fn(usize) -> f64,
        only_improving: bool,
        allowed: &mut dyn FnMut(usize) -> bool,
    ) {
        let mut cur = self.current(open);
        for _ in 0..steps {
            let mut best: Option<(f64, usize)> = None;
            for &j in candidates {
                if open[j] || !allowed(j) {
                    continue;
                }
                let (ds, cs) = self.cols.column(j);
                let mut gain = -fixed(j);
                for (&d, &c) in ds.iter().zip(cs) {
                    let d = d as usize;
                    let better = cur[d] - (self.score)(c);
                    if better > 0.0 {
                        gain += self.weights[d] * better;
                    }
                }
                if best.is_none_or(|(g, _)| gain > g) {
                    best = Some((gain, j));
                }
            }
            let Some((gain, j)) = best else { break };
            if only_improving && gain <= 0.0 {
                break;
            }
            open[j] = true;
            let (ds, cs) = self.cols.column(j);
            for (&d, &c) in ds.iter().zip(cs) {
                let v = (self.score)(c);
                if v < cur[d as usize] {
                    cur[d as usize] = v;
                }
            }
        }
    }
}

/// The largest cost in the matrix (at least 1).
pub(crate) fn max_cost(costs: &CostMatrix) -> f64 {
    (0..costs.n_demand())
        .filter_map(|d| costs.row(d).costs.last().copied())
        .fold(1.0, f64::max)
}

/// Weights of a problem's demand points.
pub(crate) fn weights(problem: &Problem) -> Vec<f64> {
    problem.demand().iter().map(|d| d.weight).collect()
}
