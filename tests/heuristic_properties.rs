//! Properties of the heuristic engine against brute force on small random
//! instances (fixed seeds): bound ≤ optimum ≤ objective (reversed for
//! max-coverage), exact search finds the optimum, objectives equal an
//! independent recomputation, existing sites stay open, and the same seed
//! gives the same plan with one or two threads.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use siteplan::models::ModelSpec;
use siteplan::solve::heuristic::{self, fixed_charge_penalty, unserved_penalty, HeuristicOptions};
use siteplan::solve::{Method, SolveParams};
use siteplan::{
    evaluate, CostMatrix, DemandPoint, ModelKind, Plan, PlanStatus, Problem, Reach, Site,
    SiteStatus,
};

/// A random instance: costs on a line-ish plane, kept within `cutoff`.
#[derive(Debug, Clone)]
struct Case {
    demand: Vec<(f64, f64, f64)>,
    sites: Vec<(f64, f64, SiteStatus, f64)>,
    cutoff: f64,
    p: usize,
}

fn case(max_demand: usize, max_sites: usize) -> impl Strategy<Value = Case> {
    (4..=max_demand, 4..=max_sites).prop_flat_map(|(nd, ns)| {
        let demand = prop::collection::vec((0.0..100.0f64, 0.0..100.0f64, 0.0..10.0f64), nd);
        let status = prop_oneof![
            6 => Just(SiteStatus::Candidate),
            1 => Just(SiteStatus::Existing),
            1 => Just(SiteStatus::Excluded),
        ];
        let sites =
            prop::collection::vec((0.0..100.0f64, 0.0..100.0f64, status, 0.0..300.0f64), ns);
        (demand, sites, 30.0..150.0f64, 1..=3usize).prop_map(|(demand, sites, cutoff, p)| Case {
            demand,
            sites,
            cutoff,
            p,
        })
    })
}

fn build(c: &Case) -> (Problem, CostMatrix) {
    let problem = Problem::builder()
        .demands(
            c.demand
                .iter()
                .enumerate()
                .map(|(i, &(_, _, w))| DemandPoint::new(format!("d{i}"), 0.0, 0.0, w.round())),
        )
        .sites(c.sites.iter().enumerate().map(|(i, &(_, _, st, f))| {
            Site::new(format!("s{i}"), 0.0, 0.0)
                .with_status(st)
                .with_fixed_cost(f.round())
        }))
        .build()
        .unwrap();
    let rows = c
        .demand
        .iter()
        .map(|&(x, y, _)| {
            c.sites
                .iter()
                .enumerate()
                .filter_map(|(j, &(sx, sy, _, _))| {
                    let d = ((x - sx).powi(2) + (y - sy).powi(2)).sqrt().round();
                    (d <= c.cutoff).then_some((j as u32, d))
                })
                .collect()
        })
        .collect();
    let m = CostMatrix::from_rows(c.sites.len(), rows, Reach::cost_cutoff(c.cutoff));
    (problem, m)
}

/// Every set of `p` candidates on top of the existing sites (all sets of
/// any size when `p` is None), as open flags.
fn subsets(problem: &Problem, p: Option<usize>) -> Vec<Vec<bool>> {
    let cands = problem.sites_with_status(SiteStatus::Candidate);
    let existing = problem.sites_with_status(SiteStatus::Existing);
    let mut out = Vec::new();
    for mask in 0u32..(1 << cands.len()) {
        if p.is_some_and(|p| mask.count_ones() as usize != p) {
            continue;
        }
        let mut open = vec![false; problem.sites().len()];
        for &e in &existing {
            open[e] = true;
        }
        for (k, &s) in cands.iter().enumerate() {
            if mask >> k & 1 == 1 {
                open[s] = true;
            }
        }
        out.push(open);
    }
    out
}

/// The p-median objective: travel cost plus the penalty for every point
/// that some existing or candidate site reaches but no open one does
/// (points nothing reaches add nothing).
fn pmedian_cost(problem: &Problem, m: &CostMatrix, open: &[bool]) -> f64 {
    let e = evaluate(problem, m, open, None);
    let left: f64 = (0..m.n_demand())
        .filter(|&d| e.assignment[d].is_none())
        .filter(|&d| m.row(d).iter().any(|(s, _)| problem.sites()[s].can_open()))
        .map(|d| problem.demand()[d].weight)
        .sum();
    e.total_cost + unserved_penalty(m) * left
}

fn check_sites(problem: &Problem, plan: &Plan) {
    for (s, site) in problem.sites().iter().enumerate() {
        match site.status {
            SiteStatus::Existing => assert!(plan.open.contains(&s), "existing {s} closed"),
            SiteStatus::Excluded | SiteStatus::Competitor => {
                assert!(!plan.open.contains(&s), "{s} opened")
            }
            SiteStatus::Candidate => {}
        }
    }
}

fn config() -> Config {
    Config {
        cases: 48,
        rng_seed: RngSeed::Fixed(20_240_601),
        failure_persistence: None,
        ..Config::default()
    }
}

const TOL: f64 = 1e-6;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn pmedian_bound_optimum_objective(c in case(14, 9)) {
        let (problem, m) = build(&c);
        let n_cand = problem.sites_with_status(SiteStatus::Candidate).len();
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(c.p);
        let params = SolveParams::default();
        let plan = heuristic::solve(&problem, &m, &spec, &params);
        if c.p > n_cand {
            prop_assert!(plan.is_err());
            return Ok(());
        }
        let plan = plan.unwrap();
        let opt = subsets(&problem, Some(c.p))
            .iter()
            .map(|o| pmedian_cost(&problem, &m, o))
            .fold(f64::INFINITY, f64::min);
        let bound = plan.bound.unwrap();
        prop_assert!(bound <= opt + TOL, "bound {} > optimum {}", bound, opt);
        prop_assert!(opt <= plan.objective + TOL);
        prop_assert_eq!(plan.objective, pmedian_cost(&problem, &m, &plan.open_flags(c.sites.len())));
        prop_assert_eq!(plan.new.len(), c.p);
        check_sites(&problem, &plan);
        let exact = heuristic::solve_exact(&problem, &m, &spec, &params).unwrap();
        prop_assert!((exact.objective - opt).abs() <= TOL, "exact {} vs {}", exact.objective, opt);
        prop_assert_eq!(exact.status, PlanStatus::Optimal);
        // The MIP route solves the same model (the cutoff leaves points
        // unreachable, and p sites may leave reachable ones unserved).
        let mip_params = params.clone().with_method(Method::Exact).with_gap(0.0);
        let mip = siteplan::solve::exact::solve(&problem, &m, &spec, &mip_params).unwrap();
        prop_assert_eq!(mip.status, PlanStatus::Optimal);
        prop_assert!((mip.objective - opt).abs() <= TOL, "MIP {} vs {}", mip.objective, opt);
        prop_assert_eq!(mip.objective, pmedian_cost(&problem, &m, &mip.open_flags(c.sites.len())));
    }

    /// Co-located points (the same row) are one point to the search, their
    /// weights summed: plans and bounds still hold for every point.
    #[test]
    fn pmedian_with_co_located_points(c in case(10, 8), copies in 1usize..8) {
        let mut c = c;
        let twins: Vec<(f64, f64, f64)> = c.demand.iter().cycle().take(copies)
            .map(|&(x, y, w)| (x, y, w + 1.0)).collect();
        c.demand.extend(twins);
        let (problem, m) = build(&c);
        let n_cand = problem.sites_with_status(SiteStatus::Candidate).len();
        prop_assume!(c.p <= n_cand);
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(c.p);
        let params = SolveParams::default();
        let opt = subsets(&problem, Some(c.p))
            .iter()
            .map(|o| pmedian_cost(&problem, &m, o))
            .fold(f64::INFINITY, f64::min);
        for plan in [
            heuristic::solve(&problem, &m, &spec, &params).unwrap(),
            heuristic::solve_exact(&problem, &m, &spec, &params).unwrap(),
        ] {
            prop_assert!(plan.bound.unwrap() <= opt + TOL, "bound {:?} > optimum {}", plan.bound, opt);
            prop_assert!(opt <= plan.objective + TOL);
            prop_assert_eq!(plan.objective, pmedian_cost(&problem, &m, &plan.open_flags(c.sites.len())));
            if plan.status == PlanStatus::Optimal {
                prop_assert!((plan.objective - opt).abs() <= TOL, "{} vs {}", plan.objective, opt);
            }
        }
    }

    #[test]
    fn max_coverage_bound_optimum_objective(c in case(14, 9)) {
        let (problem, m) = build(&c);
        let n_cand = problem.sites_with_status(SiteStatus::Candidate).len();
        prop_assume!(c.p <= n_cand);
        let cover = c.cutoff * 0.5;
        let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(c.p).with_cutoff(cover);
        let plan = heuristic::solve(&problem, &m, &spec, &SolveParams::default()).unwrap();
        let opt = subsets(&problem, Some(c.p))
            .iter()
            .map(|o| evaluate(&problem, &m, o, Some(cover)).covered_weight)
            .fold(f64::NEG_INFINITY, f64::max);
        let bound = plan.bound.unwrap();
        prop_assert!(bound >= opt - TOL, "bound {} < optimum {}", bound, opt);
        prop_assert!(opt >= plan.objective - TOL);
        let e = evaluate(&problem, &m, &plan.open_flags(c.sites.len()), Some(cover));
        prop_assert_eq!(plan.objective, e.covered_weight);
        check_sites(&problem, &plan);
        let exact = heuristic::solve_exact(&problem, &m, &spec, &SolveParams::default()).unwrap();
        prop_assert!((exact.objective - opt).abs() <= TOL);
    }

    #[test]
    fn fixed_charge_bound_optimum_objective(c in case(12, 8)) {
        let (problem, m) = build(&c);
        let spec = ModelSpec::new(ModelKind::FixedCharge);
        let plan = heuristic::solve(&problem, &m, &spec, &SolveParams::default()).unwrap();
        let pen = fixed_charge_penalty(&problem, &m);
        // Points no existing or candidate site reaches add nothing.
        let reachable = |d: usize| m.row(d).iter().any(|(s, _)| problem.sites()[s].can_open());
        let cost = |open: &[bool]| {
            let e = evaluate(&problem, &m, open, None);
            let fixed: f64 = (0..open.len()).filter(|&s| open[s]).map(|s| problem.sites()[s].fixed_cost).sum();
            let left: f64 = (0..m.n_demand())
                .filter(|&d| e.assignment[d].is_none() && reachable(d))
                .map(|d| problem.demand()[d].weight)
                .sum();
            fixed + e.total_cost + pen * left
        };
        let opt = subsets(&problem, None).iter().map(|o| cost(o)).fold(f64::INFINITY, f64::min);
        let bound = plan.bound.unwrap();
        prop_assert!(bound <= opt * (1.0 + 1e-9) + TOL, "bound {} > optimum {}", bound, opt);
        prop_assert!(opt <= plan.objective * (1.0 + 1e-9) + TOL);
        let recomputed = cost(&plan.open_flags(c.sites.len()));
        prop_assert!((plan.objective - recomputed).abs() <= 1e-9 * recomputed.max(1.0));
        check_sites(&problem, &plan);
        // Without a budget or a limit on new sites the MIP route (every
        // reachable point served) solves the same model.
        let mip_params = SolveParams::default().with_method(Method::Exact).with_gap(0.0);
        let mip = siteplan::solve::exact::solve(&problem, &m, &spec, &mip_params).unwrap();
        prop_assert!((mip.objective - opt).abs() <= 1e-6 * opt.max(1.0), "MIP {} vs {}", mip.objective, opt);
    }

    #[test]
    fn set_cover_bound_optimum_objective(c in case(12, 8)) {
        let (problem, m) = build(&c);
        let cover = c.cutoff;
        let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(cover);
        let feasible: Vec<Vec<bool>> = subsets(&problem, None)
            .into_iter()
            .filter(|o| evaluate(&problem, &m, o, Some(cover)).unserved_points == 0)
            .collect();
        let plan = heuristic::solve(&problem, &m, &spec, &SolveParams::default());
        if feasible.is_empty() {
            prop_assert!(plan.is_err());
            return Ok(());
        }
        let plan = plan.unwrap();
        let n_new = |o: &Vec<bool>| (0..o.len()).filter(|&s| o[s] && problem.sites()[s].status == SiteStatus::Candidate).count() as f64;
        let opt = feasible.iter().map(n_new).fold(f64::INFINITY, f64::min);
        prop_assert!(plan.bound.unwrap() <= opt);
        prop_assert!(opt <= plan.objective);
        prop_assert_eq!(plan.objective, plan.new.len() as f64);
        prop_assert_eq!(evaluate(&problem, &m, &plan.open_flags(c.sites.len()), Some(cover)).unserved_points, 0);
        check_sites(&problem, &plan);
    }
}

/// A mid-size random instance from a fixed seed.
fn mid_size(seed: u64, nd: usize, ns: usize) -> Case {
    let mut s = seed;
    let mut next = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let demand = (0..nd)
        .map(|_| (100.0 * next(), 100.0 * next(), 1.0 + 9.0 * next()))
        .collect();
    let sites = (0..ns)
        .map(|i| {
            let st = if i % 17 == 0 {
                SiteStatus::Existing
            } else if i % 13 == 0 {
                SiteStatus::Excluded
            } else {
                SiteStatus::Candidate
            };
            (100.0 * next(), 100.0 * next(), st, 100.0 * next())
        })
        .collect();
    Case {
        demand,
        sites,
        cutoff: 35.0,
        p: 12,
    }
}

#[test]
fn mid_size_bounds_hold_and_objectives_recompute() {
    for seed in [1, 2, 3] {
        let c = mid_size(seed, 600, 80);
        let (problem, m) = build(&c);
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(c.p);
        let plan = heuristic::solve(&problem, &m, &spec, &SolveParams::default()).unwrap();
        assert!(plan.bound.unwrap() <= plan.objective);
        assert_eq!(
            plan.objective,
            pmedian_cost(&problem, &m, &plan.open_flags(80))
        );
        check_sites(&problem, &plan);
        let exact = heuristic::solve_exact(
            &problem,
            &m,
            &spec,
            &SolveParams::default().with_time_limit(5.0),
        )
        .unwrap();
        assert!(exact.objective <= plan.objective + TOL);
        assert!(exact.bound.unwrap() <= exact.objective + TOL);
        assert!(
            plan.bound.unwrap() <= exact.objective + TOL,
            "seed {seed}: heuristic bound above a plan"
        );
    }
}

#[test]
fn same_seed_same_plan_with_one_or_two_threads() {
    let c = mid_size(7, 1500, 120);
    let (problem, m) = build(&c);
    let opts = HeuristicOptions::default().with_restarts(6);
    for kind in [
        ModelKind::PMedian,
        ModelKind::MaxCoverage,
        ModelKind::FixedCharge,
    ] {
        let spec = ModelSpec::new(kind).with_new_sites(c.p).with_cutoff(20.0);
        // threads 0: run in the caller's pool.
        let params = SolveParams::default().with_threads(0).with_seed(42);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut plan = pool
                .install(|| heuristic::solve_with(&problem, &m, &spec, &params, &opts).unwrap());
            plan.stats.seconds = 0.0;
            plan
        };
        let one = run(1);
        let two = run(2);
        assert_eq!(one, two, "{kind}");
        let again = run(2);
        assert_eq!(two, again, "{kind}");
        // A different seed is allowed to differ but must be as valid.
        let other =
            heuristic::solve_with(&problem, &m, &spec, &params.clone().with_seed(43), &opts)
                .unwrap();
        check_sites(&problem, &other);
    }
}

#[test]
fn existing_sites_stay_open_and_count_as_not_new() {
    let c = mid_size(11, 400, 60);
    let (problem, m) = build(&c);
    let existing = problem.sites_with_status(SiteStatus::Existing);
    assert!(!existing.is_empty());
    for kind in [
        ModelKind::PMedian,
        ModelKind::MaxCoverage,
        ModelKind::FixedCharge,
        ModelKind::SetCover,
    ] {
        let spec = ModelSpec::new(kind).with_new_sites(5).with_cutoff(40.0);
        let plan = heuristic::solve(&problem, &m, &spec, &SolveParams::default()).unwrap();
        check_sites(&problem, &plan);
        for e in &existing {
            assert!(!plan.new.contains(e));
        }
        if matches!(kind, ModelKind::PMedian | ModelKind::MaxCoverage) {
            assert_eq!(plan.new.len(), 5);
        }
    }
}
