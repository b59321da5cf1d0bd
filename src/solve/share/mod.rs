//! Solving the share models (`market-share`, `target-share`; formulation
//! in [`crate::models::market_share`]).
//!
//! | step | what it does |
//! |---|---|
//! | `greedy` | lazy greedy (gain, and gain per unit of fixed cost under a budget), swap improvement, the submodular bound along the greedy sequence |
//! | `relax` | the concave continuous relaxation, bounded by Frank–Wolfe outer-approximation cuts |
//! | `bnb` | branch-and-bound on that bound until the gap target or the time limit |
//!
//! `Method::Heuristic` stops after the swaps and reports the least of the
//! two bounds (the relaxation at the root only); `Method::Exact` and
//! `Method::Auto` then branch, using the time given until the gap target
//! is proven or the time limit passes. target-share searches the number
//! of new sites: greedy gives a count that reaches the target, the bounds
//! rule smaller counts out, and the exact route asks the branch-and-bound,
//! count by count from the least not ruled out, whether a plan reaches the
//! target.

// Items, points and their weights are parallel arrays indexed together.
#![allow(clippy::needless_range_loop)]

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::models::market_share::{ChoiceSets, ShareParams, ShareReport};
use crate::models::{ModelKind, ModelSpec};
use crate::plan::{relative_gap, Assignment, Plan, SolveStats};
use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;

use super::{Method, SolveParams};

pub(crate) mod bnb;
pub(crate) mod greedy;
pub(crate) mod instance;
pub(crate) mod relax;

use instance::Instance;

/// Solves a share model (`market-share` or `target-share`) on the choice
/// sets read from `costs` ([`ChoiceSets::build`]: rows cut to the k
/// nearest are widened to whole rows first).
///
/// The plan's assignment lists, for every demand point, each of our open
/// stores in its choice set with the probability that a customer there
/// chooses it (`share`), so a site's served weight is what it captures.
///
/// # Examples
///
/// Two towns; a competitor sits in the larger one. One new store goes to
/// the smaller town, where it has no rival: it would win a third of the
/// larger town (100 / 3) but half of the smaller one (80 / 2):
///
/// ```
/// use siteplan::prelude::*;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("big", 0.0, 0.0, 100.0))
///     .demand(DemandPoint::new("small", 0.0, 1.0, 80.0))
///     .site(Site::new("rival", 0.0, 0.0).with_status(SiteStatus::Competitor))
///     .site(Site::new("in-big", 0.0, 0.0))
///     .site(Site::new("in-small", 0.0, 1.0))
///     .build()?;
/// let costs = Haversine.cost_matrix(&p, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::MarketShare).with_new_sites(1);
/// let plan = solve(&p, &costs, &spec, &SolveParams::default())?;
/// assert_eq!(p.sites()[plan.new[0]].id, "in-small");
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert!(plan.bound.unwrap() >= plan.objective);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    let start = Instant::now();
    if !spec.kind.is_share() {
        return Err(Error::Usage(format!(
            "{} is not a share model (market-share, target-share)",
            spec.kind
        )));
    }
    super::check_time_limit(params)?;
    let sets = ChoiceSets::build(problem, costs, spec.cutoff, &spec.share)?;
    let limits = Limits {
        method: params.method,
        time_limit: params.time_limit - start.elapsed().as_secs_f64(),
        gap: params.gap,
    };
    let solved = match spec.kind {
        ModelKind::TargetShare => {
            let target = spec.share.target_share.ok_or_else(|| {
                Error::Usage("target-share needs --target-share (e.g. 0.25 for 25 %)".into())
            })?;
            target_share(problem, &sets, &spec.share, target, limits)?
        }
        _ => market_share(
            problem,
            &sets,
            &spec.share,
            spec.new_sites,
            spec.budget,
            limits,
        )?,
    };
    let n_items = problem.sites().iter().filter(|s| s.can_open()).count();
    let mut plan = Plan {
        model: spec.kind,
        timeline: None,
        method: solved.method.to_string(),
        status: crate::plan::PlanStatus::Feasible,
        assignment: assignment(problem, &sets, &solved.open),
        open: solved.open,
        new: solved.new,
        objective: solved.objective,
        bound: None,
        gap: None,
        stats: SolveStats {
            seconds: start.elapsed().as_secs_f64(),
            nodes: solved.nodes,
            iterations: solved.moves,
            variables: n_items,
            constraints: 0,
            rows_bind: false,
        },
    };
    plan.tighten(solved.bound, params.gap);
    Ok(plan)
}

/// Each point's choice probabilities among our open stores.
fn assignment(problem: &Problem, sets: &ChoiceSets, open: &[usize]) -> Vec<Assignment> {
    let flags = crate::evaluate::open_flags(problem.sites().len(), open);
    let mut out = Vec::new();
    for d in 0..sets.n_demand() {
        let total = sets.ours(d, &flags) + sets.competitors(d) + sets.outside(d);
        if total <= 0.0 {
            continue;
        }
        let (ss, vs, cs) = sets.stores(d);
        let mut row: Vec<Assignment> = ss
            .iter()
            .zip(vs.iter().zip(cs))
            .filter(|(&s, _)| flags[s as usize])
            .map(|(&s, (&v, &c))| Assignment {
                demand: d,
                site: s as usize,
                share: v / total,
                cost: c,
            })
            .collect();
        row.sort_by_key(|a| a.site);
        out.extend(row);
    }
    out
}

/// The market shares of a share model's `plan` (per site, per point, in
/// total), on the same choice sets as [`solve`].
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::solve::share::report;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 10.0))
///     .site(Site::new("old", 0.0, 0.0).with_status(SiteStatus::Existing))
///     .site(Site::new("new", 0.0, 0.0))
///     .build()?;
/// let costs = Haversine.cost_matrix(&p, Reach::all())?;
/// let spec = ModelSpec::new(ModelKind::MarketShare).with_new_sites(1);
/// let plan = solve(&p, &costs, &spec, &SolveParams::default())?;
/// let r = report(&p, &costs, &spec, &plan)?;
/// assert!(r.share_after() > r.share_before());
/// assert!((r.captured_after - plan.objective).abs() < 1e-9);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn report(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    plan: &Plan,
) -> Result<ShareReport> {
    let sets = ChoiceSets::build(problem, costs, spec.cutoff, &spec.share)?;
    let flags = plan.open_flags(problem.sites().len());
    Ok(ShareReport::new(problem, &sets, &flags, &plan.new))
}

/// What a share solve found.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareSolved {
    /// Our open stores (site indices, ascending).
    pub open: Vec<usize>,
    /// The new ones among them.
    pub new: Vec<usize>,
    /// The objective (captured demand, profit, or the number of new sites).
    pub objective: f64,
    /// A proven bound on the optimum (upper when maximising, lower for
    /// target-share's count).
    pub bound: f64,
    /// Relative gap between the two.
    pub gap: f64,
    /// Branches bounded.
    pub nodes: u64,
    /// Improving swaps made.
    pub moves: u64,
    /// Which route ran.
    pub method: &'static str,
}

/// The limits of one share solve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub method: Method,
    pub time_limit: f64,
    pub gap: f64,
}

fn to_sites(problem: &Problem, inst: &Instance, items: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut open: Vec<usize> = items.iter().map(|&j| inst.items[j]).collect();
    // Existing stores that are not items stay open.
    let is_item: std::collections::HashSet<usize> = inst.items.iter().copied().collect();
    open.extend(
        problem
            .sites()
            .iter()
            .enumerate()
            .filter(|(s, site)| site.status == SiteStatus::Existing && !is_item.contains(s))
            .map(|(s, _)| s),
    );
    open.sort_unstable();
    let new = open
        .iter()
        .copied()
        .filter(|&s| problem.sites()[s].status == SiteStatus::Candidate)
        .collect();
    (open, new)
}

/// Greedy (both orders under a budget), then swaps: the better plan.
fn heuristic(inst: &Instance, start: &[usize], deadline: Instant) -> (Vec<usize>, Vec<usize>, u64) {
    let g = greedy::lazy_greedy(inst, start, false, None, Some(deadline));
    let mut seq = g.sequence;
    if inst.budget.is_some() {
        let r = greedy::lazy_greedy(inst, start, true, None, Some(deadline));
        if inst.value(&r.sequence) > inst.value(&seq) {
            seq = r.sequence;
        }
    }
    let (plan, moves) = greedy::improve(inst, &seq, deadline);
    (seq, plan, moves)
}

/// market-share: the plan of most captured demand (or profit) within the
/// count and budget.
pub(crate) fn market_share(
    problem: &Problem,
    sets: &ChoiceSets,
    params: &ShareParams,
    max_new: Option<usize>,
    budget: Option<f64>,
    limits: Limits,
) -> Result<ShareSolved> {
    let start_time = Instant::now();
    let deadline = start_time + Duration::from_secs_f64(limits.time_limit.max(0.0));
    if params.margin.is_none() && max_new.is_none() && budget.is_none() {
        return Err(Error::Usage(
            "market-share needs --new-sites N or --budget B (or --margin M to maximise profit)"
                .into(),
        ));
    }
    let inst = Instance::new(problem, sets, params, max_new, budget);
    let start: Vec<usize> = (0..inst.n_items()).filter(|&j| !inst.is_new[j]).collect();
    // Swaps get at most half the time on the exact route.
    let swap_deadline = match limits.method {
        Method::Heuristic => deadline,
        _ => start_time + Duration::from_secs_f64(0.5 * limits.time_limit.max(0.0)),
    };
    let (seq, plan, moves) = heuristic(&inst, &start, swap_deadline);
    let sub = greedy::sequence_bound(&inst, &seq, &plan, deadline);
    let branch = limits.method != Method::Heuristic;
    let found = bnb::search(&inst, plan, limits.gap, None, branch, deadline);
    let mut bound = sub.min(found.bound).max(found.value);
    // Branches are closed within 1e-9 (relative) of the plan: rounding,
    // not a gap.
    if bound <= found.value + 1e-9 * found.value.abs().max(1.0) {
        bound = found.value;
    }
    let best = if params.margin.is_none() {
        pad(&inst, found.best)
    } else {
        found.best
    };
    let (open, new) = to_sites(problem, &inst, &best);
    Ok(ShareSolved {
        open,
        new,
        objective: found.value,
        bound,
        gap: relative_gap(found.value, bound),
        nodes: found.nodes,
        moves,
        method: if branch {
            "branch-and-bound (outer approximation)"
        } else {
            "heuristic (lazy greedy + swap)"
        },
    })
}

/// Without a margin, opens further candidates (largest gain first, none
/// can lose demand) up to the count while they fit: `--new-sites N` opens
/// N when there are N candidates, as in the other models.
fn pad(inst: &Instance, mut set: Vec<usize>) -> Vec<usize> {
    let Some(p) = inst.max_new else {
        return set;
    };
    let mut y = inst.indicator(&set);
    let mut u = inst.weights(&y);
    while set.iter().filter(|&&j| inst.is_new[j]).count() < p {
        let next = (0..inst.n_items())
            .filter(|&j| y[j] == 0.0)
            .filter(|&j| {
                set.push(j);
                let ok = inst.feasible(&set);
                set.pop();
                ok
            })
            .map(|j| (j, inst.gain(j, &u)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((j, _)) = next else { break };
        inst.apply(j, 1.0, &mut u);
        y[j] = 1.0;
        set.push(j);
    }
    set.sort_unstable();
    set
}

/// target-share: the fewest new sites whose plan captures at least
/// `target` of the total demand.
pub(crate) fn target_share(
    problem: &Problem,
    sets: &ChoiceSets,
    params: &ShareParams,
    target: f64,
    limits: Limits,
) -> Result<ShareSolved> {
    let start_time = Instant::now();
    let deadline = start_time + Duration::from_secs_f64(limits.time_limit.max(0.0));
    let capture = ShareParams {
        margin: None,
        allow_closures: false,
        ..*params
    };
    let mut inst = Instance::new(problem, sets, &capture, None, None);
    let total = problem.total_weight();
    let goal = target * total;
    let all: Vec<usize> = (0..inst.n_items()).collect();
    let best_reachable = inst.value(&all);
    if best_reachable < goal * (1.0 - 1e-12) {
        return Err(Error::Infeasible(format!(
            "target share {:.2} % is out of reach: with every candidate open our share is {:.2} %",
            100.0 * target,
            100.0 * best_reachable / total.max(f64::MIN_POSITIVE)
        )));
    }
    let reach = goal * (1.0 - 1e-12);
    // Greedy up to the target (no deadline: the plan must reach it), then
    // fewer sites while greedy and swaps still reach it.
    let g = greedy::lazy_greedy(&inst, &[], false, Some(reach), None);
    let mut plan = g.sequence;
    let mut moves = 0;
    while !plan.is_empty() && !crate::stop::past(deadline) {
        inst.max_new = Some(plan.len() - 1);
        let (_, p, m) = heuristic(&inst, &[], deadline);
        moves += m;
        if inst.value(&p) >= reach {
            plan = p;
        } else {
            break;
        }
    }
    // Counts whose best plan is bounded below the target are ruled out.
    let rules_out = |inst: &mut Instance, p: usize, dl: Instant| -> bool {
        inst.max_new = Some(p);
        let seq = greedy::lazy_greedy(inst, &[], false, None, Some(dl)).sequence;
        if greedy::sequence_bound(inst, &seq, &seq, dl) < reach {
            return true;
        }
        bnb::search(inst, seq, 0.0, Some(reach), false, dl).bound < reach
    };
    let (mut lo, mut hi) = (0usize, plan.len());
    // The least count not ruled out by the root bounds: binary search.
    while lo < hi && !crate::stop::past(deadline) {
        let mid = (lo + hi) / 2;
        if rules_out(&mut inst, mid, deadline) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut nodes = 0;
    let branch = limits.method != Method::Heuristic;
    if crate::stop::past(deadline) {
        lo = lo.min(plan.len());
    }
    // Count by count from the least not ruled out.
    while branch && lo < plan.len() && !crate::stop::past(deadline) {
        inst.max_new = Some(lo);
        let seq = greedy::lazy_greedy(&inst, &[], false, None, Some(deadline)).sequence;
        let found = bnb::search(&inst, seq, 0.0, Some(reach), true, deadline);
        nodes += found.nodes;
        if found.value >= reach {
            plan = found.best;
            break;
        }
        if found.bound < reach {
            lo += 1;
        } else {
            break; // time limit
        }
    }
    let count = plan.len();
    let (mut open, new) = to_sites(problem, &inst, &plan);
    if params.allow_closures {
        open = close_existing(problem, sets, open, reach);
    }
    let (objective, bound) = (count as f64, lo.min(count) as f64);
    Ok(ShareSolved {
        open,
        new,
        objective,
        bound,
        gap: relative_gap(objective, bound),
        nodes,
        moves,
        method: if branch {
            "branch-and-bound (outer approximation)"
        } else {
            "heuristic (lazy greedy + swap)"
        },
    })
}

/// Closes existing stores, dearest first, while the plan still captures
/// `reach`.
fn close_existing(
    problem: &Problem,
    sets: &ChoiceSets,
    open: Vec<usize>,
    reach: f64,
) -> Vec<usize> {
    let sites = problem.sites();
    let mut flags = crate::evaluate::open_flags(sites.len(), &open);
    let mut existing: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&s| sites[s].status == SiteStatus::Existing)
        .collect();
    existing.sort_by(|&a, &b| {
        sites[b]
            .fixed_cost
            .total_cmp(&sites[a].fixed_cost)
            .then(a.cmp(&b))
    });
    for s in existing {
        flags[s] = false;
        if sets.total_captured(problem, &flags) < reach {
            flags[s] = true;
        }
    }
    (0..sites.len()).filter(|&s| flags[s]).collect()
}

#[cfg(test)]
mod tests;
