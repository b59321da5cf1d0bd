//! Branch-and-bound for the share models on the Frank–Wolfe
//! (outer-approximation) bound of [`super::relax`].
//!
//! Best first: the open branch with the highest bound is split on one
//! item (the most fractional in its relaxation, else the closed item with
//! the largest gradient), each child is bounded by warm-started
//! Frank–Wolfe steps and rounded to a plan (fixed items plus the free
//! ones with the largest relaxed value, within the limits). A branch whose
//! bound cannot beat the incumbent by more than the gap target (or, with
//! a target, cannot reach it) is closed. The bound reported is the
//! highest over the branches still open or closed by the gap.

use std::collections::BinaryHeap;
use std::time::Instant;

use super::instance::Instance;
use super::relax::{frank_wolfe, Relaxed, FREE, IN, OUT};

/// Frank–Wolfe steps at the root (at most; also at most a fifth of the
/// time left) and at every other branch.
const ROOT_STEPS: usize = 5_000;
const NODE_STEPS: usize = 40;

/// What the search found.
pub(crate) struct Searched {
    /// Best plan (items).
    pub best: Vec<usize>,
    /// Its objective.
    pub value: f64,
    /// Proven upper bound on the optimum (`None`: with a target, every
    /// branch was shown below it, the bound being below the target).
    pub bound: f64,
    /// Branches bounded.
    pub nodes: u64,
}

struct Node {
    bound: f64,
    state: Vec<u8>,
    y: Vec<f32>,
    branch: usize,
}
impl PartialEq for Node {
    fn eq(&self, o: &Self) -> bool {
        self.bound == o.bound
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Node {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.bound.total_cmp(&o.bound)
    }
}

/// The item to split a branch on, `None` when every item is fixed.
fn pick_branch(inst: &Instance, state: &[u8], r: &Relaxed) -> Option<usize> {
    let free: Vec<usize> = (0..inst.n_items()).filter(|&j| state[j] == FREE).collect();
    let frac = free
        .iter()
        .copied()
        .map(|j| (j, r.y[j].min(1.0 - r.y[j])))
        .filter(|&(_, f)| f > 1e-6)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    if let Some((j, _)) = frac {
        return Some(j);
    }
    free.iter()
        .copied()
        .filter(|&j| r.y[j] < 0.5)
        .max_by(|&a, &b| r.grad[a].total_cmp(&r.grad[b]).then(b.cmp(&a)))
        .or_else(|| free.first().copied())
}

/// A plan from a branch's relaxation: fixed items, then free items by
/// relaxed value while they fit (and, without a count limit, only those
/// above one half).
fn round(inst: &Instance, state: &[u8], y: &[f64]) -> Vec<usize> {
    let mut set: Vec<usize> = (0..inst.n_items()).filter(|&j| state[j] == IN).collect();
    let mut free: Vec<usize> = (0..inst.n_items())
        .filter(|&j| state[j] == FREE && y[j] > 1e-9)
        .collect();
    free.sort_by(|&a, &b| y[b].total_cmp(&y[a]).then(a.cmp(&b)));
    for j in free {
        if inst.max_new.is_none() && y[j] < 0.5 {
            continue;
        }
        set.push(j);
        if !inst.feasible(&set) {
            set.pop();
        }
    }
    set.sort_unstable();
    set
}

/// Searches from `incumbent` (a feasible plan) until the gap target,
/// `deadline`, or (with `target`) a plan reaching it or a proof that none
/// does.
pub(crate) fn search(
    inst: &Instance,
    incumbent: Vec<usize>,
    gap: f64,
    target: Option<f64>,
    branch: bool,
    deadline: Instant,
) -> Searched {
    let n = inst.n_items();
    let mut best_value = inst.value(&incumbent);
    let mut best = incumbent;
    let mut nodes = 0u64;
    let mut closed_bound = f64::NEG_INFINITY;
    let reached = |v: f64| target.is_some_and(|t| v >= t);
    let enough = |ub: f64, inc: f64| match target {
        Some(t) => ub < t,
        None => ub <= inc + gap * inc.abs() + 1e-9 * inc.abs().max(1.0),
    };
    let mut heap: BinaryHeap<Node> = BinaryHeap::new();
    let root_state = vec![FREE; n];
    let start = inst.indicator(&best);
    let tol = |v: f64| (gap * v.abs()).max(1e-9 * v.abs().max(1.0));
    let Some(root) = frank_wolfe(
        inst,
        &root_state,
        &start,
        ROOT_STEPS,
        tol(best_value),
        deadline,
    ) else {
        return Searched {
            value: best_value,
            bound: best_value,
            best,
            nodes,
        };
    };
    nodes += 1;
    let consider = |state: Vec<u8>,
                    r: Relaxed,
                    heap: &mut BinaryHeap<Node>,
                    best: &mut Vec<usize>,
                    best_value: &mut f64,
                    closed: &mut f64| {
        let plan = round(inst, &state, &r.y);
        let v = inst.value(&plan);
        if v > *best_value {
            *best_value = v;
            *best = plan;
        }
        match pick_branch(inst, &state, &r) {
            Some(branch) if !enough(r.bound, *best_value) => heap.push(Node {
                bound: r.bound,
                state,
                y: r.y.iter().map(|&x| x as f32).collect(),
                branch,
            }),
            // Every item fixed: the rounded plan is the branch's only one.
            None => *closed = closed.max(v),
            Some(_) => *closed = closed.max(r.bound),
        }
    };
    consider(
        root_state,
        root,
        &mut heap,
        &mut best,
        &mut best_value,
        &mut closed_bound,
    );
    while let Some(node) = heap.pop() {
        if reached(best_value) || enough(node.bound, best_value) {
            closed_bound = closed_bound.max(node.bound);
            // Best first: every other branch is no higher.
            if let Some(top) = heap.peek() {
                closed_bound = closed_bound.max(top.bound);
            }
            heap.clear();
            break;
        }
        if !branch || crate::stop::past(deadline) {
            heap.push(node);
            break;
        }
        let y: Vec<f64> = node.y.iter().map(|&x| x as f64).collect();
        for fix in [IN, OUT] {
            let mut state = node.state.clone();
            state[node.branch] = fix;
            nodes += 1;
            if let Some(mut r) =
                frank_wolfe(inst, &state, &y, NODE_STEPS, tol(best_value), deadline)
            {
                // A branch's plans are its parent's too.
                r.bound = r.bound.min(node.bound);
                consider(
                    state,
                    r,
                    &mut heap,
                    &mut best,
                    &mut best_value,
                    &mut closed_bound,
                );
            }
        }
    }
    let open = heap.peek().map_or(f64::NEG_INFINITY, |n| n.bound);
    let bound = open.max(closed_bound).max(best_value);
    Searched {
        best,
        value: best_value,
        bound,
        nodes,
    }
}
