//! Brute-force oracle: on random tiny instances (≤ 8 candidates and
//! existing sites, ≤ 20 demand points, random statuses, sparse costs with
//! ties, random capacities) every model's optimal objective equals
//! exhaustive enumeration of the open sets, and a request is infeasible
//! exactly when enumeration finds no feasible open set. For capacitated
//! variants the oracle costs each enumerated open set with a plain
//! transportation LP (no integers), so the MIP itself is still checked
//! against enumeration. A fixed proptest seed (128 cases per model) keeps
//! runs reproducible.

use good_lp::{variable, Expression, ProblemVariables, SolverModel};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use siteplan::models::ModelSpec;
use siteplan::solve::heuristic::unserved_penalty;
use siteplan::solve::{solve, Method, SolveParams};
use siteplan::{
    evaluate, CostMatrix, DemandPoint, Error, ModelKind, Plan, PlanStatus, Problem, Reach, Site,
    SiteStatus, TravelCost,
};

/// SplitMix64: a tiny deterministic generator for instances.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

struct Instance {
    problem: Problem,
    costs: CostMatrix,
    /// Full cost table: `cost[d][s]`, `None` when unreachable.
    cost: Vec<Vec<Option<f64>>>,
}

fn instance(seed: u64, max_sites: u64, max_demand: u64, caps: bool) -> Instance {
    let mut rng = Rng(seed);
    let ns = 2 + rng.below(max_sites - 1) as usize;
    let nd = 1 + rng.below(max_demand) as usize;
    let sites: Vec<Site> = (0..ns)
        .map(|s| {
            let status = match rng.below(20) {
                0..=9 => SiteStatus::Candidate,
                10..=13 => SiteStatus::Existing,
                14..=16 => SiteStatus::Excluded,
                _ => SiteStatus::Competitor,
            };
            let mut site = Site::new(format!("s{s}"), 0.0, 0.0)
                .with_status(status)
                .with_fixed_cost(rng.below(40) as f64);
            if caps && rng.chance(60) {
                site = site.with_capacity(5.0 + rng.below(30) as f64);
            }
            site
        })
        .collect();
    let demand: Vec<DemandPoint> = (0..nd)
        .map(|d| DemandPoint::new(format!("d{d}"), 0.0, 0.0, rng.below(11) as f64))
        .collect();
    let cost: Vec<Vec<Option<f64>>> = (0..nd)
        .map(|_| {
            (0..ns)
                .map(|_| rng.chance(75).then(|| rng.below(31) as f64))
                .collect()
        })
        .collect();
    let rows = cost
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter_map(|(s, c)| c.map(|c| (s as u32, c)))
                .collect()
        })
        .collect();
    let problem = Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .unwrap();
    Instance {
        costs: CostMatrix::from_rows(ns, rows, Reach::all()),
        problem,
        cost,
    }
}

fn params() -> SolveParams {
    SolveParams::default()
        .with_method(Method::Exact)
        .with_gap(0.0)
        .with_time_limit(60.0)
}

fn candidates(p: &Problem) -> Vec<usize> {
    p.sites_with_status(SiteStatus::Candidate)
}

/// Every subset of `cands` (as open flags over all sites, with the
/// existing sites open).
fn open_sets(p: &Problem) -> Vec<Vec<bool>> {
    let cands = candidates(p);
    let existing = p.sites_with_status(SiteStatus::Existing);
    (0u32..1 << cands.len())
        .map(|mask| {
            let mut open = vec![false; p.sites().len()];
            for &e in &existing {
                open[e] = true;
            }
            for (i, &j) in cands.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    open[j] = true;
                }
            }
            open
        })
        .collect()
}

fn n_new(p: &Problem, open: &[bool]) -> usize {
    candidates(p).iter().filter(|&&j| open[j]).count()
}

fn openable(p: &Problem, s: usize) -> bool {
    p.sites()[s].can_open()
}

/// Points some openable site reaches (`D`).
fn reachable(inst: &Instance) -> Vec<usize> {
    (0..inst.cost.len())
        .filter(|&d| {
            (0..inst.cost[d].len()).any(|s| openable(&inst.problem, s) && inst.cost[d][s].is_some())
        })
        .collect()
}

/// The uncapacitated p-median cost of `open` on the whole matrix: each of
/// `points` at its nearest open site, or the unserved cost when none is in
/// reach.
fn median_cost(inst: &Instance, points: &[usize], open: &[bool]) -> f64 {
    let p = &inst.problem;
    let penalty = unserved_penalty(&inst.costs);
    points
        .iter()
        .map(|&d| {
            let nearest = (0..p.sites().len())
                .filter(|&s| open[s])
                .filter_map(|s| inst.cost[d][s])
                .fold(f64::INFINITY, f64::min);
            p.demand()[d].weight * nearest.min(penalty)
        })
        .sum()
}

/// Least Σ w c x serving every point of `points` from `open` sites within
/// capacities (splittable), or None when impossible. `max_cost` limits pairs.
fn transport(inst: &Instance, open: &[bool], points: &[usize], caps: bool) -> Option<f64> {
    let p = &inst.problem;
    let mut vars = ProblemVariables::new();
    let mut obj = Expression::default();
    let mut rows: Vec<Expression> = vec![Expression::default(); points.len()];
    let mut load: Vec<Expression> = vec![Expression::default(); open.len()];
    for (i, &d) in points.iter().enumerate() {
        let w = p.demand()[d].weight;
        let mut any = false;
        for (s, c) in inst.cost[d].iter().enumerate() {
            if let (true, Some(c)) = (open[s], c) {
                let x = vars.add(variable().min(0.0).max(1.0));
                obj.add_mul(w * c, x);
                rows[i].add_mul(1.0, x);
                load[s].add_mul(w, x);
                any = true;
            }
        }
        if !any {
            return None;
        }
    }
    let mut model = vars.minimise(obj.clone()).using(good_lp::microlp);
    for r in rows {
        model.add_constraint(r.eq(1.0));
    }
    if caps {
        for (s, l) in load.into_iter().enumerate() {
            if let (true, Some(q)) = (open[s], p.sites()[s].capacity) {
                model.add_constraint(l.leq(q));
            }
        }
    }
    model.solve().ok().map(|sol| obj.eval_with(&sol))
}

/// Most weight covered within `r` by `open` sites, each covering at most
/// its capacity (splittable).
fn capacitated_cover(inst: &Instance, open: &[bool], r: f64) -> f64 {
    let p = &inst.problem;
    let mut vars = ProblemVariables::new();
    let mut obj = Expression::default();
    let mut rows = Vec::new();
    let mut load: Vec<Expression> = vec![Expression::default(); open.len()];
    for d in 0..inst.cost.len() {
        let w = p.demand()[d].weight;
        let mut row = Expression::default();
        for (s, c) in inst.cost[d].iter().enumerate() {
            if let (true, Some(c)) = (open[s], c) {
                if *c <= r {
                    let x = vars.add(variable().min(0.0).max(1.0));
                    obj.add_mul(w, x);
                    row.add_mul(1.0, x);
                    load[s].add_mul(w, x);
                }
            }
        }
        rows.push(row);
    }
    if vars.is_empty() {
        return 0.0;
    }
    let mut model = vars.maximise(obj.clone()).using(good_lp::microlp);
    for r in rows {
        model.add_constraint(r.leq(1.0));
    }
    for (s, l) in load.into_iter().enumerate() {
        if let (true, Some(q)) = (open[s], p.sites()[s].capacity) {
            model.add_constraint(l.leq(q));
        }
    }
    let sol = model.solve().unwrap();
    obj.eval_with(&sol)
}

fn covered(inst: &Instance, open: &[bool], r: f64, d: usize) -> bool {
    (0..open.len()).any(|s| open[s] && inst.cost[d][s].is_some_and(|c| c <= r))
}

/// Compares a solve with the oracle's best value (None = infeasible): the
/// same verdict; a bound on the right side of the optimum and an objective
/// no better than it; `optimal` only at the optimum. Returns the plan when
/// it is optimal, for the model's own checks.
fn check(name: &str, result: Result<Plan, Error>, best: Option<f64>) -> Option<Plan> {
    match (result, best) {
        (Ok(plan), Some(b)) => {
            let tol = 1e-6 * b.abs().max(1.0);
            let max = plan.model == ModelKind::MaxCoverage;
            let (worse, better) = if max { (-1.0, 1.0) } else { (1.0, -1.0) };
            assert!(
                worse * (plan.objective - b) >= -tol,
                "{name}: objective {} beats the optimum {b}: {plan:?}",
                plan.objective
            );
            if let Some(bound) = plan.bound {
                assert!(
                    better * (bound - b) >= -tol,
                    "{name}: bound {bound} on the wrong side of the optimum {b}"
                );
            }
            match plan.status {
                PlanStatus::Optimal => {
                    assert!(
                        (plan.objective - b).abs() <= tol,
                        "{name}: solver {} vs enumeration {b}",
                        plan.objective
                    );
                    Some(plan)
                }
                PlanStatus::Feasible if name.ends_with("Heuristic") => None,
                s => panic!("{name}: status {s}"),
            }
        }
        (Err(Error::Infeasible(_)), None) => None,
        (r, b) => panic!("{name}: solver {r:?} vs enumeration {b:?}"),
    }
}

/// The model solved by every method (the heuristic engine does not take
/// p-center).
fn every_method(
    p: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
) -> Vec<(Method, Result<Plan, Error>)> {
    let mut methods = vec![Method::Auto, Method::Exact];
    if spec.kind != ModelKind::PCenter {
        methods.push(Method::Heuristic);
    }
    methods
        .into_iter()
        .map(|m| (m, solve(p, costs, spec, &params().with_method(m))))
        .collect()
}

fn check_sites(inst: &Instance, plan: &Plan) {
    let p = &inst.problem;
    for e in p.sites_with_status(SiteStatus::Existing) {
        assert!(plan.open.contains(&e), "existing site {e} closed");
    }
    for &s in &plan.open {
        assert!(openable(p, s), "site {s} may not open");
    }
    assert_eq!(plan.new.len(), n_new(p, &plan.open_flags(p.sites().len())));
}

fn p_median(seed: u64, caps: bool) {
    let inst = instance(seed, 9, 20, caps);
    let p = &inst.problem;
    let n_c = candidates(p).len();
    let mut rng = Rng(seed ^ 0xABCD);
    let k = if rng.chance(10) {
        n_c + 1
    } else {
        rng.below(n_c as u64 + 1) as usize
    };
    let points = reachable(&inst);
    // With capacities every reachable point must be served; without, a
    // reachable point with no open site in its row costs the penalty.
    let capacitated =
        caps && (0..p.sites().len()).any(|s| openable(p, s) && p.sites()[s].capacity.is_some());
    let best = if points.is_empty() || k > n_c {
        None
    } else if capacitated {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .filter_map(|o| transport(&inst, o, &points, caps))
            .min_by(f64::total_cmp)
    } else {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .map(|o| median_cost(&inst, &points, o))
            .min_by(f64::total_cmp)
    };
    let mut spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(k);
    spec.capacities = caps;
    let name = format!("p-median seed {seed} caps {caps}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            check_sites(&inst, &plan);
            assert_eq!(plan.new.len(), k);
            if !capacitated {
                let e = evaluate(p, &inst.costs, &plan.open_flags(p.sites().len()), None);
                let left: f64 = points
                    .iter()
                    .filter(|&&d| e.assignment[d].is_none())
                    .map(|&d| p.demand()[d].weight)
                    .sum();
                let expected = e.total_cost + unserved_penalty(&inst.costs) * left;
                assert!(
                    (expected - plan.objective).abs() <= 1e-9 * expected.max(1.0),
                    "{name}"
                );
            }
        }
    }
}

fn max_coverage(seed: u64, caps: bool) {
    let inst = instance(seed, 9, 20, caps);
    let p = &inst.problem;
    let n_c = candidates(p).len();
    let mut rng = Rng(seed ^ 0x1234);
    let k = rng.below(n_c as u64 + 1) as usize;
    let r = 5.0 + rng.below(20) as f64;
    let any_cover = (0..inst.cost.len()).any(|d| {
        (0..p.sites().len()).any(|s| openable(p, s) && inst.cost[d][s].is_some_and(|c| c <= r))
    });
    let best = any_cover.then(|| {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .map(|o| {
                if caps {
                    capacitated_cover(&inst, o, r)
                } else {
                    (0..inst.cost.len())
                        .filter(|&d| covered(&inst, o, r, d))
                        .map(|d| p.demand()[d].weight)
                        .sum()
                }
            })
            .fold(f64::NEG_INFINITY, f64::max)
    });
    let mut spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(k)
        .with_cutoff(r);
    spec.capacities = caps;
    let name = format!("max-coverage seed {seed} caps {caps}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            check_sites(&inst, &plan);
            if !caps {
                let e = evaluate(p, &inst.costs, &plan.open_flags(p.sites().len()), Some(r));
                assert!((e.covered_weight - plan.objective).abs() < 1e-9, "{name}");
            }
        }
    }
}

fn set_cover(seed: u64) {
    let inst = instance(seed, 9, 20, false);
    let p = &inst.problem;
    let mut rng = Rng(seed ^ 0x5678);
    let r = 5.0 + rng.below(26) as f64;
    let pct = rng.chance(50).then(|| 10.0 + rng.below(91) as f64);
    let total = p.total_weight();
    let best = open_sets(p)
        .iter()
        .filter(|o| {
            let n = inst.cost.len();
            match pct {
                None => (0..n).all(|d| covered(&inst, o, r, d)),
                Some(pct) => {
                    let w: f64 = (0..n)
                        .filter(|&d| covered(&inst, o, r, d))
                        .map(|d| p.demand()[d].weight)
                        .sum();
                    w + 1e-9 >= pct / 100.0 * total
                }
            }
        })
        .map(|o| n_new(p, o) as f64)
        .min_by(f64::total_cmp);
    let mut spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(r);
    spec.min_coverage_pct = pct;
    let name = format!("set-cover seed {seed} pct {pct:?}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            check_sites(&inst, &plan);
        }
    }
}

fn fixed_charge(seed: u64, caps: bool) {
    let inst = instance(seed, 9, 20, caps);
    let p = &inst.problem;
    let mut rng = Rng(seed ^ 0x9999);
    let budget = rng.chance(40).then(|| rng.below(80) as f64);
    let cap_new = rng
        .chance(40)
        .then(|| rng.below(candidates(p).len() as u64 + 1) as usize);
    let points = reachable(&inst);
    let best = if points.is_empty() {
        None
    } else {
        open_sets(p)
            .iter()
            .filter(|o| cap_new.is_none_or(|n| n_new(p, o) <= n))
            .filter(|o| {
                let spent: f64 = candidates(p)
                    .iter()
                    .filter(|&&j| o[j])
                    .map(|&j| p.sites()[j].fixed_cost)
                    .sum();
                budget.is_none_or(|b| spent <= b)
            })
            .filter_map(|o| {
                let fixed: f64 = (0..o.len())
                    .filter(|&s| o[s])
                    .map(|s| p.sites()[s].fixed_cost)
                    .sum();
                transport(&inst, o, &points, caps).map(|t| t + fixed)
            })
            .min_by(f64::total_cmp)
    };
    let mut spec = ModelSpec::new(ModelKind::FixedCharge);
    spec.capacities = caps;
    spec.budget = budget;
    spec.new_sites = cap_new;
    let name = format!("fixed-charge seed {seed} caps {caps}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            check_sites(&inst, &plan);
            let mut load = vec![0.0; p.sites().len()];
            for a in &plan.assignment {
                load[a.site] += p.demand()[a.demand].weight * a.share;
            }
            for (s, site) in p.sites().iter().enumerate() {
                if let (true, Some(q)) = (caps, site.capacity) {
                    assert!(
                        load[s] <= q + 1e-6,
                        "{name}: site {s} load {} > {q}",
                        load[s]
                    );
                }
            }
        }
    }
}

/// Single-source fixed-charge on very small instances: enumerate every
/// open set and every assignment of points to open sites.
fn single_source(seed: u64) {
    let inst = instance(seed, 5, 6, true);
    let p = &inst.problem;
    let points = reachable(&inst);
    let mut best: Option<f64> = None;
    for o in open_sets(p) {
        let fixed: f64 = (0..o.len())
            .filter(|&s| o[s])
            .map(|s| p.sites()[s].fixed_cost)
            .sum();
        // Depth-first over the points' choices.
        fn go(
            inst: &Instance,
            o: &[bool],
            points: &[usize],
            i: usize,
            load: &mut Vec<f64>,
            cost: f64,
            best: &mut Option<f64>,
        ) {
            if i == points.len() {
                if best.is_none_or(|b| cost < b) {
                    *best = Some(cost);
                }
                return;
            }
            let d = points[i];
            let w = inst.problem.demand()[d].weight;
            for s in 0..o.len() {
                if let (true, Some(c)) = (o[s], inst.cost[d][s]) {
                    let q = inst.problem.sites()[s].capacity.unwrap_or(f64::INFINITY);
                    if load[s] + w <= q + 1e-9 {
                        load[s] += w;
                        go(inst, o, points, i + 1, load, cost + w * c, best);
                        load[s] -= w;
                    }
                }
            }
        }
        let mut found = None;
        go(
            &inst,
            &o,
            &points,
            0,
            &mut vec![0.0; o.len()],
            0.0,
            &mut found,
        );
        if let Some(c) = found {
            let c = c + fixed;
            if best.is_none_or(|b| c < b) {
                best = Some(c);
            }
        }
    }
    if points.is_empty() {
        best = None;
    }
    let spec = ModelSpec::new(ModelKind::FixedCharge).with_single_source(true);
    let name = format!("single-source seed {seed}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            assert!(plan.assignment.iter().all(|a| a.share == 1.0), "{name}");
        }
    }
}

fn p_center(seed: u64) {
    let inst = instance(seed, 9, 20, false);
    let p = &inst.problem;
    let n_c = candidates(p).len();
    let mut rng = Rng(seed ^ 0x7777);
    let k = rng.below(n_c as u64 + 1) as usize;
    let points = reachable(&inst);
    let best = if points.is_empty() {
        None
    } else {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .filter_map(|o| {
                points.iter().try_fold(0.0f64, |m, &d| {
                    let c = (0..o.len())
                        .filter(|&s| o[s])
                        .filter_map(|s| inst.cost[d][s])
                        .min_by(f64::total_cmp)?;
                    Some(m.max(c))
                })
            })
            .min_by(f64::total_cmp)
    };
    let spec = ModelSpec::new(ModelKind::PCenter).with_new_sites(k);
    let name = format!("p-center seed {seed}");
    for (method, result) in every_method(p, &inst.costs, &spec) {
        let name = format!("{name} {method:?}");
        if let Some(plan) = check(&name, result, best) {
            check_sites(&inst, &plan);
            assert_eq!(plan.new.len(), k);
            let e = evaluate(p, &inst.costs, &plan.open_flags(p.sites().len()), None);
            assert_eq!(e.max_cost, plan.objective, "{name}");
        }
    }
}

/// p-median on an OD table whose rows are cut to the k nearest sites, by
/// every method: the plan is costed on the whole table, its bound never
/// exceeds the optimum of the whole table, and `optimal` means that
/// optimum (the rows grow when the cut holds the plan back).
fn p_median_truncated(seed: u64) {
    let inst = instance(seed, 9, 20, false);
    let p = &inst.problem;
    let n_c = candidates(p).len();
    let mut rng = Rng(seed ^ 0x4242);
    let k = rng.below(n_c as u64 + 1) as usize;
    let points = reachable(&inst);
    let cost_of = |o: &[bool]| median_cost(&inst, &points, o);
    let best = if points.is_empty() {
        None
    } else {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .map(|o| cost_of(o))
            .min_by(f64::total_cmp)
    };
    let knn = 1 + rng.below(3) as usize;
    let od = siteplan::OdMatrix::from_pairs(p, od_pairs(&inst)).unwrap();
    let cut = od.cost_matrix(p, Reach::k_nearest(knn)).unwrap();
    let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(k);
    for method in [Method::Auto, Method::Exact, Method::Heuristic] {
        let name = format!("p-median truncated seed {seed} k {knn} {method:?}");
        match (solve(p, &cut, &spec, &params().with_method(method)), best) {
            (Ok(plan), Some(b)) => {
                let tol = 1e-6 * b.abs().max(1.0);
                let real = cost_of(&plan.open_flags(p.sites().len()));
                assert!(
                    (plan.objective - real).abs() <= tol,
                    "{name}: {} vs {real}",
                    plan.objective
                );
                assert!(
                    plan.objective + tol >= b,
                    "{name}: {} < optimum {b}",
                    plan.objective
                );
                assert!(
                    plan.bound.unwrap() <= b + tol,
                    "{name}: bound above optimum {b}"
                );
                match plan.status {
                    PlanStatus::Optimal => assert!((plan.objective - b).abs() <= tol, "{name}"),
                    PlanStatus::Feasible => {}
                    s => panic!("{name}: status {s}"),
                }
            }
            (Err(Error::Infeasible(_)), None) => {}
            (r, b) => panic!("{name}: {r:?} vs {b:?}"),
        }
    }
}

/// Capacitated p-median on an OD table whose rows are cut to the 1–3
/// nearest sites: the plan, its bound and its verdict hold for the whole
/// table (in the relaxation a point beyond its cut row uses no capacity,
/// so the bound must not be taken on the cut rows alone).
fn capacitated_p_median_truncated(seed: u64) {
    let inst = instance(seed, 9, 20, true);
    let p = &inst.problem;
    let n_c = candidates(p).len();
    let mut rng = Rng(seed ^ 0x5151);
    let k = rng.below(n_c as u64 + 1) as usize;
    let points = reachable(&inst);
    let capacitated =
        (0..p.sites().len()).any(|s| openable(p, s) && p.sites()[s].capacity.is_some());
    let best = if points.is_empty() {
        None
    } else {
        open_sets(p)
            .iter()
            .filter(|o| n_new(p, o) == k)
            .filter_map(|o| match capacitated {
                true => transport(&inst, o, &points, true),
                false => Some(median_cost(&inst, &points, o)),
            })
            .min_by(f64::total_cmp)
    };
    let knn = 1 + rng.below(3) as usize;
    let cut = siteplan::OdMatrix::from_pairs(p, od_pairs(&inst))
        .unwrap()
        .cost_matrix(p, Reach::k_nearest(knn))
        .unwrap();
    let mut spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(k);
    spec.capacities = true;
    let name = format!("capacitated p-median truncated seed {seed} k {knn}");
    for (method, result) in every_method(p, &cut, &spec) {
        if let Some(plan) = check(&format!("{name} {method:?}"), result, best) {
            check_sites(&inst, &plan);
        }
    }
}

/// Every pair of the instance's table, for an OD file.
fn od_pairs(inst: &Instance) -> Vec<(u32, u32, f64)> {
    (0..inst.cost.len())
        .flat_map(|d| {
            inst.cost[d]
                .iter()
                .enumerate()
                .filter_map(move |(s, c)| c.map(|c| (d as u32, s as u32, c)))
        })
        .collect()
}

fn config() -> Config {
    Config {
        cases: 128,
        rng_seed: RngSeed::Fixed(20_260_101),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn p_median_matches_enumeration(seed in any::<u64>()) {
        p_median(seed, false);
    }

    #[test]
    fn capacitated_p_median_matches_enumeration(seed in any::<u64>()) {
        p_median(seed, true);
    }

    #[test]
    fn max_coverage_matches_enumeration(seed in any::<u64>()) {
        max_coverage(seed, false);
    }

    #[test]
    fn capacitated_coverage_matches_enumeration(seed in any::<u64>()) {
        max_coverage(seed, true);
    }

    #[test]
    fn set_cover_matches_enumeration(seed in any::<u64>()) {
        set_cover(seed);
    }

    #[test]
    fn fixed_charge_matches_enumeration(seed in any::<u64>()) {
        fixed_charge(seed, false);
    }

    #[test]
    fn capacitated_fixed_charge_matches_enumeration(seed in any::<u64>()) {
        fixed_charge(seed, true);
    }

    #[test]
    fn single_source_matches_enumeration(seed in any::<u64>()) {
        single_source(seed);
    }

    #[test]
    fn p_center_matches_enumeration(seed in any::<u64>()) {
        p_center(seed);
    }

    #[test]
    fn truncated_p_median_is_never_wrong(seed in any::<u64>()) {
        p_median_truncated(seed);
    }

    #[test]
    fn truncated_capacitated_p_median_is_never_wrong(seed in any::<u64>()) {
        capacitated_p_median_truncated(seed);
    }
}
