//! Set cover: the fewest new sites that cover every demand point (or a
//! given share of the weight) within the cutoff, existing sites counting
//! as covering.
//!
//! Search: lazy greedy (add the site covering the most still-uncovered
//! points — or weight, for partial cover — until covered; Chvátal 1979),
//! then redundancy elimination: new sites are visited from the last added
//! and dropped whenever the cover still holds without them.
//!
//! Bound: for full cover, the Lagrangian relaxation of the cover constraints
//! (Beasley 1990): for multipliers u ≥ 0, `L(u) = Σ_i u_i + Σ_j min(0, 1 −
//! Σ_{i covered by j} u_i)`, climbed by subgradient steps and rounded up
//! (the objective is a whole number). For partial cover: the least k whose
//! k largest single-site coverages add up to the weight still needed.

use std::collections::BinaryHeap;
use std::time::Instant;

use super::instance::Instance;
use super::make_plan;
use crate::error::{Error, Result};
use crate::evaluate::evaluate;
use crate::models::{ModelKind, ModelSpec};
use crate::plan::{Assignment, Plan, SolveStats};
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

pub(crate) fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
    start: Instant,
    deadline: Instant,
    prove: bool,
) -> Result<Plan> {
    let cut = spec
        .cutoff
        .ok_or_else(|| Error::Usage("set-cover needs a coverage cutoff".into()))?;
    let inst = Instance::new(problem, costs, Some(cut));
    let nd = inst.n_demand();
    let total = problem.total_weight();
    let target = match spec.min_coverage_pct {
        None => None,
        Some(p) if (0.0..=100.0).contains(&p) => Some(total * p / 100.0),
        Some(p) => {
            return Err(Error::Usage(format!(
                "minimum coverage {p}% must be between 0 and 100"
            )))
        }
    };
    let mut count = vec![0u32; nd];
    let mut open = inst.fixed_open.clone();
    for s in 0..inst.n_sites {
        if open[s] {
            for &d in inst.col(s).0 {
                count[d as usize] += 1;
            }
        }
    }
    let mut covered: f64 = (0..nd)
        .filter(|&d| count[d] > 0)
        .map(|d| inst.weight[d])
        .sum();
    crate::models::set_cover::check_coverable(problem, costs, cut, spec.min_coverage_pct, None)?;
    let score = |d: usize| {
        if target.is_some() {
            inst.weight[d]
        } else {
            1.0
        }
    };
    let done = |covered: f64, count: &[u32]| match target {
        Some(t) => covered >= t * (1.0 - 1e-12),
        None => count.iter().all(|&c| c > 0),
    };
    // Lazy greedy.
    let value = |s: usize, count: &[u32]| -> f64 {
        inst.col(s)
            .0
            .iter()
            .filter(|&&d| count[d as usize] == 0)
            .map(|&d| score(d as usize))
            .sum()
    };
    let mut heap: BinaryHeap<(OrdF, std::cmp::Reverse<u32>, usize)> = (0..inst.n_sites)
        .filter(|&s| inst.candidate[s])
        .map(|s| (OrdF(value(s, &count)), std::cmp::Reverse(s as u32), 0))
        .collect();
    let mut added: Vec<usize> = Vec::new();
    let mut uncovered_left = count.iter().filter(|&&c| c == 0).count();
    while !(if target.is_none() {
        uncovered_left == 0
    } else {
        done(covered, &count)
    }) {
        let Some((v, std::cmp::Reverse(s), round)) = heap.pop() else {
            break;
        };
        let s = s as usize;
        if round != added.len() {
            heap.push((
                OrdF(value(s, &count)),
                std::cmp::Reverse(s as u32),
                added.len(),
            ));
            continue;
        }
        if v.0 <= 0.0 {
            break;
        }
        open[s] = true;
        added.push(s);
        for &d in inst.col(s).0 {
            let d = d as usize;
            if count[d] == 0 {
                covered += inst.weight[d];
                uncovered_left -= 1;
            }
            count[d] += 1;
        }
    }
    // Redundancy elimination, last added first.
    for &s in added.iter().rev() {
        let col = inst.col(s).0;
        let removable = match target {
            None => col.iter().all(|&d| count[d as usize] >= 2),
            Some(t) => {
                let lost: f64 = col
                    .iter()
                    .filter(|&&d| count[d as usize] == 1)
                    .map(|&d| inst.weight[d as usize])
                    .sum();
                covered - lost >= t * (1.0 - 1e-12)
            }
        };
        if removable {
            open[s] = false;
            for &d in col {
                let d = d as usize;
                count[d] -= 1;
                if count[d] == 0 {
                    covered -= inst.weight[d];
                }
            }
        }
    }
    let n_new = (0..inst.n_sites)
        .filter(|&s| open[s] && inst.candidate[s])
        .count();
    let (bound, mut iterations) = match target {
        None => cover_bound(&inst, n_new as f64, deadline),
        Some(t) => (partial_bound(&inst, t), 0),
    };
    let (mut n_new, mut bound, mut nodes) = (n_new, bound, 0);
    if prove && bound < n_new as f64 {
        let p = Proof::run(inst, target, open, n_new, bound, params, deadline)?;
        (open, n_new, bound) = (p.open, p.n_new, p.bound);
        iterations += p.iterations;
        nodes = p.nodes;
    }
    let e = evaluate(problem, costs, &open, Some(cut));
    let assignment = e
        .assignment
        .iter()
        .enumerate()
        .filter_map(|(d, a)| {
            a.map(|(site, cost)| Assignment {
                demand: d,
                site,
                share: 1.0,
                cost,
            })
        })
        .collect();
    let stats = SolveStats {
        seconds: start.elapsed().as_secs_f64(),
        iterations,
        nodes,
        ..SolveStats::default()
    };
    Ok(make_plan(
        problem,
        ModelKind::SetCover,
        if prove {
            "branch-and-bound"
        } else {
            "heuristic"
        },
        &open,
        assignment,
        n_new as f64,
        Some(bound.min(n_new as f64)),
        params,
        stats,
    ))
}

/// The exact search for the fewest new sites: for p = (best known) − 1,
/// − 2, …, branch-and-bound on the max-coverage relaxation with p new
/// sites either finds a plan that covers enough (the best known drops to
/// p) or proves that none does (then the best known is optimal). The
/// max-coverage search is told that only plans leaving at most the allowed
/// weight uncovered matter, so it prunes every subtree that cannot reach
/// one.
struct Proof {
    open: Vec<bool>,
    n_new: usize,
    bound: f64,
    iterations: u64,
    nodes: u64,
}

impl Proof {
    fn run(
        mut inst: Instance,
        target: Option<f64>,
        open: Vec<bool>,
        n_new: usize,
        bound: f64,
        params: &SolveParams,
        deadline: Instant,
    ) -> Result<Proof> {
        use super::branch_bound::branch_and_bound;
        use super::pmedian;
        // Full cover counts points (each weighs 1); a share counts weight.
        let allowed = match target {
            None => {
                inst.weight = essential_points(&inst);
                inst.report_offset = inst.weight.iter().sum();
                0.0
            }
            Some(t) => (inst.weight.iter().sum::<f64>() - t * (1.0 - 1e-12)).max(0.0),
        };
        let integral = inst.is_integral();
        // A plan leaving at most `allowed` uncovered; a bound above `cut_at`
        // proves there is none.
        let cut_at = if integral {
            allowed + 0.5
        } else {
            allowed * (1.0 + 1e-9) + 1e-9
        };
        let opts = super::HeuristicOptions::default();
        let mut p = Proof {
            open,
            n_new,
            bound: bound.ceil(),
            iterations: 0,
            nodes: 0,
        };
        while (p.bound as usize) < p.n_new && !crate::stop::past(deadline) {
            let k = p.n_new - 1;
            let mut searched = pmedian::search(
                std::borrow::Cow::Borrowed(&inst),
                k,
                0.0,
                params.seed,
                &opts,
                deadline,
            )?;
            p.iterations += searched.iterations;
            // The known cover less one site, repaired by swaps, often covers
            // where a fresh search does not: try the sites that cover the
            // fewest points alone first.
            for (c, o, m) in drop_one(&inst, &p.open, k, deadline) {
                p.iterations += m;
                if c < searched.cost {
                    (searched.cost, searched.open) = (c, o);
                }
                if searched.cost <= allowed {
                    break;
                }
            }
            if inst.assignment_cost(&searched.open) > allowed {
                searched.cost = searched.cost.min(cut_at);
            }
            let r = branch_and_bound(&inst, k, 0.0, searched, deadline);
            p.iterations += r.iterations;
            p.nodes += r.nodes;
            if inst.assignment_cost(&r.open) <= allowed {
                p.open = r.open;
                p.n_new = k;
            } else if r.bound >= cut_at && !crate::stop::past(deadline) {
                p.bound = (k + 1) as f64;
            } else {
                break;
            }
        }
        Ok(p)
    }
}

/// Weight 1 for each point a full cover must take care of, 0 for the
/// others: points an existing site covers, and points whose candidate set
/// holds another point's (covering that one covers them; of equal sets the
/// first is kept). Fewer points make the same covers and a far easier
/// search.
fn essential_points(inst: &Instance) -> Vec<f64> {
    let words = inst.n_sites.div_ceil(64);
    let nd = inst.n_demand();
    let mut sets: Vec<(usize, Vec<u64>)> = Vec::new();
    for d in 0..nd {
        let (row, _) = inst.row(d);
        if row.iter().any(|&s| inst.fixed_open[s as usize]) {
            continue;
        }
        let mut bits = vec![0u64; words];
        for &s in row {
            bits[s as usize / 64] |= 1 << (s % 64);
        }
        sets.push((d, bits));
    }
    // Smaller sets first: a set can only hold sets no larger than itself.
    let size = |b: &[u64]| b.iter().map(|w| w.count_ones()).sum::<u32>();
    sets.sort_by_key(|(d, b)| (size(b), *d));
    sets.dedup_by(|a, b| a.1 == b.1);
    let mut kept: Vec<&(usize, Vec<u64>)> = Vec::new();
    for set in &sets {
        let holds = |k: &&(usize, Vec<u64>)| k.1.iter().zip(&set.1).all(|(a, b)| a & !b == 0);
        if !kept.iter().any(holds) {
            kept.push(set);
        }
    }
    let mut w = vec![0.0; nd];
    for (d, _) in kept {
        w[*d] = 1.0;
    }
    w
}

/// Swap descents (with `k` new sites) from `open` less one of its new
/// sites, the sites covering the fewest points alone first, at most
/// [`DROP_TRIES`] of them; lazily, so a caller can stop at a cover.
fn drop_one<'a>(
    inst: &'a Instance,
    open: &'a [bool],
    k: usize,
    deadline: Instant,
) -> impl Iterator<Item = (f64, Vec<bool>, u64)> + 'a {
    let mut count = vec![0u32; inst.n_demand()];
    for s in (0..inst.n_sites).filter(|&s| open[s]) {
        for &d in inst.col(s).0 {
            count[d as usize] += 1;
        }
    }
    let mut alone: Vec<(f64, usize)> = (0..inst.n_sites)
        .filter(|&s| open[s] && inst.candidate[s])
        .map(|s| {
            let only: f64 = inst
                .col(s)
                .0
                .iter()
                .filter(|&&d| count[d as usize] == 1)
                .map(|&d| inst.weight[d as usize])
                .sum();
            (only, s)
        })
        .collect();
    alone.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    alone.into_iter().take(DROP_TRIES).map_while(move |(_, s)| {
        if crate::stop::past(deadline) {
            return None;
        }
        let mut o = open.to_vec();
        o[s] = false;
        Some(super::pmedian::polish(inst, k, o, deadline))
    })
}

/// Most sites [`drop_one`] tries to drop.
const DROP_TRIES: usize = 16;

#[derive(PartialEq, Clone, Copy)]
struct OrdF(f64);
impl Eq for OrdF {}
impl PartialOrd for OrdF {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdF {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

/// Points not covered by existing sites, with their covering candidates.
fn uncovered_points(inst: &Instance) -> Vec<usize> {
    (0..inst.n_demand())
        .filter(|&d| !inst.row(d).0.iter().any(|&s| inst.fixed_open[s as usize]))
        .collect()
}

fn cover_bound(inst: &Instance, ub: f64, deadline: Instant) -> (f64, u64) {
    let pts = uncovered_points(inst);
    if pts.is_empty() {
        return (0.0, 0);
    }
    let nd = inst.n_demand();
    let mut u = vec![0.0; nd];
    for &d in &pts {
        u[d] = 1.0 / inst.row(d).0.len().max(1) as f64;
    }
    let mut best = 0.0f64;
    let mut pi = 2.0;
    let mut stall = 0;
    let mut iters = 0;
    let mut reduced = vec![0.0; inst.n_sites];
    let mut g = vec![0.0; nd];
    for _ in 0..2000 {
        iters += 1;
        reduced.iter_mut().for_each(|r| *r = 1.0);
        for &d in &pts {
            for &s in inst.row(d).0 {
                reduced[s as usize] -= u[d];
            }
        }
        let mut l: f64 = pts.iter().map(|&d| u[d]).sum();
        for s in 0..inst.n_sites {
            if inst.candidate[s] && reduced[s] < 0.0 {
                l += reduced[s];
            }
        }
        if l > best + 1e-12 {
            best = l;
            stall = 0;
        } else {
            stall += 1;
            if stall >= 30 {
                pi *= 0.5;
                stall = 0;
            }
        }
        if (best - 1e-6).ceil() >= ub || pi < 1e-4 || crate::stop::past(deadline) {
            break;
        }
        let mut norm = 0.0;
        for &d in &pts {
            let chosen = inst
                .row(d)
                .0
                .iter()
                .filter(|&&s| inst.candidate[s as usize] && reduced[s as usize] < 0.0)
                .count() as f64;
            g[d] = 1.0 - chosen;
            norm += g[d] * g[d];
        }
        if norm == 0.0 {
            break;
        }
        let t = pi * (ub - l).max(1e-9) / norm;
        for &d in &pts {
            u[d] = (u[d] + t * g[d]).max(0.0);
        }
    }
    ((best - 1e-6).ceil().max(0.0), iters)
}

fn partial_bound(inst: &Instance, target: f64) -> f64 {
    let mut count = vec![false; inst.n_demand()];
    let mut covered = 0.0;
    for s in 0..inst.n_sites {
        if inst.fixed_open[s] {
            for &d in inst.col(s).0 {
                if !count[d as usize] {
                    count[d as usize] = true;
                    covered += inst.weight[d as usize];
                }
            }
        }
    }
    let mut single: Vec<f64> = (0..inst.n_sites)
        .filter(|&s| inst.candidate[s])
        .map(|s| {
            inst.col(s)
                .0
                .iter()
                .filter(|&&d| !count[d as usize])
                .map(|&d| inst.weight[d as usize])
                .sum()
        })
        .collect();
    single.sort_by(|a, b| b.total_cmp(a));
    let mut k = 0;
    let need = target * (1.0 - 1e-12) - covered;
    let mut acc = 0.0;
    while acc < need && k < single.len() {
        acc += single[k];
        k += 1;
    }
    k as f64
}
