//! Greedy construction: add the site with the largest gain until p sites
//! are open, re-evaluating gains lazily.
//!
//! The saving of a site, Σ_d w_d · max(0, c1(d) − c(d, s)) with c1(d) the
//! cost of d's cheapest open site, can only shrink as sites open
//! (submodularity). So a gain computed earlier is an upper bound on the
//! gain now: the candidate with the largest stale gain is re-evaluated, and
//! if it still beats every other stale gain it is the best site (Minoux's
//! accelerated greedy, 1978). Most candidates are never looked at again.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::instance::Instance;
use super::rng::Rng;

#[derive(PartialEq)]
struct Entry {
    gain: f64,
    site: u32,
    /// Number of sites open when `gain` was computed.
    round: usize,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then(other.site.cmp(&self.site))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Saving of opening `s` given each demand point's current best cost `c1`.
fn saving(inst: &Instance, c1: &[f64], s: usize) -> f64 {
    let (dem, cost) = inst.col(s);
    let mut g = 0.0;
    for (&d, &c) in dem.iter().zip(cost) {
        let b = c1[d as usize];
        if c < b {
            g += inst.weight[d as usize] * (b - c);
        }
    }
    g
}

/// Opens `p` candidates on top of the existing sites (`open`, updated in
/// place) and returns them in the order added.
///
/// `randomise`: with `Some(rng)`, each candidate's gain is scaled by a
/// fixed random factor in [0.75, 1] (a scaled submodular function is still
/// submodular, so lazy evaluation stays exact for the scaled gains); this
/// diversifies restarts. A site with zero gain is still added while fewer
/// than `p` are open (the lowest index first), so exactly `p` open when
/// enough candidates exist. With `stop_when_no_gain`, construction stops
/// instead at the first non-positive gain.
pub(crate) fn greedy_add(
    inst: &Instance,
    open: &mut [bool],
    p: usize,
    randomise: Option<&mut Rng>,
    stop_when_no_gain: bool,
) -> Vec<u32> {
    let mut c1 = inst.penalty.clone();
    for (d, best) in c1.iter_mut().enumerate() {
        let (s, c) = inst.row(d);
        if let Some(k) = s.iter().position(|&s| open[s as usize]) {
            *best = c[k];
        }
    }
    let cands: Vec<u32> = inst
        .candidates()
        .into_iter()
        .filter(|&s| !open[s as usize])
        .collect();
    let factor: Vec<f64> = match randomise {
        Some(rng) => cands.iter().map(|_| 0.75 + 0.25 * rng.unit()).collect(),
        None => vec![1.0; cands.len()],
    };
    let mut scale = vec![1.0; inst.n_sites];
    for (&s, &f) in cands.iter().zip(&factor) {
        scale[s as usize] = f;
    }
    let mut heap: BinaryHeap<Entry> = cands
        .iter()
        .map(|&s| Entry {
            gain: scale[s as usize] * saving(inst, &c1, s as usize),
            site: s,
            round: 0,
        })
        .collect();
    let mut added = Vec::with_capacity(p);
    while added.len() < p {
        let Some(top) = heap.pop() else { break };
        if top.round != added.len() {
            let gain = scale[top.site as usize] * saving(inst, &c1, top.site as usize);
            heap.push(Entry {
                gain,
                site: top.site,
                round: added.len(),
            });
            continue;
        }
        if stop_when_no_gain && top.gain <= 0.0 {
            break;
        }
        let s = top.site as usize;
        open[s] = true;
        added.push(top.site);
        let (dem, cost) = inst.col(s);
        for (&d, &c) in dem.iter().zip(cost) {
            let b = &mut c1[d as usize];
            if c < *b {
                *b = c;
            }
        }
    }
    added
}
