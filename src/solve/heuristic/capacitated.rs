//! Capacitated plans: a search over open sets in which each neighbour is
//! priced by the transportation problem, so splittable demand is assigned
//! optimally within the capacities.
//!
//! Two pricers share the search's moves (open, close, swap). With few open
//! sites per demand point ([`dense_fits`]), [`dense_descent`] prices on a
//! dense block of costs from the whole cost source
//! ([`dense_flow`](super::dense_flow)): one Dijkstra over the open sites per
//! point, so a neighbour of a 20,000-point, 50-site plan costs milliseconds,
//! and swaps are tried between each open site and the closed candidates
//! nearest to it (8, doubling whenever a pass finds nothing). Otherwise
//! [`capacitated_descent`] prices on the kept rows with successive
//! shortest paths over the whole graph
//! ([`transport`](super::transport)).

use std::time::Instant;

use super::dense_flow::{self, Column, DenseFlows};
use super::instance::Instance;
use super::transport::transport;
use crate::plan::Assignment;
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Limits on the new sites of a plan.
pub(super) struct Limits {
    /// Most new sites.
    pub max_new: usize,
    /// Most Σ fixed cost of new sites.
    pub budget: f64,
}

/// Opens candidates, largest capacity first (then lowest index), until
/// `p` new sites are open: a capacitated p-median opens exactly p, and an
/// extra open site never costs more.
pub(super) fn pad_to(inst: &Instance, open: &mut [bool], cap: &[f64], p: usize) {
    let new = (0..inst.n_sites)
        .filter(|&s| open[s] && inst.candidate[s])
        .count();
    let mut rest: Vec<usize> = (0..inst.n_sites)
        .filter(|&s| inst.candidate[s] && !open[s])
        .collect();
    rest.sort_by(|&a, &b| cap[b].total_cmp(&cap[a]).then(a.cmp(&b)));
    for s in rest.into_iter().take(p.saturating_sub(new)) {
        open[s] = true;
    }
}

/// Serves each point, heaviest first, from its open sites cheapest first
/// (costs from the whole source, beyond rows cut to the k nearest too),
/// each taking what its capacity has left: whole points with
/// `single_source`, else split. Returns Σ share × weight × cost and the
/// assignment; points it cannot place stay out of it.
pub(super) fn greedy_fill(
    problem: &Problem,
    costs: &CostMatrix,
    inst: &Instance,
    open: &[bool],
    cap: &[f64],
    single_source: bool,
) -> (f64, Vec<Assignment>) {
    let sites: Vec<usize> = (0..inst.n_sites).filter(|&s| open[s]).collect();
    let mut room: Vec<f64> = cap.to_vec();
    let mut order: Vec<usize> = (0..inst.n_demand()).collect();
    order.sort_by(|&a, &b| inst.weight[b].total_cmp(&inst.weight[a]).then(a.cmp(&b)));
    let (mut total, mut assignment) = (0.0, Vec::new());
    for d in order {
        let mut near: Vec<(f64, usize)> = sites
            .iter()
            .filter_map(|&s| costs.source_cost(problem, d, s).map(|c| (c, s)))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let w = inst.weight[d];
        let mut rest = w;
        for (c, s) in near {
            if rest <= 0.0 {
                break;
            }
            let take = if single_source {
                if room[s] + 1e-9 < w {
                    continue;
                }
                w
            } else {
                rest.min(room[s])
            };
            if take <= 0.0 && w > 0.0 {
                continue;
            }
            room[s] -= take;
            rest -= take;
            total += take * c;
            let share = if w > 0.0 { take / w } else { 1.0 };
            assignment.push(Assignment {
                demand: d,
                site: s,
                share,
                cost: c,
            });
            if w <= 0.0 {
                break;
            }
        }
    }
    assignment.sort_by_key(|a| (a.demand, a.site));
    (total, assignment)
}

/// Swaps the open new site of least capacity for the closed candidate of
/// most while the open capacity is below the total demand (a capacitated
/// p-median must hold it all; the descent then starts from a plan that can).
pub(super) fn hold_demand(inst: &Instance, open: &mut [bool], cap: &[f64]) {
    let demand: f64 = inst.weight.iter().sum();
    loop {
        let held: f64 = (0..inst.n_sites).filter(|&s| open[s]).map(|s| cap[s]).sum();
        if held >= demand {
            return;
        }
        let out = (0..inst.n_sites)
            .filter(|&s| open[s] && inst.candidate[s])
            .min_by(|&a, &b| cap[a].total_cmp(&cap[b]).then(a.cmp(&b)));
        let inn = (0..inst.n_sites)
            .filter(|&s| !open[s] && inst.candidate[s])
            .max_by(|&a, &b| cap[a].total_cmp(&cap[b]).then(b.cmp(&a)));
        match (out, inn) {
            (Some(o), Some(i)) if cap[i] > cap[o] => {
                open[o] = false;
                open[i] = true;
            }
            _ => return,
        }
    }
}

fn capacitated_cost(inst: &Instance, open: &[bool], cap: &[f64], deadline: Instant) -> f64 {
    let fixed: f64 = (0..inst.n_sites)
        .filter(|&s| open[s])
        .map(|s| inst.fixed_cost[s])
        .sum();
    fixed + transport(inst, open, cap, deadline).cost
}

pub(super) fn capacitated_descent(
    inst: &Instance,
    mut open: Vec<bool>,
    cap: &[f64],
    limits: &Limits,
    deadline: Instant,
) -> (Vec<bool>, u64) {
    let priced = Instant::now();
    let mut current = capacitated_cost(inst, &open, cap, deadline);
    // Each neighbour costs one transportation problem like this one; stop
    // pricing while two of them still fit, so that the final assignment
    // (one more) ends by the deadline.
    let one = priced.elapsed();
    let deadline = deadline.checked_sub(one * 2).unwrap_or(priced);
    let mut moves = 0;
    'outer: loop {
        let eps = 1e-9 * current.abs().max(1.0);
        let new: Vec<usize> = (0..inst.n_sites)
            .filter(|&s| open[s] && !inst.fixed_open[s])
            .collect();
        let closed: Vec<usize> = (0..inst.n_sites)
            .filter(|&s| !open[s] && inst.candidate[s])
            .collect();
        let new_fixed: f64 = new.iter().map(|&s| inst.fixed_cost[s]).sum();
        let mut best: Option<(f64, Vec<bool>)> = None;
        let consider = |o: Vec<bool>, best: &mut Option<(f64, Vec<bool>)>| {
            let c = capacitated_cost(inst, &o, cap, deadline);
            if c < current - eps && best.as_ref().is_none_or(|b| c < b.0) {
                *best = Some((c, o));
            }
        };
        for &g in &new {
            if crate::stop::past(deadline) {
                break 'outer;
            }
            let mut o = open.clone();
            o[g] = false;
            consider(o, &mut best);
        }
        if new.len() < limits.max_new {
            for &f in &closed {
                if crate::stop::past(deadline) {
                    break 'outer;
                }
                if new_fixed + inst.fixed_cost[f] <= limits.budget {
                    let mut o = open.clone();
                    o[f] = true;
                    consider(o, &mut best);
                }
            }
        }
        if best.is_none() {
            // Swaps: each is priced by a transportation problem, so the
            // first improving one is taken (far fewer solves per move).
            'swaps: for &f in &closed {
                for &g in &new {
                    if crate::stop::past(deadline) {
                        break 'outer;
                    }
                    if new_fixed + inst.fixed_cost[f] - inst.fixed_cost[g] <= limits.budget {
                        let mut o = open.clone();
                        o[f] = true;
                        o[g] = false;
                        consider(o, &mut best);
                        if best.is_some() {
                            break 'swaps;
                        }
                    }
                }
            }
        }
        match best {
            Some((c, o)) if !crate::stop::past(deadline) => {
                current = c;
                open = o;
                moves += 1;
            }
            Some((c, o)) => {
                if c < current {
                    open = o;
                }
                break;
            }
            None => break,
        }
    }
    (open, moves)
}

/// Assignment and objective of capacitated open sites.
pub(super) fn capacitated_assignment(
    problem: &Problem,
    inst: &Instance,
    open: &[bool],
    cap: &[f64],
    single_source: bool,
    fixed: f64,
    deadline: Instant,
) -> (f64, Vec<Assignment>) {
    let nd = inst.n_demand();
    let mut assignment = Vec::new();
    let mut objective = fixed;
    if single_source {
        // Regret order: points whose best and second-best sites differ most go first.
        let mut left = cap.to_vec();
        let mut order: Vec<(f64, usize)> = (0..nd)
            .map(|d| {
                let (s, c) = inst.row(d);
                let mut it = s.iter().zip(c).filter(|(&s, _)| open[s as usize]);
                let a = it.next().map_or(inst.penalty[d], |x| *x.1);
                let b = it.next().map_or(inst.penalty[d], |x| *x.1);
                (inst.weight[d] * (b - a), d)
            })
            .collect();
        order.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut chosen = vec![None; nd];
        for &(_, d) in &order {
            let w = inst.weight[d];
            let (s, c) = inst.row(d);
            if let Some((&s, &c)) = s
                .iter()
                .zip(c)
                .find(|(&s, _)| open[s as usize] && left[s as usize] >= w)
            {
                left[s as usize] -= w;
                chosen[d] = Some((s as usize, c));
            }
        }
        for (d, ch) in chosen.iter().enumerate() {
            match ch {
                Some((site, cost)) => {
                    objective += problem.demand()[d].weight * cost;
                    assignment.push(Assignment {
                        demand: d,
                        site: *site,
                        share: 1.0,
                        cost: *cost,
                    });
                }
                None => objective += inst.penalty[d] * inst.weight[d],
            }
        }
        return (objective, assignment);
    }
    let flows = transport(inst, open, cap, deadline);
    for d in 0..nd {
        let w = inst.weight[d];
        let (ss, cc) = inst.row(d);
        if w <= 0.0 {
            if let Some((&s, &c)) = ss.iter().zip(cc).find(|(&s, _)| open[s as usize]) {
                assignment.push(Assignment {
                    demand: d,
                    site: s as usize,
                    share: 1.0,
                    cost: c,
                });
            }
            continue;
        }
        let mut f = flows.flows[d].clone();
        f.sort_by_key(|x| x.0);
        for (s, amount) in f {
            let k = ss
                .iter()
                .position(|&t| t == s)
                .expect("flow on a kept pair");
            let share = amount / w;
            objective += share * w * cc[k];
            assignment.push(Assignment {
                demand: d,
                site: s as usize,
                share,
                cost: cc[k],
            });
        }
        objective += inst.penalty[d] * flows.unserved[d];
    }
    (objective, assignment)
}

/// Largest dense block (demand points × slots) [`dense_descent`] prices on.
pub(super) const DENSE_MAX_ENTRIES: usize = 40_000_000;

/// True when a plan of at most `max_open` open sites fits a dense block.
pub(crate) fn dense_fits(n_demand: usize, max_open: usize) -> bool {
    n_demand.saturating_mul(max_open.saturating_add(1)) <= DENSE_MAX_ENTRIES
}

/// The dense block's columns, each computed once from the whole cost
/// source: the cost of every demand point to one site, or with `cover`
/// 0 within the cutoff and nothing beyond (capacitated coverage).
pub(super) struct Columns<'a> {
    problem: &'a Problem,
    costs: &'a CostMatrix,
    cover: Option<f64>,
    unserved: Column,
    cache: Vec<Option<Column>>,
    held: usize,
}

impl<'a> Columns<'a> {
    /// Columns of `costs`; `unserved[d]` is the cost per unit of leaving
    /// point `d` unserved.
    pub fn new(
        problem: &'a Problem,
        costs: &'a CostMatrix,
        cover: Option<f64>,
        unserved: Vec<f64>,
    ) -> Self {
        Columns {
            problem,
            costs,
            cover,
            unserved: Column::new(unserved),
            cache: vec![None; costs.n_sites()],
            held: 0,
        }
    }

    fn get(&mut self, s: usize) -> Column {
        if let Some(c) = &self.cache[s] {
            return c.clone();
        }
        let n = self.costs.n_demand();
        let col: Vec<f64> = (0..n)
            .map(
                |d| match (self.costs.source_cost(self.problem, d, s), self.cover) {
                    (Some(c), Some(r)) if c <= r => 0.0,
                    (Some(_), Some(_)) | (None, _) => f64::INFINITY,
                    (Some(c), None) => c,
                },
            )
            .collect();
        let col = Column::new(col);
        if self.held + n > DENSE_MAX_ENTRIES {
            self.cache.iter_mut().for_each(|c| *c = None);
            self.held = 0;
        }
        self.held += n;
        self.cache[s] = Some(col.clone());
        col
    }

    /// The cost of point `d` at site `s` (its column's entry).
    pub fn cost(&mut self, d: usize, s: usize) -> f64 {
        self.get(s)[d]
    }
}

/// An open set priced by the transportation problem.
pub(super) struct Priced {
    /// Fixed costs plus the flows' cost (unserved weight at its penalty).
    pub cost: f64,
    /// The optimal flows; slot `k ≥ 1` is site `sites[k - 1]`.
    pub flows: DenseFlows,
    /// The open sites, in index order.
    pub sites: Vec<usize>,
}

impl Priced {
    /// The assignment of the flows (served shares; unserved weight is in
    /// none), points of weight 0 at their cheapest open site.
    pub fn assignment(&self, inst: &Instance, cols: &mut Columns) -> Vec<Assignment> {
        let mut out = Vec::new();
        for d in 0..inst.n_demand() {
            let w = inst.weight[d];
            if w <= 0.0 {
                let best = self
                    .sites
                    .iter()
                    .map(|&s| (cols.cost(d, s), s))
                    .filter(|x| x.0.is_finite())
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                if let Some((cost, site)) = best {
                    out.push(Assignment {
                        demand: d,
                        site,
                        share: 1.0,
                        cost,
                    });
                }
                continue;
            }
            for &(slot, amount) in &self.flows.flows[d] {
                if slot == 0 {
                    continue;
                }
                let site = self.sites[slot as usize - 1];
                out.push(Assignment {
                    demand: d,
                    site,
                    share: amount / w,
                    cost: cols.cost(d, site),
                });
            }
        }
        out.sort_by_key(|a| (a.demand, a.site));
        out
    }
}

/// Prices `open`: its fixed costs plus the optimal flows. `None` past
/// `deadline`.
pub(super) fn price(
    inst: &Instance,
    cols: &mut Columns,
    open: &[bool],
    cap: &[f64],
    deadline: Instant,
) -> Option<Priced> {
    let sites: Vec<usize> = (0..inst.n_sites).filter(|&s| open[s]).collect();
    let mut slots = vec![cols.unserved.clone()];
    let mut room = vec![f64::INFINITY];
    for &s in &sites {
        slots.push(cols.get(s));
        room.push(cap[s]);
    }
    let flows = dense_flow::transport(&inst.weight, &slots, &room, deadline)?;
    let fixed: f64 = sites.iter().map(|&s| inst.fixed_cost[s]).sum();
    Some(Priced {
        cost: fixed + flows.cost,
        flows,
        sites,
    })
}

/// Local search over open sets priced by [`price`]: closes and opens
/// (unless `exactly_p`, which keeps the number of new sites) and swaps, each
/// swap pairing an open new site with the closed candidates nearest to it,
/// the first improving move taken. Returns the best open set, its pricing
/// (`None` when not even the start could be priced by `deadline`) and the
/// number of moves.
pub(super) fn dense_descent(
    inst: &Instance,
    cols: &mut Columns,
    mut open: Vec<bool>,
    cap: &[f64],
    limits: &Limits,
    exactly_p: bool,
    deadline: Instant,
) -> (Vec<bool>, Option<Priced>, u64) {
    let Some(mut current) = price(inst, cols, &open, cap, deadline) else {
        return (open, None, 0);
    };
    let mut moves = 0;
    let mut near = 8usize;
    let sites = cols.problem.sites();
    let dist = |a: usize, b: usize| {
        crate::spatial::haversine_km(sites[a].lat, sites[a].lon, sites[b].lat, sites[b].lon).0
    };
    'search: loop {
        let mut improved = false;
        let new: Vec<usize> = (0..inst.n_sites)
            .filter(|&s| open[s] && !inst.fixed_open[s])
            .collect();
        let new_fixed: f64 = new.iter().map(|&s| inst.fixed_cost[s]).sum();
        let mut trials: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        if !exactly_p {
            trials.extend(new.iter().map(|&g| (None, Some(g))));
            if new.len() < limits.max_new {
                trials.extend(
                    (0..inst.n_sites)
                        .filter(|&f| !open[f] && inst.candidate[f])
                        .filter(|&f| new_fixed + inst.fixed_cost[f] <= limits.budget)
                        .map(|f| (Some(f), None)),
                );
            }
        }
        let closed: Vec<usize> = (0..inst.n_sites)
            .filter(|&f| !open[f] && inst.candidate[f])
            .collect();
        for &g in &new {
            let mut by: Vec<(f64, usize)> = closed.iter().map(|&f| (dist(g, f), f)).collect();
            by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            trials.extend(
                by.into_iter()
                    .take(near)
                    .map(|(_, f)| f)
                    .filter(|&f| {
                        new_fixed + inst.fixed_cost[f] - inst.fixed_cost[g] <= limits.budget
                    })
                    .map(|f| (Some(f), Some(g))),
            );
        }
        for (inn, out) in trials {
            // A site already moved by an earlier move of this pass.
            if inn.is_some_and(|f| open[f]) || out.is_some_and(|g| !open[g]) {
                continue;
            }
            let mut o = open.clone();
            if let Some(f) = inn {
                o[f] = true;
            }
            if let Some(g) = out {
                o[g] = false;
            }
            let (count, fixed) = (0..inst.n_sites)
                .filter(|&s| o[s] && !inst.fixed_open[s])
                .fold((0, 0.0), |(n, f), s| (n + 1, f + inst.fixed_cost[s]));
            if count > limits.max_new || fixed > limits.budget {
                continue;
            }
            let Some(p) = price(inst, cols, &o, cap, deadline) else {
                break 'search;
            };
            if p.cost < current.cost - 1e-9 * current.cost.abs().max(1.0) {
                (open, current) = (o, p);
                moves += 1;
                improved = true;
            }
        }
        if !improved {
            if near >= closed.len() {
                break;
            }
            near *= 2;
        }
    }
    (open, Some(current), moves)
}

/// Capacitated max-coverage: the uncapacitated search's plan (a fifth of
/// the time) is improved by [`dense_descent`] on coverage columns (0 within
/// the cutoff; each unit of weight left uncovered costs 1); the
/// uncapacitated bound bounds the covered weight, capacities only lower it.
pub(super) fn coverage(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &crate::models::ModelSpec,
    params: &crate::solve::SolveParams,
    opts: &super::HeuristicOptions,
    start: Instant,
    deadline: Instant,
) -> crate::error::Result<crate::plan::Plan> {
    let mut relaxed = spec.clone();
    relaxed.capacities = false;
    let (mut inst, p, cover) = super::pmedian_instance(problem, costs, &relaxed)?;
    let slice = start + (deadline - start) / 5;
    let s = super::in_pool(params.threads, || {
        super::pmedian::search(
            std::borrow::Cow::Borrowed(&inst),
            p,
            params.gap,
            params.seed,
            opts,
            slice,
        )
    })?;
    let upper = problem.total_weight() - s.bound;
    inst.fixed_cost.iter_mut().for_each(|f| *f = 0.0);
    let cap: Vec<f64> = problem
        .sites()
        .iter()
        .map(|s| s.capacity.unwrap_or(f64::INFINITY))
        .collect();
    let limits = Limits {
        max_new: p,
        budget: f64::INFINITY,
    };
    let mut cols = Columns::new(problem, costs, cover, vec![1.0; inst.n_demand()]);
    let (open, priced, moves) =
        dense_descent(&inst, &mut cols, s.open, &cap, &limits, true, deadline);
    let stats = crate::plan::SolveStats {
        seconds: start.elapsed().as_secs_f64(),
        iterations: s.iterations + moves,
        ..Default::default()
    };
    let method = "heuristic (capacitated coverage)";
    let Some(priced) = priced else {
        return Ok(super::no_plan(
            problem, spec.kind, &open, method, params, stats,
        ));
    };
    let mut assignment = priced.assignment(&inst, &mut cols);
    let mut covered = 0.0;
    for a in &mut assignment {
        covered += a.share * inst.weight[a.demand];
        a.cost = costs
            .source_cost(problem, a.demand, a.site)
            .unwrap_or(a.cost);
    }
    Ok(super::make_plan(
        problem,
        spec.kind,
        method,
        &open,
        assignment,
        covered,
        Some(upper.max(covered)),
        params,
        stats,
    ))
}
