//! Fixed-charge facility location: minimise the fixed costs of the open
//! sites plus Σ weight × cost, optionally with site capacities, a most
//! number of new sites and a budget on their fixed costs.
//!
//! Search: from the existing sites, the fast swap tables of
//! [`swap`](crate::solve::heuristic::swap) price three moves at once — open
//! a candidate (`gain − f`), close a new site (`f − loss`) and swap (`gain −
//! loss + extra − f_in + f_out`) — and the best improving move allowed by the limit
//! and budget is applied until none is left (the uncapacitated problem,
//! where each point goes to its cheapest open site, exactly). With
//! capacities, that plan seeds a second descent over the same moves in
//! which each neighbour is priced by solving the transportation problem
//! ([`transport`](crate::solve::heuristic::transport)): splittable demand
//! is then assigned optimally.
//! With `single_source`, each point is then given whole to one site by
//! regret order (largest difference between its two cheapest feasible
//! sites first) — a heuristic assignment.
//!
//! Bound: the Lagrangian relaxation of the assignment constraints (Beasley
//! 1988/1993): for multipliers λ, each site j is worth
//! `f_j + min Σ_i (w_i c_ij − λ_i) x_ij` over 0 ≤ x_ij ≤ 1 with
//! `Σ_i w_i x_ij ≤ cap_j` (a continuous knapsack, filled by best ratio), and
//! the relaxation opens the existing sites plus the candidates of negative
//! worth (at most the limit). The budget is left out of the relaxation,
//! which keeps the bound valid.

use std::time::Instant;

use super::capacitated::{
    capacitated_assignment, capacitated_descent, dense_descent, dense_fits, greedy_fill,
    hold_demand, pad_to, Columns, Limits,
};
use super::instance::{unserved_penalty, Instance};
use super::swap::{Move, SwapState};
use super::transport::transport;
use super::{make_plan, no_plan, Call};
use crate::error::{Error, Result};
use crate::evaluate::evaluate;
use crate::models::ModelKind;
use crate::plan::{Assignment, Plan, SolveStats};
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// The cost per unit of weight of an unserved demand point in the
/// fixed-charge objective: [`unserved_penalty`] plus the largest fixed cost
/// of an openable site divided by the smallest positive weight. It is high
/// enough that opening a site to serve a point always beats leaving the
/// point unserved, so a point is unserved only when no open site reaches it
/// or capacity runs out. The objective of a plan is
/// `Σ fixed costs of open sites + Σ share × weight × cost + penalty × unserved weight`,
/// where the unserved weight leaves out points no existing or candidate
/// site reaches (unserved in every plan).
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, Problem, Reach, Site};
/// use siteplan::solve::heuristic::fixed_charge_penalty;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 2.0))
///     .site(Site::new("s", 0.0, 0.0).with_fixed_cost(10.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 3.0)]], Reach::all());
/// assert_eq!(fixed_charge_penalty(&p, &m), 3.0 + 10.0 / 2.0);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn fixed_charge_penalty(problem: &Problem, costs: &CostMatrix) -> f64 {
    let fmax = problem
        .sites()
        .iter()
        .filter(|s| s.can_open())
        .map(|s| s.fixed_cost)
        .fold(0.0, f64::max);
    let wmin = problem
        .demand()
        .iter()
        .map(|d| d.weight)
        .filter(|&w| w > 0.0)
        .fold(f64::INFINITY, f64::min);
    let wmin = if wmin.is_finite() { wmin } else { 1.0 };
    unserved_penalty(costs) + fmax / wmin
}

/// The search and its bound; `warm` starts the bound's multipliers (one
/// per demand point, e.g. the uncapacitated p-median's: with capacities
/// the relaxation at the same multipliers can only be higher).
pub(crate) fn solve(c: &Call, warm: Option<&[f64]>) -> Result<Plan> {
    let (problem, costs, spec, params, opts) = (c.problem, c.costs, c.spec, c.params, c.opts);
    let (start, deadline) = (c.start, c.deadline);
    let median = match spec.kind {
        ModelKind::PMedian => Some(spec.new_sites.ok_or_else(|| {
            Error::Usage("p-median needs the number of new sites (new_sites)".into())
        })?),
        _ => None,
    };
    let fp = fixed_charge_penalty(problem, costs);
    let inst = instance(problem, costs, median.is_some(), fp);
    let limits = Limits {
        max_new: spec.new_sites.unwrap_or(usize::MAX),
        budget: match median {
            Some(_) => f64::INFINITY,
            None => spec.budget.unwrap_or(f64::INFINITY),
        },
    };
    // The MIP route's checks, with its verdicts and reasons: nothing
    // reachable, capacity below the reachable demand.
    let roles = crate::models::common::Roles::of(problem);
    let n_new = match median {
        Some(p) => {
            super::pmedian::check_p(&inst, p)?;
            p
        }
        None => limits.max_new.min(roles.candidates.len()),
    };
    crate::models::common::served_points(problem, costs, spec, &roles, n_new)?;
    if limits.budget.is_nan() || limits.budget < 0.0 {
        return Err(Error::Usage(format!(
            "budget {} must be a number ≥ 0",
            limits.budget
        )));
    }
    let capacitated = crate::solve::uses_capacities(problem, spec);
    // The final assignment may run a little past the search's deadline
    // (within the 5 % a time limit allows), never further.
    let hard = deadline + (deadline - start) / 25;
    // The search leaves a quarter of the time to the bound: a plan without
    // a proven gap is half an answer (capb at 5000: bound 4.6 M on a 14.0 M
    // plan when the search took all 108 s).
    let search_deadline = start + (deadline - start).mul_f64(0.75);
    let cap: Vec<f64> = problem
        .sites()
        .iter()
        .map(|s| match (capacitated, s.capacity) {
            (true, Some(c)) => c,
            _ => f64::INFINITY,
        })
        .collect();

    let hint = limits.max_new.clamp(1, 64);
    let mut st = SwapState::new(&inst, inst.fixed_open.clone(), hint);
    uncapacitated_descent(&mut st, &inst, &limits, search_deadline);
    let mut open = st.open.clone();
    let mut iterations = st.moves;
    drop(st);
    // Few open sites per point: price plans on a dense block of costs
    // from the whole source (rows cut to the k nearest never bind).
    let max_open = inst.fixed_open.iter().filter(|&&o| o).count()
        + median.unwrap_or(limits.max_new.min(inst.candidates().len()));
    let dense = capacitated && !spec.single_source && dense_fits(inst.n_demand(), max_open);
    if capacitated && !dense && crate::solve::may_widen(problem, spec, costs) {
        // Capacity that sends points beyond their rows cut to the k nearest
        // needs wider rows before any search: say so at once, the caller
        // widens them.
        let flows = transport(&inst, &open, &cap, hard);
        if (0..inst.n_demand()).any(|d| flows.unserved[d] > 0.0 && costs.floor(d).is_some()) {
            let mut plan = no_plan(
                problem,
                spec.kind,
                &open,
                "heuristic",
                params,
                SolveStats::default(),
            );
            plan.stats.rows_bind = true;
            return Ok(plan);
        }
    }
    if capacitated {
        if let Some(p) = median {
            pad_to(&inst, &mut open, &cap, p);
            hold_demand(&inst, &mut open, &cap);
        }
    }
    let mut priced = None;
    let mut cols = Columns::new(problem, costs, None, vec![fp; inst.n_demand()]);
    if dense {
        let (o, p, it) = dense_descent(
            &inst,
            &mut cols,
            open,
            &cap,
            &limits,
            median.is_some(),
            search_deadline,
        );
        (open, priced) = (o, p);
        iterations += it;
    } else if capacitated {
        let (o, it) = capacitated_descent(&inst, open, &cap, &limits, search_deadline);
        open = o;
        iterations += it;
    }
    if let Some(p) = median {
        pad_to(&inst, &mut open, &cap, p);
    }
    let fixed: f64 = (0..inst.n_sites)
        .filter(|&s| open[s])
        .map(|s| inst.fixed_cost[s])
        .sum();
    let mut beyond_cut = 0;
    let (objective, assignment) = if let Some(p) = &priced {
        (p.cost, p.assignment(&inst, &mut cols))
    } else if capacitated {
        capacitated_assignment(problem, &inst, &open, &cap, spec.single_source, fixed, hard)
    } else {
        let e = evaluate(problem, costs, &open, None);
        beyond_cut = e.beyond_cut;
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
        let unserved: f64 = (0..inst.n_demand())
            .filter(|&d| e.assignment[d].is_none())
            .map(|d| inst.penalty[d] * inst.weight[d])
            .sum();
        (fixed + e.total_cost + unserved, assignment)
    };
    // Every point a site can reach must be served: a plan that leaves one
    // unserved (a budget, a limit on new sites or capacities the search
    // could not meet) is no plan of this model; the exact route decides.
    let served_all = |assignment: &[Assignment]| -> Vec<usize> {
        let mut share = vec![0.0; inst.n_demand()];
        for a in assignment {
            share[a.demand] += a.share;
        }
        (0..inst.n_demand())
            .filter(|&d| !inst.unreachable(costs, d) && share[d] < 1.0 - 1e-9)
            .collect()
    };
    let mut left = served_all(&assignment);
    let (mut objective, mut assignment) = (objective, assignment);
    if capacitated && !left.is_empty() {
        // The transportation problem ran out of time or rows: fill the open
        // sites greedily on the whole cost source instead (a feasible
        // assignment, if not the cheapest, for the same open sites).
        let (o, a) = greedy_fill(problem, costs, &inst, &open, &cap, spec.single_source);
        if served_all(&a).is_empty() {
            (objective, assignment, left) = (fixed + o, a, Vec::new());
        }
    }
    // Capacity sent some point beyond its row cut to the k nearest: wider
    // rows may serve it (the caller widens them when it can).
    let beyond_cut = beyond_cut + left.iter().filter(|&&d| costs.floor(d).is_some()).count();
    let can_widen = beyond_cut > 0
        && crate::solve::may_widen(problem, spec, costs)
        && !crate::stop::past(deadline);
    if !left.is_empty() && !can_widen {
        if costs.n_pairs() > crate::solve::GO_ON_MAX_PAIRS {
            // Too large for the MIP route to settle in the time: say so.
            return Ok(no_plan(
                problem,
                spec.kind,
                &open,
                "heuristic: no plan found that serves every reachable point; \
                 the MIP route is too large to decide",
                params,
                SolveStats::default(),
            ));
        }
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        return crate::solve::exact::solve(
            problem,
            costs,
            spec,
            &params.clone().with_time_limit(left.max(1e-3)),
        );
    }
    let wide = capacitated
        .then(|| wide_instance(problem, costs, median.is_some(), fp))
        .flatten();
    let (bound, it) = lagrangian_bound(
        wide.as_ref().unwrap_or(&inst),
        capacitated.then_some(&cap[..]),
        &limits,
        (objective, params.gap),
        warm,
        (opts.max_subgradient, deadline),
    );
    iterations += it;
    let (objective, bound) = (objective - inst.report_offset, bound - inst.report_offset);
    let stats = SolveStats {
        seconds: start.elapsed().as_secs_f64(),
        iterations,
        rows_bind: beyond_cut > 0,
        ..SolveStats::default()
    };
    let method = if spec.single_source && capacitated {
        "heuristic (single-source assignment by regret)"
    } else {
        "heuristic"
    };
    Ok(make_plan(
        problem,
        spec.kind,
        method,
        &open,
        assignment,
        objective,
        Some(bound.min(objective)),
        params,
        stats,
    ))
}

/// The engine's instance of `costs`: with `median`, no fixed costs (a
/// capacitated p-median is this search with at most p new sites; more open
/// sites never cost more, so the bound of "at most p" holds for "exactly
/// p"). Rows cut to the k nearest keep their floor as the unserved cost
/// (the least cost a site beyond the cut can have); the others get the
/// fixed-charge penalty `fp`. Points no site can reach are unserved in
/// every plan: the search charges them like any unserved point, the
/// reported objective and bound leave that constant out (as the MIP route
/// does).
fn instance(problem: &Problem, costs: &CostMatrix, median: bool, fp: f64) -> Instance {
    let mut inst = Instance::new(problem, costs, None);
    if median {
        inst.fixed_cost.iter_mut().for_each(|f| *f = 0.0);
    }
    for d in 0..inst.n_demand() {
        if costs.floor(d).is_none() {
            inst.penalty[d] = fp;
        }
    }
    inst.report_offset = (0..inst.n_demand())
        .filter(|&d| inst.unreachable(costs, d))
        .map(|d| inst.penalty[d] * inst.weight[d])
        .sum();
    inst
}

/// Most kept pairs of the wider rows the capacitated bound runs on.
const WIDE_BOUND_MAX_PAIRS: usize = 2_000_000;

/// The instance of wider rows (every site, or as many per point as
/// [`WIDE_BOUND_MAX_PAIRS`] allows) for the capacitated bound, `None` when
/// the rows cannot grow. In the relaxation a point whose row is cut may be
/// served beyond it at its floor without using any site's capacity; wider
/// rows raise the floors and close that leak (spopt S1, p = 10: bound
/// 57.9 M on the 50 nearest, 60.7 M on all 200, the LP bound being 60.74 M).
/// Each subgradient step costs a pass over the kept pairs, so the rows stop
/// growing at 2 M pairs (S2, p = 25, 60 s: 294 M on all 2.5 M pairs in 406
/// steps, 301 M on 1 M pairs in 740).
fn wide_instance(problem: &Problem, costs: &CostMatrix, median: bool, fp: f64) -> Option<Instance> {
    let n = costs.n_demand().max(1);
    let k = (WIDE_BOUND_MAX_PAIRS / n).min(costs.n_sites());
    let wide = costs.widened_to(problem, k)?.ok()?;
    Some(instance(problem, &wide, median, fp))
}

/// Best allowed add/drop/swap by exact profit from the swap tables.
fn best_move(st: &SwapState, inst: &Instance, limits: &Limits, eps: f64) -> Option<Move> {
    let removable = st.removable();
    let new_fixed: f64 = removable.iter().map(|&g| inst.fixed_cost[g as usize]).sum();
    let can_add = removable.len() < limits.max_new;
    let mut best = None;
    let mut best_profit = eps;
    for &g in removable {
        let g = g as usize;
        let profit = inst.fixed_cost[g] - st.loss_of(g);
        if profit > best_profit {
            best_profit = profit;
            best = Some(Move::Drop(g as u32));
        }
    }
    let max_out = removable
        .iter()
        .map(|&g| inst.fixed_cost[g as usize])
        .fold(0.0, f64::max);
    for f in 0..inst.n_sites {
        if st.open[f] || !inst.candidate[f] {
            continue;
        }
        let inn = st.gain_of(f) - inst.fixed_cost[f];
        if can_add && inn > best_profit && new_fixed + inst.fixed_cost[f] <= limits.budget {
            best_profit = inn;
            best = Some(Move::Add(f as u32));
        }
        if inn + max_out <= best_profit {
            continue;
        }
        if let Some(row) = st.extra_row(f) {
            for (j, &e) in row.iter().enumerate() {
                let g = removable[j] as usize;
                let profit = inn + inst.fixed_cost[g] - st.loss_of(g) + e;
                if profit > best_profit
                    && new_fixed + inst.fixed_cost[f] - inst.fixed_cost[g] <= limits.budget
                {
                    best_profit = profit;
                    best = Some(Move::Swap(f as u32, g as u32));
                }
            }
        }
    }
    best
}

fn uncapacitated_descent(st: &mut SwapState, inst: &Instance, limits: &Limits, deadline: Instant) {
    let mut since_rebuild = 0;
    loop {
        if crate::stop::past(deadline) {
            break;
        }
        let before = st.cost + st.fixed_total();
        let eps = 1e-9 * before.abs().max(1.0);
        let Some(mv) = best_move(st, inst, limits, eps) else {
            break;
        };
        st.apply(mv);
        since_rebuild += 1;
        if since_rebuild >= 256 {
            st.rebuild();
            since_rebuild = 0;
        }
        if st.cost + st.fixed_total() > before - eps {
            let back = match mv {
                Move::Add(f) => Move::Drop(f),
                Move::Drop(g) => Move::Add(g),
                Move::Swap(f, g) => Move::Swap(g, f),
            };
            st.apply(back);
            break;
        }
    }
}

/// Lagrangian lower bound with subgradient optimisation: stops once it
/// is within `gap` of the plan's cost `ub`, after `max_iter` steps or at
/// `deadline`.
fn lagrangian_bound(
    inst: &Instance,
    cap: Option<&[f64]>,
    limits: &Limits,
    (ub, gap): (f64, f64),
    warm: Option<&[f64]>,
    (max_iter, deadline): (usize, Instant),
) -> (f64, u64) {
    let nd = inst.n_demand();
    let mut lambda: Vec<f64> = (0..nd)
        .map(|d| {
            if let Some(l) = warm.map(|w| w[d]).filter(|l| l.is_finite()) {
                return l.max(0.0);
            }
            let (_, c) = inst.row(d);
            let pick = c.get(1).or(c.first()).copied().unwrap_or(inst.penalty[d]);
            inst.weight[d] * pick.min(inst.penalty[d])
        })
        .collect();
    let mut best = f64::NEG_INFINITY;
    let mut pi = 2.0;
    let mut stall = 0;
    let mut iters = 0;
    let mut served = vec![0.0; nd];
    // Step scale of each multiplier: √w_i. λ_i ranges over w_i times a
    // distance, so one unscaled step size cannot suit light and heavy points
    // together; full weight scaling (as in lagrangian.rs) over-steers here,
    // where fixed costs decide which sites open (measured on generated
    // markets: see docs/ALGORITHMS.md).
    let sc: Vec<f64> = inst
        .weight
        .iter()
        .map(|&w| if w > 0.0 { w.sqrt() } else { 1.0 })
        .collect();
    let mut items: Vec<(f64, u32, f64)> = Vec::new();
    let mut worth = vec![0.0; inst.n_sites];
    for _ in 0..max_iter {
        iters += 1;
        let mut l = 0.0;
        served.iter_mut().for_each(|v| *v = 0.0);
        for d in 0..nd {
            l += lambda[d];
            let v = inst.weight[d] * inst.penalty[d] - lambda[d];
            if v < 0.0 {
                l += v;
                served[d] += 1.0;
            }
        }
        // Worth of each openable site.
        for s in 0..inst.n_sites {
            worth[s] = f64::INFINITY;
            if !(inst.fixed_open[s] || inst.candidate[s]) {
                continue;
            }
            worth[s] = inst.fixed_cost[s] + knapsack(inst, s, &lambda, cap, &mut items, None);
        }
        let mut chosen: Vec<usize> = (0..inst.n_sites)
            .filter(|&s| inst.candidate[s] && worth[s] < 0.0)
            .collect();
        if chosen.len() > limits.max_new {
            chosen.sort_by(|&a, &b| worth[a].total_cmp(&worth[b]).then(a.cmp(&b)));
            chosen.truncate(limits.max_new);
        }
        chosen.extend((0..inst.n_sites).filter(|&s| inst.fixed_open[s]));
        for &s in &chosen {
            l += worth[s];
            knapsack(inst, s, &lambda, cap, &mut items, Some(&mut served));
        }
        if l > best + 1e-12 * l.abs().max(1.0) {
            best = l;
            stall = 0;
        } else {
            stall += 1;
            if stall >= 30 {
                pi *= 0.5;
                stall = 0;
            }
        }
        let reported = (ub - inst.report_offset).abs();
        if best >= ub - gap * reported || pi < 1e-4 || crate::stop::past(deadline) {
            break;
        }
        // Variable-metric step: λ += t S g, t = π (UB − L) / Σ s g².
        let mut norm = 0.0;
        for d in 0..nd {
            let w = inst.weight[d];
            if w > 0.0 {
                let g = 1.0 - served[d];
                norm += sc[d] * g * g;
            }
        }
        if norm < 1e-18 {
            break;
        }
        let t = pi * (ub - l).max(1e-9 * ub.abs().max(1.0)) / norm;
        for d in 0..nd {
            let w = inst.weight[d];
            if w > 0.0 {
                lambda[d] = (lambda[d] + t * sc[d] * (1.0 - served[d])).max(0.0);
            }
        }
    }
    (best, iters)
}

/// min Σ_i (w_i c_is − λ_i) x_i over 0 ≤ x ≤ 1, Σ w_i x_i ≤ cap_s; adds the
/// chosen x to `served` when given.
fn knapsack(
    inst: &Instance,
    s: usize,
    lambda: &[f64],
    cap: Option<&[f64]>,
    items: &mut Vec<(f64, u32, f64)>,
    served: Option<&mut Vec<f64>>,
) -> f64 {
    items.clear();
    let (dem, cost) = inst.col(s);
    let mut need = 0.0;
    for (&d, &c) in dem.iter().zip(cost) {
        let w = inst.weight[d as usize];
        let v = w * c - lambda[d as usize];
        if v < 0.0 {
            items.push((v, d, w));
            need += w;
        }
    }
    let capacity = cap.map_or(f64::INFINITY, |c| c[s]);
    let mut total = 0.0;
    if need <= capacity {
        let mut served = served;
        for &(v, d, _) in items.iter() {
            total += v;
            if let Some(sv) = served.as_deref_mut() {
                sv[d as usize] += 1.0;
            }
        }
        return total;
    }
    // Best value per unit of weight first; zero-weight items are free.
    items.sort_by(|a, b| {
        let ra = if a.2 > 0.0 {
            a.0 / a.2
        } else {
            f64::NEG_INFINITY
        };
        let rb = if b.2 > 0.0 {
            b.0 / b.2
        } else {
            f64::NEG_INFINITY
        };
        ra.total_cmp(&rb).then(a.1.cmp(&b.1))
    });
    let mut left = capacity;
    let mut served = served;
    for &(v, d, w) in items.iter() {
        if left <= 0.0 && w > 0.0 {
            break;
        }
        let x = if w <= left { 1.0 } else { left / w };
        left -= x * w;
        total += x * v;
        if let Some(sv) = served.as_deref_mut() {
            sv[d as usize] += x;
        }
    }
    total
}
