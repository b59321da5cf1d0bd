//! Fast swap-based local search (Resende & Werneck 2007).
//!
//! For every demand point d the search keeps its cheapest open site φ1(d)
//! at cost c1(d) and its second cheapest φ2(d) at cost c2(d) (the unserved
//! penalty stands in when fewer are reachable). From them it keeps, for
//! every closed candidate f and every removable open site g,
//!
//! * `gain[f]  = Σ_d w_d · max(0, c1(d) − c(d, f))` — saving of opening f;
//! * `loss[g]  = Σ_{d: φ1(d) = g} w_d · (c2(d) − c1(d))` — cost of closing g;
//! * `extra[f][g] = Σ_{d: φ1(d) = g, c(d, f) < c2(d)} w_d · (c2(d) − max(c(d, f), c1(d)))`,
//!
//! so that the profit of swapping g out for f is exactly
//! `gain[f] − loss[g] + extra[f][g]`. A demand point contributes only to
//! sites ahead of c2(d) in its (cost-sorted) row, so building the tables
//! costs one pass over row prefixes, and after a move only the demand points
//! whose φ1 or φ2 changed, or that reach the new site ahead of their c2, are
//! taken out and put back. A neighbourhood scan is then one pass over the
//! candidates × open sites table instead of p × candidates × demand.
//!
//! The same tables price an addition (`gain[f]`) and a removal (`loss[g]`),
//! which the fixed-charge search uses together with the sites' fixed costs.

use std::time::Instant;

use rayon::prelude::*;

use super::instance::{Instance, NONE};

/// Largest `extra` table (entries) kept dense; beyond it the p-median
/// search sums each scanned candidate's row from its column
/// ([`SwapState::best_swap`]) and the fixed-charge search falls back to
/// additions and removals.
const MAX_EXTRA: usize = 32 << 20;

/// Candidates per block of a swap scan.
const SCAN_BLOCK: usize = 256;

/// Smallest table (candidates × removable sites) scanned in parallel.
const PARALLEL_SCAN: usize = 1 << 18;

/// A move of the local search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Move {
    /// Open a closed candidate.
    Add(u32),
    /// Close a removable open site.
    Drop(u32),
    /// Open the first, close the second.
    Swap(u32, u32),
}

/// Search state over one instance.
pub(crate) struct SwapState<'a> {
    inst: &'a Instance,
    /// Open flags of every site.
    pub open: Vec<bool>,
    slot: Vec<u32>,
    slot_site: Vec<u32>,
    stride: usize,
    c1: Vec<f64>,
    c2: Vec<f64>,
    phi1: Vec<u32>,
    phi2: Vec<u32>,
    gain: Vec<f64>,
    loss: Vec<f64>,
    extra: Vec<f64>,
    use_extra: bool,
    mark: Vec<u32>,
    epoch: u32,
    affected: Vec<u32>,
    /// Σ_d w_d · c1(d): the assignment cost of the open sites.
    pub cost: f64,
    /// Moves applied.
    pub moves: u64,
}

impl<'a> SwapState<'a> {
    /// The state for the given open flags (existing sites must be open).
    /// `max_open_hint` sizes the `extra` table.
    pub fn new(inst: &'a Instance, open: Vec<bool>, max_open_hint: usize) -> Self {
        let n = inst.n_sites;
        let nd = inst.n_demand();
        let removable = (0..n).filter(|&s| open[s] && !inst.fixed_open[s]).count();
        let stride = removable.max(max_open_hint).max(1);
        let use_extra = n.saturating_mul(stride) <= MAX_EXTRA;
        let mut st = SwapState {
            inst,
            open,
            slot: vec![NONE; n],
            slot_site: Vec::with_capacity(stride),
            stride,
            c1: inst.penalty.clone(),
            c2: inst.penalty.clone(),
            phi1: vec![NONE; nd],
            phi2: vec![NONE; nd],
            gain: vec![0.0; n],
            loss: vec![0.0; n],
            extra: if use_extra {
                vec![0.0; n * stride]
            } else {
                Vec::new()
            },
            use_extra,
            mark: vec![0; nd],
            epoch: 0,
            affected: Vec::new(),
            cost: 0.0,
            moves: 0,
        };
        for s in 0..n {
            if st.open[s] && !inst.fixed_open[s] {
                st.slot[s] = st.slot_site.len() as u32;
                st.slot_site.push(s as u32);
            }
        }
        st.rebuild();
        st
    }

    /// Recomputes every table from the open flags (also clears rounding drift).
    pub fn rebuild(&mut self) {
        self.gain.iter_mut().for_each(|v| *v = 0.0);
        self.loss.iter_mut().for_each(|v| *v = 0.0);
        self.extra.iter_mut().for_each(|v| *v = 0.0);
        self.cost = 0.0;
        for d in 0..self.inst.n_demand() {
            self.locate(d);
            self.cost += self.inst.weight[d] * self.c1[d];
            self.contribute(d, 1.0);
        }
    }

    /// The removable open sites.
    pub fn removable(&self) -> &[u32] {
        &self.slot_site
    }

    /// Saving of opening closed candidate `f` (assignment cost only).
    pub fn gain_of(&self, f: usize) -> f64 {
        self.gain[f]
    }

    /// Cost of closing removable open site `g` (assignment cost only).
    pub fn loss_of(&self, g: usize) -> f64 {
        self.loss[g]
    }

    /// `extra[f][·]` in the order of [`SwapState::removable`], if kept.
    pub fn extra_row(&self, f: usize) -> Option<&[f64]> {
        self.use_extra.then(|| {
            let a = f * self.stride;
            &self.extra[a..a + self.slot_site.len()]
        })
    }

    /// Sum of fixed costs of all open sites.
    pub fn fixed_total(&self) -> f64 {
        (0..self.inst.n_sites)
            .filter(|&s| self.open[s])
            .map(|s| self.inst.fixed_cost[s])
            .sum()
    }

    fn locate(&mut self, d: usize) {
        let (sites, costs) = self.inst.row(d);
        let (mut p1, mut p2) = (NONE, NONE);
        let (mut c1, mut c2) = (self.inst.penalty[d], self.inst.penalty[d]);
        for (&s, &c) in sites.iter().zip(costs) {
            if self.open[s as usize] {
                if p1 == NONE {
                    p1 = s;
                    c1 = c;
                } else {
                    p2 = s;
                    c2 = c;
                    break;
                }
            }
        }
        self.phi1[d] = p1;
        self.phi2[d] = p2;
        self.c1[d] = c1.min(self.inst.penalty[d]);
        self.c2[d] = c2.min(self.inst.penalty[d]);
    }

    fn contribute(&mut self, d: usize, sign: f64) {
        let w = self.inst.weight[d];
        if w == 0.0 {
            return;
        }
        let (c1, c2, p1) = (self.c1[d], self.c2[d], self.phi1[d]);
        let slot1 = if p1 != NONE && !self.inst.fixed_open[p1 as usize] {
            self.loss[p1 as usize] += sign * w * (c2 - c1);
            self.slot[p1 as usize]
        } else {
            NONE
        };
        let ws = sign * w;
        let (sites, costs) = self.inst.row(d);
        for (&f, &c) in sites.iter().zip(costs) {
            if c >= c2 {
                break;
            }
            let f = f as usize;
            if self.open[f] {
                continue;
            }
            if c < c1 {
                self.gain[f] += ws * (c1 - c);
            }
            if slot1 != NONE && self.use_extra {
                self.extra[f * self.stride + slot1 as usize] += ws * (c2 - c.max(c1));
            }
        }
    }

    fn zero_site(&mut self, s: usize) {
        self.gain[s] = 0.0;
        self.loss[s] = 0.0;
        if self.use_extra {
            let a = s * self.stride;
            self.extra[a..a + self.slot_site.len()]
                .iter_mut()
                .for_each(|v| *v = 0.0);
        }
    }

    fn zero_slot(&mut self, k: usize) {
        if self.use_extra {
            for f in 0..self.inst.n_sites {
                self.extra[f * self.stride + k] = 0.0;
            }
        }
    }

    fn grow_extra(&mut self) {
        let new_stride = (self.stride * 2).max(4);
        if !self.use_extra || self.inst.n_sites.saturating_mul(new_stride) > MAX_EXTRA {
            self.use_extra = false;
            self.extra = Vec::new();
            self.stride = new_stride;
            return;
        }
        let mut extra = vec![0.0; self.inst.n_sites * new_stride];
        for f in 0..self.inst.n_sites {
            let (a, b) = (f * self.stride, f * new_stride);
            extra[b..b + self.slot_site.len()]
                .copy_from_slice(&self.extra[a..a + self.slot_site.len()]);
        }
        self.extra = extra;
        self.stride = new_stride;
    }

    /// Applies a move, updating every table.
    pub fn apply(&mut self, mv: Move) {
        let (add, remove) = match mv {
            Move::Add(f) => (Some(f as usize), None),
            Move::Drop(g) => (None, Some(g as usize)),
            Move::Swap(f, g) => (Some(f as usize), Some(g as usize)),
        };
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.epoch = 1;
        }
        self.affected.clear();
        let inst = self.inst;
        if let Some(f) = add {
            let (dem, cost) = inst.col(f);
            for (&d, &c) in dem.iter().zip(cost) {
                let du = d as usize;
                if c < self.c2[du] && self.mark[du] != self.epoch {
                    self.mark[du] = self.epoch;
                    self.affected.push(d);
                }
            }
        }
        if let Some(g) = remove {
            let (dem, _) = inst.col(g);
            for &d in dem {
                let du = d as usize;
                if (self.phi1[du] == g as u32 || self.phi2[du] == g as u32)
                    && self.mark[du] != self.epoch
                {
                    self.mark[du] = self.epoch;
                    self.affected.push(d);
                }
            }
        }
        let affected = std::mem::take(&mut self.affected);
        for &d in &affected {
            self.contribute(d as usize, -1.0);
        }
        // Open/close and slot bookkeeping.
        match (add, remove) {
            (Some(f), Some(g)) => {
                let k = self.slot[g];
                self.open[g] = false;
                self.open[f] = true;
                self.zero_site(g);
                self.zero_site(f);
                self.slot[g] = NONE;
                if k != NONE {
                    self.slot[f] = k;
                    self.slot_site[k as usize] = f as u32;
                    self.zero_slot(k as usize);
                }
            }
            (Some(f), None) => {
                if self.slot_site.len() == self.stride {
                    self.grow_extra();
                }
                self.open[f] = true;
                self.zero_site(f);
                let k = self.slot_site.len();
                self.slot[f] = k as u32;
                self.slot_site.push(f as u32);
                self.zero_slot(k);
            }
            (None, Some(g)) => {
                let k = self.slot[g] as usize;
                self.open[g] = false;
                self.zero_site(g);
                self.slot[g] = NONE;
                let last = self.slot_site.len() - 1;
                if k != last {
                    let moved = self.slot_site[last];
                    self.slot_site[k] = moved;
                    self.slot[moved as usize] = k as u32;
                    if self.use_extra {
                        for f in 0..inst.n_sites {
                            let row = f * self.stride;
                            self.extra[row + k] = self.extra[row + last];
                        }
                    }
                }
                self.slot_site.pop();
                self.zero_slot(last);
            }
            (None, None) => {}
        }
        for &d in &affected {
            let du = d as usize;
            let old = self.c1[du];
            self.locate(du);
            self.cost += inst.weight[du] * (self.c1[du] - old);
            self.contribute(du, 1.0);
        }
        self.affected = affected;
        self.moves += 1;
    }

    /// The most profitable swap (profit = decrease of assignment plus fixed
    /// cost), if any beats `eps`. With `with_fixed`, fixed costs count.
    ///
    /// `extra[f][g] ≤ loss[g]`, so no swap bringing `f` in gains more than
    /// `gain[f]` (plus the largest fixed cost saved, with fixed costs): the
    /// candidate of largest gain is scanned first and every candidate that
    /// cannot beat the best swap found is skipped. The candidates are
    /// scanned in fixed blocks (in parallel on large tables) whose bests are
    /// compared in block order, so the move does not depend on the number
    /// of threads. Without the dense `extra` table (too large to keep),
    /// each scanned candidate's row of it is summed from its column: the
    /// points it would take whose nearest open site is removable.
    pub fn best_swap(&self, eps: f64, with_fixed: bool) -> Option<(f64, Move)> {
        if self.slot_site.is_empty() || (with_fixed && !self.use_extra) {
            return None;
        }
        let inst = self.inst;
        let n = inst.n_sites;
        let k = self.slot_site.len();
        let out: Vec<f64> = self
            .slot_site
            .iter()
            .map(|&g| {
                let fixed = if with_fixed {
                    inst.fixed_cost[g as usize]
                } else {
                    0.0
                };
                fixed - self.loss[g as usize]
            })
            .collect();
        let max_fixed = if with_fixed {
            self.slot_site
                .iter()
                .map(|&g| inst.fixed_cost[g as usize])
                .fold(0.0, f64::max)
        } else {
            0.0
        };
        // The best swap bringing `f` in that beats `floor`.
        let scan = |f: usize, floor: f64, buf: &mut Vec<f64>| -> Option<(f64, Move)> {
            if self.open[f] || !inst.candidate[f] {
                return None;
            }
            let inn = self.gain[f] - if with_fixed { inst.fixed_cost[f] } else { 0.0 };
            if inn + max_fixed <= floor {
                return None;
            }
            let row = if self.use_extra {
                &self.extra[f * self.stride..f * self.stride + k]
            } else {
                self.extra_from_column(f, buf);
                &buf[..]
            };
            let mut best = None;
            let mut best_profit = floor;
            for (j, (&e, &o)) in row.iter().zip(&out).enumerate() {
                let profit = inn + o + e;
                if profit > best_profit {
                    best_profit = profit;
                    best = Some((profit, Move::Swap(f as u32, self.slot_site[j])));
                }
            }
            best
        };
        let mut floor = eps;
        let first = (0..n)
            .filter(|&f| !self.open[f] && inst.candidate[f])
            .max_by(|&a, &b| self.gain[a].total_cmp(&self.gain[b]).then(b.cmp(&a)));
        let seed = first.and_then(|f| scan(f, eps, &mut Vec::new()));
        if let Some((profit, _)) = seed {
            floor = profit;
        }
        let block = |c: usize| {
            let mut buf = Vec::new();
            let mut best = None;
            let mut best_profit = floor;
            for f in c * SCAN_BLOCK..n.min((c + 1) * SCAN_BLOCK) {
                if let Some(found) = scan(f, best_profit, &mut buf) {
                    best_profit = found.0;
                    best = Some(found);
                }
            }
            best
        };
        let blocks = n.div_ceil(SCAN_BLOCK);
        let found: Vec<Option<(f64, Move)>> = if n.saturating_mul(k) >= PARALLEL_SCAN {
            (0..blocks).into_par_iter().map(block).collect()
        } else {
            (0..blocks).map(block).collect()
        };
        let mut best = seed;
        let mut best_profit = floor;
        for (profit, mv) in found.into_iter().flatten() {
            if profit > best_profit {
                best_profit = profit;
                best = Some((profit, mv));
            }
        }
        best
    }

    /// `extra[f][·]` in the order of [`SwapState::removable`], summed from
    /// the column of `f` into `buf`.
    fn extra_from_column(&self, f: usize, buf: &mut Vec<f64>) {
        buf.clear();
        buf.resize(self.slot_site.len(), 0.0);
        let (dem, cost) = self.inst.col(f);
        for (&d, &c) in dem.iter().zip(cost) {
            let d = d as usize;
            let (c1, c2, p1) = (self.c1[d], self.c2[d], self.phi1[d]);
            if c >= c2 || p1 == NONE {
                continue;
            }
            let slot = self.slot[p1 as usize];
            if slot != NONE {
                buf[slot as usize] += self.inst.weight[d] * (c2 - c.max(c1));
            }
        }
    }

    /// Swap-only descent for p-median-like objectives (no fixed costs):
    /// applies the best improving swap until none is left or `deadline`.
    pub fn descend_swaps(&mut self, deadline: Instant) {
        let eps = self.tolerance();
        let mut since_rebuild = 0;
        while let Some((_, mv)) = self.best_swap(eps, false) {
            if crate::stop::past(deadline) {
                break;
            }
            let before = self.cost;
            self.apply(mv);
            since_rebuild += 1;
            if since_rebuild >= 256 {
                self.rebuild();
                since_rebuild = 0;
            }
            if self.cost > before - eps {
                // Rounding drift claimed a profit that is not there: undo.
                if let Move::Swap(f, g) = mv {
                    self.apply(Move::Swap(g, f));
                }
                self.rebuild();
                if self.best_swap(eps, false).map(|m| m.1) == Some(mv) {
                    break;
                }
            }
        }
    }

    /// Improvement threshold relative to the objective's size.
    pub fn tolerance(&self) -> f64 {
        1e-9 * self.cost.abs().max(1.0)
    }
}

#[cfg(test)]
#[path = "swap_tests.rs"]
pub(super) mod tests;
